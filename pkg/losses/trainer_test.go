package losses

import (
	"testing"

	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/train"
	"github.com/gomlx/gomlx/ml/train/optimizer"
	"github.com/stretchr/testify/require"
)

// linearModel is y = x·W + b with W [in, out], b [out].
func linearModel(out int) func(scope *model.Scope, x *Node) *Node {
	return func(scope *model.Scope, x *Node) *Node {
		in := x.Shape().Dimensions[1]
		w := scope.VariableWithShape("w", shapes.Make(x.DType(), in, out)).NodeValue(x)
		b := scope.VariableWithShape("b", shapes.Make(x.DType(), 1, out)).NodeValue(x)
		return Add(MatMul(x, w), b)
	}
}

// trainSteps runs n TrainSteps on the same batch (fresh tensors each step: the
// trainer takes ownership) and returns the loss of each step.
func trainSteps(t *testing.T, trainer *train.Trainer, n int, batch func() train.Batch) []float32 {
	t.Helper()
	losses := make([]float32, n)
	for i := range losses {
		metrics, err := trainer.TrainStep(batch())
		require.NoErrorf(t, err, "TrainStep %d", i)
		losses[i] = tensors.ToScalar[float32](metrics[0])
	}
	return losses
}

func TestLossFnTrainsWithAdam(t *testing.T) {
	b := testBackends()[0].Backend
	xs := [][]float32{{1, 2}, {0, 1}, {-1, 0.5}, {2, -1}}
	ys := [][]float32{{5}, {2}, {-0.5}, {1}} // y = x₀ + 2·x₁ + 0
	store := model.NewStore()
	store.SetParam(model.ParamInitialSeed, int64(42))
	trainer := train.NewTrainer(b, store, linearModel(1), LossFn(MeanSquaredError), optimizer.Adam().LearningRate(0.05).Done(), nil, nil)
	losses := trainSteps(t, trainer, 60, func() train.Batch {
		return train.Batch{Inputs: []*tensors.Tensor{tensors.FromValue(xs)}, Labels: []*tensors.Tensor{tensors.FromValue(ys)}}
	})
	t.Logf("MeanSquaredError via LossFn + Adam: loss at steps 0, 10, 30, 59: %.4f %.4f %.4f %.4f", losses[0], losses[10], losses[30], losses[59])
	if !(losses[59] < 0.1*losses[0]) {
		t.Errorf("training a linear model with LossFn(MeanSquaredError) and Adam: loss went from %g to %g, want it to fall below 10%% of the start", losses[0], losses[59])
	}
}

func TestLossFnExtraLabelsAreWeightsAndMask(t *testing.T) {
	b := testBackends()[0].Backend
	pred := [][]float32{{1}, {2}, {3}}
	tgt := [][]float32{{1}, {0}, {0}}
	weights := []float32{0, 1, 3}
	mask := []bool{true, true, false}
	lossFn := LossFn(MeanSquaredError)
	cases := []struct {
		name   string
		extras func(g *Graph) []*Node
		want   float64
	}{
		{"none", func(g *Graph) []*Node { return nil }, 13.0 / 3},
		{"weights [batch] for a [batch, 1] loss", func(g *Graph) []*Node { return []*Node{Const(g, weights)} }, (4 + 27) / 4.0},
		{"mask then weights", func(g *Graph) []*Node { return []*Node{Const(g, mask), Const(g, weights)} }, 4},
		{"mask", func(g *Graph) []*Node { return []*Node{Const(g, mask)} }, 2},
	}
	for _, c := range cases {
		got := execScalar(t, b, func(g *Graph) *Node {
			labels := append([]*Node{Const(g, tgt)}, c.extras(g)...)
			return lossFn(labels, []*Node{Const(g, pred)})
		})
		require.InDeltaf(t, c.want, got, 1e-6, "LossFn(MeanSquaredError) with extra labels %s: got %g, want %g", c.name, got, c.want)
	}
}

// TestVAELossFnTrains trains a tiny linear "VAE" (with a fixed reparameterisation
// noise fed as an input) through VAELossFn and Adam.
func TestVAELossFnTrains(t *testing.T) {
	b := testBackends()[0].Backend
	xs := [][]float32{{1, 0, 1, 0}, {0, 1, 0, 1}, {1, 1, 0, 0}}
	noise := [][]float32{{0.3, -0.2}, {-0.5, 0.1}, {0.0, 0.4}}
	modelFn := func(scope *model.Scope, spec any, inputs []*Node) []*Node {
		x, eps := inputs[0], inputs[1]
		mean := linearModel(2)(scope.In("mean"), x)
		logVar := linearModel(2)(scope.In("logvar"), x)
		z := Add(mean, Mul(Exp(MulScalar(logVar, 0.5)), eps))
		logits := linearModel(4)(scope.In("decoder"), z)
		return []*Node{logits, mean, logVar}
	}
	store := model.NewStore()
	store.SetParam(model.ParamInitialSeed, int64(7))
	trainer := train.NewTrainer(b, store, modelFn, VAELossFn(KLWeight(0.5)), optimizer.Adam().LearningRate(0.05).Done(), nil, nil)
	losses := trainSteps(t, trainer, 60, func() train.Batch {
		return train.Batch{Inputs: []*tensors.Tensor{tensors.FromValue(xs), tensors.FromValue(noise)}, Labels: []*tensors.Tensor{tensors.FromValue(xs)}}
	})
	t.Logf("VAELossFn + Adam: loss at steps 0, 59: %.4f %.4f", losses[0], losses[59])
	if !(losses[59] < 0.7*losses[0]) {
		t.Errorf("training a linear VAE with VAELossFn: loss went from %g to %g, want it to fall below 70%% of the start", losses[0], losses[59])
	}
}

func TestLossFnBadInput(t *testing.T) {
	f32 := func(g *Graph, dims ...int) *Node { return Zeros(g, shapes.Make(dtypes.Float32, dims...)) }
	expectLossError(t, "two predictions", func(g *Graph) {
		LossFn(MeanSquaredError)([]*Node{f32(g, 2)}, []*Node{f32(g, 2), f32(g, 2)})
	}, "losses.LossFn", "predictions", "exactly 1")
	expectLossError(t, "no labels", func(g *Graph) {
		LossFn(MeanSquaredError)(nil, []*Node{f32(g, 2)})
	}, "losses.LossFn", "labels")
	expectLossError(t, "two weights tensors", func(g *Graph) {
		LossFn(MeanSquaredError)([]*Node{f32(g, 2), f32(g, 2), f32(g, 2)}, []*Node{f32(g, 2)})
	}, "losses.LossFn", "labels[2]")
	expectLossError(t, "weights of the wrong shape", func(g *Graph) {
		LossFn(MeanSquaredError)([]*Node{f32(g, 2), f32(g, 3)}, []*Node{f32(g, 2)})
	}, "losses.MeanSquaredError", "Weights", "[3]")
	expectLossError(t, "VAE with 1 prediction", func(g *Graph) {
		VAELossFn()([]*Node{f32(g, 2, 4)}, []*Node{f32(g, 2, 4)})
	}, "losses.VAELossFn", "predictions", "3 tensors")
}
