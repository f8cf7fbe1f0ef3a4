package focaltrain

// This exercise trains small models with GoMLX: a longer per-task time limit for the grader.
// grade:timeout 2m

// Hidden tests: added by cmd/grade at grading time (go test -overlay); not in the learner's folder.
// Self-contained: they use only exercises/internal and pkg/, no helper of the visible tests.

import (
	"fmt"
	"testing"

	"github.com/gomlx/compute/dtypes"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/train"
	"github.com/gomlx/gomlx/ml/train/optimizer"
	"github.com/losscourse/losscourse/exercises/internal/check"
	"github.com/losscourse/losscourse/exercises/internal/gx"
	"github.com/losscourse/losscourse/pkg/data"
	"github.com/losscourse/losscourse/pkg/losses"
)

func TestHiddenTask1SigmoidFocalLoss(t *testing.T) {
	z := []float64{5000, -5000, 12, -12, 0.1, -0.2}
	y := []float64{0, 1, 1, 0, 1, 0}
	call := "SigmoidFocalLoss(logits=[5000 -5000 12 -12 0.1 -0.2] as [2,3], targets, gamma=0.3, alpha=0.6) float32"
	got, g := gx.ValueGrad(t, 1, call, func(xs []*Node) *Node { return SigmoidFocalLoss(xs[0], xs[1], 0.3, 0.6) }, []int{0},
		gx.Tensor(dtypes.Float32, z, 2, 3), gx.Tensor(dtypes.Float32, y, 2, 3))
	want, wg := gx.ValueGrad(t, 1, "losses.SigmoidFocalLoss", func(xs []*Node) *Node {
		return losses.SigmoidFocalLoss(xs[0], xs[1], losses.Gamma(0.3), losses.Alpha(0.6))
	}, []int{0}, gx.Tensor(dtypes.Float64, z, 2, 3), gx.Tensor(dtypes.Float64, y, 2, 3))
	check.Float(t, 1, call, got, want, 1e-6)
	check.Floats(t, 1, call+": gradient", g[0], wg[0], 1e-6)
}

func hiddenBlobs(t *testing.T, seed uint64) (tr, te *data.Classification) {
	t.Helper()
	ds, err := data.Blobs(data.BlobsOptions{N: 10200, Imbalance: 1.0 / 50, Separation: 1.6, Std: 1, Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	tr, te, err = ds.Split(0.4, seed+100)
	if err != nil {
		t.Fatal(err)
	}
	return tr, te
}

// hiddenRun trains with the learner's Train and returns the test logits.
func hiddenRun(t *testing.T, task int, lossName string, lossFn train.LossFn, tr, te *data.Classification, cfg Config) []float32 {
	t.Helper()
	call := fmt.Sprintf("Train(blobs, %s, %+v)", lossName, cfg)
	type result struct {
		store *model.Store
		err   error
	}
	res := check.Call(t, task, call, func() result { s, err := Train(gx.Backend(), tr, lossFn, cfg); return result{s, err} })
	if res.err != nil || res.store == nil {
		t.Fatalf("Task %d: %s: returned store %v, error %v", task, call, res.store, res.err)
	}
	if v := optimizer.GetGlobalStepVar(res.store); v == nil || !v.HasValue() || tensors.ToScalar[int64](v.MustValue()) != int64(cfg.Steps) {
		got := "none"
		if v != nil && v.HasValue() {
			got = fmt.Sprint(tensors.ToScalar[int64](v.MustValue()))
		}
		t.Fatalf("Task %d: %s: the optimizer's global step is %s, want %d (one step per batch, cfg.Steps batches)", task, call, got, cfg.Steps)
	}
	out, err := model.ExecOnce(gx.Backend(), res.store, func(scope *model.Scope, x *Node) *Node { return Model(scope, x) },
		tensors.FromFlatDataAndDimensions(te.FlatX32(), te.Len(), te.Dim()))
	if err != nil {
		t.Fatalf("Task %d: %s: running Model with the trained weights: %v", task, call, err)
	}
	return tensors.MustCopyFlatData[float32](out)
}

// Train honours cfg (steps, seed) and is reproducible: the same seed gives the same weights.
func TestHiddenTask2Train(t *testing.T) {
	tr, te := hiddenBlobs(t, 3)
	cfg := Config{Steps: 60, BatchSize: 128, LearningRate: 0.05, Seed: 3}
	bce := losses.LossFn(losses.BinaryCrossEntropyWithLogits)
	a := hiddenRun(t, 2, "plain BCE", bce, tr, te, cfg)
	b := hiddenRun(t, 2, "plain BCE", bce, tr, te, cfg)
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("Task 2: two Train runs with the same %+v give different models (test logit %d: %v vs %v): seed the store with model.ParamInitialSeed = int64(cfg.Seed)", cfg, i, a[i], b[i])
		}
	}
}

func TestHiddenTask3FocalLossFn(t *testing.T) {
	seeds := []uint64{7, 9}
	var sum float64
	for _, seed := range seeds {
		tr, te := hiddenBlobs(t, seed)
		cfg := DefaultConfig
		cfg.Seed = seed
		logits := hiddenRun(t, 3, "FocalLossFn(2, 0.75)", FocalLossFn(2, 0.75), tr, te, cfg)
		tp, pos := 0, 0
		for i, label := range te.Y {
			if label == 1 {
				pos++
				if logits[i] > 0 {
					tp++
				}
			}
		}
		sum += float64(tp) / float64(pos)
	}
	// Reference solution: focal 0.863 and 0.838; plain BCE 0.650 and 0.675.
	if mean := sum / float64(len(seeds)); mean < 0.78 {
		t.Errorf("Task 3: Train(blobs, FocalLossFn(2, 0.75)): mean minority recall over seeds %v is %.3f, want ≥ 0.78", seeds, mean)
	}
}
