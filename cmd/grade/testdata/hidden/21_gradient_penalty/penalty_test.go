package penalty

// Hidden tests: added by cmd/grade at grading time (go test -overlay); not in the learner's folder.
// Self-contained: they use only exercises/internal and pkg/, no helper of the visible tests.

import (
	"testing"

	"github.com/gomlx/compute/dtypes"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/losscourse/losscourse/exercises/internal/check"
	"github.com/losscourse/losscourse/exercises/internal/gx"
	"github.com/losscourse/losscourse/pkg/gradcheck"
	"github.com/losscourse/losscourse/pkg/losses"
)

// hiddenCritic flattens x [B, 2, 2] to [B, 4] and scores it with sigmoid(x·W)·v (W [4,2], v [2]).
func hiddenCritic(w, v *Node) func(x *Node) *Node {
	return func(x *Node) *Node {
		b := x.Shape().Dimensions[0]
		h := Sigmoid(MatMul(Reshape(x, b, 4), w))
		return ReduceSum(Mul(h, ExpandAxes(v, 0)), -1)
	}
}

var (
	hidW    = []float64{0.5, -1, 0.8, 0.3, -0.6, 1.2, 0.9, -0.2}
	hidV    = []float64{2, -1.5}
	hidReal = []float64{1, 0, -1, 2, 0.5, 0.5, 1.5, -2}
	hidFake = []float64{0, 1, 1, -1, -0.5, 2, 0, 0}
	hidEps  = []float64{0.35, 0.8}
)

func TestHiddenTask1InterpolatePoints(t *testing.T) {
	call := "InterpolatePoints(real, fake [2,2,2], eps=[0.35 0.8]) float64"
	got := gx.Value(t, 1, call, func(xs []*Node) *Node { return InterpolatePoints(xs[0], xs[1], xs[2]) }, []int{2, 2, 2},
		gx.Tensor(dtypes.Float64, hidReal, 2, 2, 2), gx.Tensor(dtypes.Float64, hidFake, 2, 2, 2), gx.Tensor(dtypes.Float64, hidEps))
	want := make([]float64, 8)
	for i := range want {
		e := hidEps[i/4]
		want[i] = e*hidReal[i] + (1-e)*hidFake[i]
	}
	check.Floats(t, 1, call, got, want, 1e-12)
}

func TestHiddenTask2GradientPenalty(t *testing.T) {
	mine := func(xs []*Node) *Node { return GradientPenalty(hiddenCritic(xs[0], xs[1]), xs[2], xs[3], xs[4]) }
	lib := func(xs []*Node) *Node { return losses.GradientPenalty(hiddenCritic(xs[0], xs[1]), xs[2], xs[3], xs[4]) }
	for _, dt := range []dtypes.DType{dtypes.Float32, dtypes.Float64} {
		call := "GradientPenalty(sigmoid critic on [2,2,2] inputs) " + dt.String()
		v, g := gx.ValueGrad(t, 2, call, mine, []int{0, 1}, gx.Tensor(dt, hidW, 4, 2), gx.Tensor(dt, hidV),
			gx.Tensor(dt, hidReal, 2, 2, 2), gx.Tensor(dt, hidFake, 2, 2, 2), gx.Tensor(dt, hidEps))
		wv, wg := gx.ValueGrad(t, 2, "losses.GradientPenalty", lib, []int{0, 1}, gx.Tensor(dtypes.Float64, hidW, 4, 2), gx.Tensor(dtypes.Float64, hidV),
			gx.Tensor(dtypes.Float64, hidReal, 2, 2, 2), gx.Tensor(dtypes.Float64, hidFake, 2, 2, 2), gx.Tensor(dtypes.Float64, hidEps))
		check.Float(t, 2, call, v, wv, 1e-5)
		check.Floats(t, 2, call+": gradient with respect to W", g[0], wg[0], 1e-4)
		check.Floats(t, 2, call+": gradient with respect to v", g[1], wg[1], 1e-4)
	}
}

func TestHiddenTask3CriticLoss(t *testing.T) {
	gx.GradCheck(t, 3, "CriticLoss(sigmoid critic, lambda=10) float64: gradient with respect to the critic's weights vs finite differences",
		func(xs []*Node) *Node { return CriticLoss(hiddenCritic(xs[0], xs[1]), xs[2], xs[3], xs[4], 10) },
		[]gradcheck.Input{{Values: hidW, Dims: []int{4, 2}}, {Values: hidV, Dims: []int{2}},
			{Values: hidReal, Dims: []int{2, 2, 2}, NoGrad: true}, {Values: hidFake, Dims: []int{2, 2, 2}, NoGrad: true}, {Values: hidEps, Dims: []int{2}, NoGrad: true}}, 1e-6)
}
