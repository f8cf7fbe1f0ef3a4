package customgrad

import (
	"fmt"
	"math"
	"testing"

	"github.com/gomlx/compute/dtypes"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/losscourse/losscourse/exercises/internal/check"
	"github.com/losscourse/losscourse/exercises/internal/gx"
	"github.com/losscourse/losscourse/pkg/gradcheck"
	"github.com/losscourse/losscourse/pkg/losses"
)

var (
	f32 = dtypes.Float32
	f64 = dtypes.Float64
)

// Task 1
func TestTask1WithGradient(t *testing.T) {
	// value = sin(x)·y, whose true gradient is cos(x)·y; we attach the (deliberately
	// different) gradient x², and weight the result with w so the adjoint is not uniform.
	x := []float64{0.5, -1, 2, 0.25, 1.5, -0.3}
	y := []float64{2, 1, -1, 3, 0.5, 1}
	w := []float64{1, -2, 0.5, 3, 1, -1}
	for _, dt := range []dtypes.DType{f64, f32} {
		call := fmt.Sprintf("WithGradient(value=sin(x)·y, x=%v, grad=x²) %s", x, dt)
		got := gx.Value(t, 1, call, func(xs []*Node) *Node {
			return WithGradient(Mul(Sin(xs[0]), xs[1]), xs[0], Square(xs[0]))
		}, []int{2, 3}, gx.Tensor(dt, x, 2, 3), gx.Tensor(dt, y, 2, 3))
		want := make([]float64, len(x))
		wantGx := make([]float64, len(x))
		for i := range x {
			want[i] = math.Sin(x[i]) * y[i]
			wantGx[i] = w[i] * x[i] * x[i]
		}
		tol := 1e-12
		if dt == f32 {
			tol = 1e-6
		}
		check.Floats(t, 1, call+": value", got, want, tol)
		gcall := fmt.Sprintf("gradient of Σ w·WithGradient(sin(x)·y, x, x²), w=%v, %s", w, dt)
		_, g := gx.ValueGrad(t, 1, gcall, func(xs []*Node) *Node {
			r := WithGradient(Mul(Sin(xs[0]), xs[1]), xs[0], Square(xs[0]))
			return ReduceAllSum(Mul(r, xs[2]))
		}, []int{0, 1}, gx.Tensor(dt, x, 2, 3), gx.Tensor(dt, y, 2, 3), gx.Tensor(dt, w, 2, 3))
		check.Floats(t, 1, gcall+" with respect to x (want w·x²)", g[0], wantGx, tol)
		check.Floats(t, 1, gcall+" with respect to y (want 0: value's own gradient is replaced)", g[1], make([]float64, len(x)), tol)
	}

	// A per-row value (x's shape without its last axis): value = Σⱼ xᵢⱼ², grad = cos(x).
	call := "gradient of Σᵢ wᵢ·WithGradient(Σⱼ x², x [2,3], grad=cos(x)), w=[1 -3]"
	_, g := gx.ValueGrad(t, 1, call, func(xs []*Node) *Node {
		r := WithGradient(ReduceSum(Square(xs[0]), -1), xs[0], Cos(xs[0]))
		return ReduceAllSum(Mul(r, Const(xs[0].Graph(), []float64{1, -3})))
	}, []int{0}, gx.Tensor(f64, x, 2, 3))
	wantG := make([]float64, len(x))
	for i := range x {
		wantG[i] = []float64{1, -3}[i/3] * math.Cos(x[i])
	}
	check.Floats(t, 1, call, g[0], wantG, 1e-12)
	got := gx.Value(t, 1, "WithGradient(Σⱼ x², x [2,3], cos(x))", func(xs []*Node) *Node {
		return WithGradient(ReduceSum(Square(xs[0]), -1), xs[0], Cos(xs[0]))
	}, []int{2}, gx.Tensor(f64, x, 2, 3))
	check.Floats(t, 1, "WithGradient(Σⱼ x², x [2,3], cos(x)): value", got, []float64{0.25 + 1 + 4, 0.0625 + 2.25 + 0.09}, 1e-12)
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// Task 2
func TestTask2BCE(t *testing.T) {
	z := []float64{1e4, -1e4, 30, -30, 0.7, -1.3}
	y := []float64{0, 1, 1, 0, 0.25, 1}
	call := fmt.Sprintf("BCEGrad(logits=%v, targets=%v) float32", z, y)
	got := gx.Value(t, 2, call, func(xs []*Node) *Node { return BCEGrad(xs[0], xs[1]) }, []int{6}, gx.Tensor(f32, z), gx.Tensor(f32, y))
	want := make([]float64, len(z))
	for i := range z {
		want[i] = sigmoid(z[i]) - y[i]
	}
	check.Floats(t, 2, call, got, want, 1e-6)

	// The loss: right value AND right gradient (pkg/losses is the reference), in float64 and float32.
	mine := func(xs []*Node) *Node { return BCEWithLogits(xs[0], xs[1]) }
	lib := func(xs []*Node) *Node { return losses.BinaryCrossEntropyWithLogits(xs[0], xs[1]) }
	for _, dt := range []dtypes.DType{f64, f32} {
		call = fmt.Sprintf("BCEWithLogits(logits=%v, targets=%v) %s", z, y, dt)
		v, g := gx.ValueGrad(t, 2, call, mine, []int{0}, gx.Tensor(dt, z), gx.Tensor(dt, y))
		wv, wg := gx.ValueGrad(t, 2, "losses.BinaryCrossEntropyWithLogits", lib, []int{0}, gx.Tensor(f64, z), gx.Tensor(f64, y))
		check.Float(t, 2, call+": value", v, wv, 1e-6)
		check.Floats(t, 2, call+": gradient", g[0], wg[0], 1e-6)
	}
	gx.GradCheck(t, 2, "BCEWithLogits(logits [5], targets [5]) float64: custom gradient vs finite differences", mine, []gradcheck.Input{
		{Values: []float64{-2.5, -0.4, 0.3, 1.7, 4}, Dims: []int{5}},
		{Values: []float64{1, 0, 0.6, 0, 1}, Dims: []int{5}, NoGrad: true},
	}, 1e-6)
}

// Task 3
func TestTask3SoftmaxCrossEntropy(t *testing.T) {
	z := []float64{1e4, 0, -1e4, 0.5, 2, -1, 1e4, 1e4, 0}
	labels := []int{1, 1, 0}
	call := fmt.Sprintf("SoftmaxCEGrad(logits=%v as [3,3], labels=%v) float32", z, labels)
	got := gx.Value(t, 3, call, func(xs []*Node) *Node { return SoftmaxCEGrad(xs[0], xs[1]) }, []int{3, 3}, gx.Tensor(f32, z, 3, 3), gx.Int32s(labels))
	e := math.Exp(0.5) + math.Exp(2) + math.Exp(-1)
	want := []float64{1, -1, 0, math.Exp(0.5) / e, math.Exp(2)/e - 1, math.Exp(-1) / e, -0.5, 0.5, 0}
	check.Floats(t, 3, call, got, want, 1e-6)

	mine := func(xs []*Node) *Node { return SoftmaxCrossEntropy(xs[0], xs[1]) }
	lib := func(xs []*Node) *Node { return losses.SoftmaxCrossEntropy(xs[0], xs[1]) }
	for _, dt := range []dtypes.DType{f64, f32} {
		call = fmt.Sprintf("SoftmaxCrossEntropy(logits=%v as [3,3], labels=%v) %s", z, labels, dt)
		v, g := gx.ValueGrad(t, 3, call, mine, []int{0}, gx.Tensor(dt, z, 3, 3), gx.Int32s(labels))
		wv, wg := gx.ValueGrad(t, 3, "losses.SoftmaxCrossEntropy", lib, []int{0}, gx.Tensor(f64, z, 3, 3), gx.Int32s(labels))
		check.Float(t, 3, call+": value", v, wv, 1e-6)
		check.Floats(t, 3, call+": gradient", g[0], wg[0], 1e-6)
	}
	gx.GradCheck(t, 3, "SoftmaxCrossEntropy(logits [2,4], labels=[3 0]) float64: custom gradient vs finite differences", func(xs []*Node) *Node {
		return SoftmaxCrossEntropy(xs[0], Const(xs[0].Graph(), []int32{3, 0}))
	}, []gradcheck.Input{{Values: []float64{0.2, -1, 1.5, 0.3, 2, 0, -0.5, 1}, Dims: []int{2, 4}}}, 1e-6)
}
