package data

import (
	"math"
	"testing"

	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/layers"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/train"
	"github.com/gomlx/gomlx/ml/train/loss"
	"github.com/gomlx/gomlx/ml/train/optimizer"
	"github.com/losscourse/losscourse/pkg/backend"
)

// TestDatasetWithGoMLXLoop trains a logistic regression on well-separated blobs
// with train.Loop: RunEpochs (one Iter per epoch) and RunSteps on an Infinite
// Dataset (more steps than one epoch has batches) must both work, and the loss
// must drop.
func TestDatasetWithGoMLXLoop(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles a GoMLX graph")
	}
	b := backend.ForTests()[0].Backend
	blobs, err := Blobs(BlobsOptions{N: 256, Std: 0.5, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	modelFn := func(scope *model.Scope, _ any, inputs []*Node) []*Node {
		return []*Node{layers.DenseWithBias(scope.In("logits"), inputs[0], 2)}
	}
	lossFn := func(labels, predictions []*Node) *Node {
		// Dataset labels are int32 [B]; GoMLX's sparse loss wants [B,1].
		return loss.SparseCategoricalCrossEntropyLogits([]*Node{ExpandAxes(labels[0], -1)}, predictions)
	}
	for _, infinite := range []bool{false, true} {
		store := model.NewStore()
		store.SetParam(model.ParamInitialSeed, int64(42))
		trainer := train.NewTrainer(b, store, modelFn, lossFn,
			optimizer.StochasticGradientDescent().WithLearningRate(0.5).Done(), nil, nil)
		loop := train.NewLoop(trainer)
		ds, err := blobs.Dataset(DatasetOptions{Name: "blobs", BatchSize: 64, Shuffle: true, Seed: 2, Infinite: infinite})
		if err != nil {
			t.Fatal(err)
		}
		evalDS, _ := blobs.Dataset(DatasetOptions{Name: "eval", BatchSize: 256})
		before, err := trainer.Eval(evalDS)
		if err != nil {
			t.Fatal(err)
		}
		if infinite {
			_, err = loop.RunSteps(ds, 10) // 10 steps > 4 batches per epoch
		} else {
			_, err = loop.RunEpochs(ds, 3)
		}
		if err != nil {
			t.Fatalf("infinite=%v: training failed: %+v", infinite, err)
		}
		after, err := trainer.Eval(evalDS)
		if err != nil {
			t.Fatal(err)
		}
		l0, l1 := toF64(before[0].Value()), toF64(after[0].Value())
		t.Logf("infinite=%v: eval loss %.4f → %.4f", infinite, l0, l1)
		if !(l1 < l0/2) || math.IsNaN(l1) {
			t.Errorf("infinite=%v: eval loss went from %g to %g, want it at least halved", infinite, l0, l1)
		}
	}
}

func toF64(v any) float64 {
	switch x := v.(type) {
	case float32:
		return float64(x)
	case float64:
		return x
	}
	return math.NaN()
}
