package vaetrain

// This exercise trains small models with GoMLX: a longer per-task time limit for the grader.
// grade:timeout 2m

// Hidden tests: added by cmd/grade at grading time (go test -overlay); not in the learner's folder.
// Self-contained: they use only exercises/internal and pkg/, no helper of the visible tests.

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gomlx/compute/dtypes"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/train/optimizer"
	"github.com/losscourse/losscourse/exercises/internal/check"
	"github.com/losscourse/losscourse/exercises/internal/gx"
	"github.com/losscourse/losscourse/pkg/data"
	"github.com/losscourse/losscourse/pkg/losses"
)

func TestHiddenTask1Reparameterize(t *testing.T) {
	call := "gradient of Σ Reparameterize(mean, logVar=[1 -1], eps=[2 -3]) with respect to logVar (want ½·σ·ε) float64"
	_, g := gx.ValueGrad(t, 1, call, func(xs []*Node) *Node { return ReduceAllSum(Reparameterize(xs[0], xs[1], xs[2])) }, []int{0, 1, 2},
		gx.Tensor(dtypes.Float64, []float64{0.3, 0.4}), gx.Tensor(dtypes.Float64, []float64{1, -1}), gx.Tensor(dtypes.Float64, []float64{2, -3}))
	check.Floats(t, 1, call, g[1], []float64{0.5 * math.Exp(0.5) * 2, 0.5 * math.Exp(-0.5) * -3}, 1e-12)
	check.Floats(t, 1, "...with respect to mean (want 1)", g[0], []float64{1, 1}, 1e-12)
}

func TestHiddenTask2NegativeELBO(t *testing.T) {
	r := rand.New(rand.NewPCG(2222, 3))
	b, d, k := 4, 6, 3
	x, logits, mean, logVar := make([]float64, b*d), make([]float64, b*d), make([]float64, b*k), make([]float64, b*k)
	for i := range x {
		x[i], logits[i] = float64(r.IntN(2)), 10*r.Float64()-5
	}
	for i := range mean {
		mean[i], logVar[i] = 3*r.Float64()-1.5, 4*r.Float64()-3
	}
	in := func(dt dtypes.DType) []*tensors.Tensor {
		return []*tensors.Tensor{gx.Tensor(dt, x, b, d), gx.Tensor(dt, logits, b, d), gx.Tensor(dt, mean, b, k), gx.Tensor(dt, logVar, b, k)}
	}
	call := "NegativeELBO(binary x [4,6], logits [4,6], mean [4,3], logVar [4,3]) float32"
	got, g := gx.ValueGrad(t, 2, call, func(xs []*Node) *Node { return NegativeELBO(xs[0], xs[1], xs[2], xs[3]) }, []int{1, 2, 3}, in(dtypes.Float32)...)
	want, wg := gx.ValueGrad(t, 2, "losses.VAELoss", func(xs []*Node) *Node { return losses.VAELoss(xs[0], xs[1], xs[2], xs[3]).Total }, []int{1, 2, 3}, in(dtypes.Float64)...)
	check.Float(t, 2, call, got, want, 1e-5)
	for i, name := range []string{"logits", "mean", "logVar"} {
		check.Floats(t, 2, call+": gradient with respect to "+name, g[i], wg[i], 1e-5)
	}
}

func TestHiddenTask3ELBOLossFn(t *testing.T) {
	x := []float64{0, 1, 1, 0.25, 0.75, 0}
	logits, mean, logVar := []float64{-2, 3, 0.5, 1, -1, 4}, []float64{1, 0, -0.5, 2}, []float64{0.5, -0.5, 1, 0}
	call := "ELBOLossFn()(labels={x [2,3]}, predictions={logits [2,3], mean [2,2], logVar [2,2]}) float64"
	in := func() []*tensors.Tensor {
		return []*tensors.Tensor{gx.Tensor(dtypes.Float64, x, 2, 3), gx.Tensor(dtypes.Float64, logits, 2, 3),
			gx.Tensor(dtypes.Float64, mean, 2, 2), gx.Tensor(dtypes.Float64, logVar, 2, 2)}
	}
	got := gx.Value(t, 3, call, func(xs []*Node) *Node { return ELBOLossFn()([]*Node{xs[0]}, xs[1:]) }, nil, in()...)
	want := gx.Value(t, 3, "losses.VAELoss", func(xs []*Node) *Node { return losses.VAELoss(xs[0], xs[1], xs[2], xs[3]).Total }, nil, in()...)
	check.Float(t, 3, call, got[0], want[0], 1e-12)
}

