package customgrad

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

// The result used non-linearly (r²) and a per-row value over a rank-3 x, in float32.
func TestHiddenTask1WithGradient(t *testing.T) {
	x := []float64{0.5, -1, 2, 0.25, 1.5, -0.3, 1, 2}
	call := "gradient of Σ r², r = WithGradient(3x, x [2,2,2], grad=0.5) float32 (want 2·r·0.5 = 3x)"
	_, g := gx.ValueGrad(t, 1, call, func(xs []*Node) *Node {
		r := WithGradient(MulScalar(xs[0], 3), xs[0], MulScalar(OnesLike(xs[0]), 0.5))
		return ReduceAllSum(Mul(r, r))
	}, []int{0}, gx.Tensor(dtypes.Float32, x, 2, 2, 2))
	want := make([]float64, len(x))
	for i, v := range x {
		want[i] = 3 * v
	}
	check.Floats(t, 1, call, g[0], want, 1e-6)

	call = "gradient of Σ w·WithGradient(Σⱼ x³, x [2,2,2], grad=x), w=[[1 2] [-1 0.5]] float32"
	_, g = gx.ValueGrad(t, 1, call, func(xs []*Node) *Node {
		r := WithGradient(ReduceSum(Mul(xs[0], Square(xs[0])), -1), xs[0], xs[0])
		return ReduceAllSum(Mul(r, Const(xs[0].Graph(), [][]float32{{1, 2}, {-1, 0.5}})))
	}, []int{0}, gx.Tensor(dtypes.Float32, x, 2, 2, 2))
	w := []float64{1, 2, -1, 0.5}
	for i, v := range x {
		want[i] = w[i/2] * v
	}
	check.Floats(t, 1, call, g[0], want, 1e-6)
}

func TestHiddenTask2BCE(t *testing.T) {
	z := []float64{-5000, 5000, 2.5, -0.1, 0.9, -8}
	y := []float64{0.3, 0.6, 0, 1, 0.5, 0}
	call := "BCEWithLogits(logits=[-5000 5000 2.5 -0.1 0.9 -8] as [2,3], soft targets) float32"
	v, g := gx.ValueGrad(t, 2, call, func(xs []*Node) *Node { return BCEWithLogits(xs[0], xs[1]) }, []int{0},
		gx.Tensor(dtypes.Float32, z, 2, 3), gx.Tensor(dtypes.Float32, y, 2, 3))
	wv, wg := gx.ValueGrad(t, 2, "losses.BinaryCrossEntropyWithLogits", func(xs []*Node) *Node {
		return losses.BinaryCrossEntropyWithLogits(xs[0], xs[1])
	}, []int{0}, gx.Tensor(dtypes.Float64, z, 2, 3), gx.Tensor(dtypes.Float64, y, 2, 3))
	check.Float(t, 2, call, v, wv, 1e-6)
	check.Floats(t, 2, call+": gradient", g[0], wg[0], 1e-6)
}

func TestHiddenTask3SoftmaxCrossEntropy(t *testing.T) {
	z := []float64{
		2, -1, 0.5, 1e4, -1e4, 1e4,
		0.1, 0.2, 0.3, -2, 4, 1,
	}
	labels := []int{0, 0, 2, 1}
	call := "SoftmaxCrossEntropy(logits [2,2,3], labels [2,2]) float32"
	v, g := gx.ValueGrad(t, 3, call, func(xs []*Node) *Node { return SoftmaxCrossEntropy(xs[0], xs[1]) }, []int{0},
		gx.Tensor(dtypes.Float32, z, 2, 2, 3), gx.Int32s(labels, 2, 2))
	wv, wg := gx.ValueGrad(t, 3, "losses.SoftmaxCrossEntropy", func(xs []*Node) *Node {
		return losses.SoftmaxCrossEntropy(xs[0], xs[1])
	}, []int{0}, gx.Tensor(dtypes.Float64, z, 2, 2, 3), gx.Int32s(labels, 2, 2))
	// float32 spacing at 1e4 is 1e-3: LSE(1e4, −1e4, 1e4) − 1e4 = log 2 is only that exact.
	check.Float(t, 3, call, v, wv, 1e-3)
	check.Floats(t, 3, call+": gradient", g[0], wg[0], 1e-6)
	gx.GradCheck(t, 3, "SoftmaxCrossEntropy(logits [3,2], labels=[1 1 0]) float64: custom gradient vs finite differences", func(xs []*Node) *Node {
		return SoftmaxCrossEntropy(xs[0], Const(xs[0].Graph(), []int32{1, 1, 0}))
	}, []gradcheck.Input{{Values: []float64{0.3, -0.2, 1.5, 2, -1, 0.4}, Dims: []int{3, 2}}}, 1e-6)
}