// hiddenTrain runs the learner's Train and checks the step count; it returns the store.
func hiddenTrain(t *testing.T, tr *data.Classification, cfg Config) *model.Store {
	t.Helper()
	call := fmt.Sprintf("Train(digits, %+v)", cfg)
	type result struct {
		store *model.Store
		err   error
	}
	res := check.Call(t, 4, call, func() result { s, err := Train(gx.Backend(), tr, cfg); return result{s, err} })
	if res.err != nil || res.store == nil {
		t.Fatalf("Task 4: %s: returned store %v, error %v", call, res.store, res.err)
	}
	if v := optimizer.GetGlobalStepVar(res.store); v == nil || !v.HasValue() || tensors.ToScalar[int64](v.MustValue()) != int64(cfg.Steps) {
		got := "none"
		if v != nil && v.HasValue() {
			got = fmt.Sprint(tensors.ToScalar[int64](v.MustValue()))
		}
		t.Fatalf("Task 4: %s: the optimizer's global step is %s, want %d (one step per batch, cfg.Steps batches)", call, got, cfg.Steps)
	}
	return res.store
}

// Another seed beats the mean-image baseline too, and cfg.Steps is honoured.
func TestHiddenTask4Train(t *testing.T) {
	d, err := data.LoadDigits()
	if err != nil {
		t.Fatal(err)
	}
	tr, te, err := d.Split(0.2, 1)
	if err != nil {
		t.Fatal(err)
	}
	hiddenTrain(t, tr, Config{Steps: 40, BatchSize: 32, LearningRate: 0.01, Seed: 5})

	cfg := DefaultConfig
	cfg.Seed = 2
	store := hiddenTrain(t, tr, cfg)
	m := make([]float64, Pixels)
	for _, row := range tr.X {
		for j, v := range row {
			m[j] += v / float64(tr.Len())
		}
	}
	base := 0.0
	for _, row := range te.X {
		for j, v := range row {
			p := math.Min(math.Max(m[j], 1e-6), 1-1e-6)
			base -= (v*math.Log(p) + (1-v)*math.Log(1-p)) / float64(te.Len())
		}
	}
	const samples = 8
	n := te.Len()
	x := make([]float32, 0, samples*n*Pixels)
	for range samples {
		x = append(x, te.FlatX32()...)
	}
	rng := rand.New(rand.NewPCG(77, 22))
	eps := make([]float32, samples*n*Latent)
	for i := range eps {
		eps[i] = float32(rng.NormFloat64())
	}
	out, err := model.ExecOnce(gx.Backend(), store, func(scope *model.Scope, x, eps *Node) *Node {
		mean, logVar := Encode(scope, x)
		return losses.VAELoss(x, Decode(scope, Add(mean, Mul(Exp(MulScalar(logVar, 0.5)), eps))), mean, logVar).Total
	}, tensors.FromFlatDataAndDimensions(x, samples*n, Pixels), tensors.FromFlatDataAndDimensions(eps, samples*n, Latent))
	if err != nil {
		t.Fatalf("Task 4: evaluating the trained VAE: %v", err)
	}
	if negELBO := float64(tensors.ToScalar[float32](out)); !(negELBO < base) {
		t.Errorf("Task 4: Train(digits, %+v): test −ELBO %.3f nats per image, want below the mean-image baseline %.3f", cfg, negELBO, base)
	}
}
