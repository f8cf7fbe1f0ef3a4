package penalty

import (
	"fmt"
	"math"
	"testing"

	"github.com/gomlx/compute/dtypes"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/losscourse/losscourse/exercises/internal/check"
	"github.com/losscourse/losscourse/exercises/internal/gx"
	"github.com/losscourse/losscourse/pkg/gradcheck"
	"github.com/losscourse/losscourse/pkg/losses"
)

var (
	f32 = dtypes.Float32
	f64 = dtypes.Float64
)

// mlpCritic is score(x) = tanh(x·W1 + b1)·w2 for x [B, D] (W1 [D, H], b1 [H], w2 [H]).
func mlpCritic(w1, b1, w2 *Node) func(x *Node) *Node {
	return func(x *Node) *Node {
		h := Tanh(Add(MatMul(x, w1), ExpandAxes(b1, 0)))
		return ReduceSum(Mul(h, ExpandAxes(w2, 0)), -1)
	}
}

// A batch of 3 examples in 2-D and the critic's parameters (D = 2, H = 3).
var (
	xReal = []float64{1, 2, -0.5, 0.3, 2, -1}
	xFake = []float64{0, -1, 0.7, 0.9, -1.5, 0.2}
	eps   = []float64{0.2, 0.9, 0.5}
	w1    = []float64{0.8, -0.4, 1.1, 0.3, 0.9, -0.7}
	b1    = []float64{0.1, -0.2, 0.05}
	w2    = []float64{1.2, -0.8, 0.6}
)

// Task 1
func TestTask1InterpolatePoints(t *testing.T) {
	call := fmt.Sprintf("InterpolatePoints(real=%v, fake=%v as [3,2], eps=%v) float64", xReal, xFake, eps)
	got := gx.Value(t, 1, call, func(xs []*Node) *Node { return InterpolatePoints(xs[0], xs[1], xs[2]) }, []int{3, 2},
		gx.Tensor(f64, xReal, 3, 2), gx.Tensor(f64, xFake, 3, 2), gx.Tensor(f64, eps))
	want := make([]float64, 6)
	for i := range want {
		e := eps[i/2]
		want[i] = e*xReal[i] + (1-e)*xFake[i]
	}
	check.Floats(t, 1, call, got, want, 1e-12)

	// Rank 3: one ε per example, broadcast over both other axes.
	r3, f3 := []float64{1, 2, 3, 4, 5, 6, 7, 8}, []float64{0, 0, 0, 0, 1, 1, 1, 1}
	call = "InterpolatePoints(real=[1..8] as [2,2,2], fake=[0 0 0 0 1 1 1 1] as [2,2,2], eps=[0.5 0.25]) float32"
	got = gx.Value(t, 1, call, func(xs []*Node) *Node { return InterpolatePoints(xs[0], xs[1], xs[2]) }, []int{2, 2, 2},
		gx.Tensor(f32, r3, 2, 2, 2), gx.Tensor(f32, f3, 2, 2, 2), gx.Tensor(f32, []float64{0.5, 0.25}))
	check.Floats(t, 1, call, got, []float64{0.5, 1, 1.5, 2, 2, 2.25, 2.5, 2.75}, 1e-6)
}

// Task 2
func TestTask2GradientPenalty(t *testing.T) {
	// A linear critic 3·x₀ + 4·x₁ has ‖∇‖ = 5 everywhere: (5 − 1)² = 16.
	for _, dt := range []dtypes.DType{f64, f32} {
		call := fmt.Sprintf("GradientPenalty(critic(x) = 3·x₀ + 4·x₁, real, fake [3,2], eps=%v) %s", eps, dt)
		got := gx.Value(t, 2, call, func(xs []*Node) *Node {
			lin := func(x *Node) *Node { return ReduceSum(Mul(x, Const(x.Graph(), [][]float64{{3, 4}})), -1) }
			if dt == f32 {
				lin = func(x *Node) *Node { return ReduceSum(Mul(x, Const(x.Graph(), [][]float32{{3, 4}})), -1) }
			}
			return GradientPenalty(lin, xs[0], xs[1], xs[2])
		}, nil, gx.Tensor(dt, xReal, 3, 2), gx.Tensor(dt, xFake, 3, 2), gx.Tensor(dt, eps))
		check.Float(t, 2, call, got[0], 16, 1e-6)
	}

	// critic(x) = ½‖x‖²: its input gradient at x̂ᵢ is x̂ᵢ, so each example has its own norm.
	call := "GradientPenalty(critic(x) = ½‖x‖², real, fake [3,2], eps) float64"
	got := gx.Value(t, 2, call, func(xs []*Node) *Node {
		return GradientPenalty(func(x *Node) *Node { return MulScalar(ReduceSum(Square(x), -1), 0.5) }, xs[0], xs[1], xs[2])
	}, nil, gx.Tensor(f64, xReal, 3, 2), gx.Tensor(f64, xFake, 3, 2), gx.Tensor(f64, eps))
	want := 0.0
	for i := 0; i < 3; i++ {
		a := eps[i]*xReal[2*i] + (1-eps[i])*xFake[2*i]
		b := eps[i]*xReal[2*i+1] + (1-eps[i])*xFake[2*i+1]
		want += math.Pow(math.Hypot(a, b)-1, 2) / 3
	}
	check.Float(t, 2, call, got[0], want, 1e-12)

	// A tanh critic: value and second-order gradient with respect to its weights,
	// against pkg/losses and against finite differences of your penalty.
	mine := func(xs []*Node) *Node { return GradientPenalty(mlpCritic(xs[0], xs[1], xs[2]), xs[3], xs[4], xs[5]) }
	lib := func(xs []*Node) *Node {
		return losses.GradientPenalty(mlpCritic(xs[0], xs[1], xs[2]), xs[3], xs[4], xs[5])
	}
	in := func() []*tensors.Tensor {
		return []*tensors.Tensor{gx.Tensor(f64, w1, 2, 3), gx.Tensor(f64, b1), gx.Tensor(f64, w2),
			gx.Tensor(f64, xReal, 3, 2), gx.Tensor(f64, xFake, 3, 2), gx.Tensor(f64, eps)}
	}
	call = "GradientPenalty(tanh critic with weights W1 [2,3], b1 [3], w2 [3]; real, fake [3,2]) float64"
	v, g := gx.ValueGrad(t, 2, call, mine, []int{0, 1, 2}, in()...)
	wv, wg := gx.ValueGrad(t, 2, "losses.GradientPenalty", lib, []int{0, 1, 2}, in()...)
	check.Float(t, 2, call, v, wv, 1e-12)
	for k, name := range []string{"W1", "b1", "w2"} {
		check.Floats(t, 2, call+": gradient with respect to "+name, g[k], wg[k], 1e-10)
	}
	gx.GradCheck(t, 2, call+": gradient with respect to the critic's weights vs finite differences", mine, []gradcheck.Input{
		{Values: w1, Dims: []int{2, 3}}, {Values: b1, Dims: []int{3}}, {Values: w2, Dims: []int{3}},
		{Values: xReal, Dims: []int{3, 2}, NoGrad: true}, {Values: xFake, Dims: []int{3, 2}, NoGrad: true}, {Values: eps, Dims: []int{3}, NoGrad: true},
	}, 1e-6)

	// A flat critic (all weights 0): penalty (0 − 1)² = 1, and no NaN in the gradient.
	call = "GradientPenalty(critic(x) = x·w with w = [0 0]) float64"
	v, g = gx.ValueGrad(t, 2, call, func(xs []*Node) *Node {
		return GradientPenalty(func(x *Node) *Node { return ReduceSum(Mul(x, xs[0]), -1) }, xs[1], xs[2], xs[3])
	}, []int{0}, gx.Tensor(f64, []float64{0, 0}, 1, 2), gx.Tensor(f64, xReal, 3, 2), gx.Tensor(f64, xFake, 3, 2), gx.Tensor(f64, eps))
	check.Float(t, 2, call, v, 1, 1e-12)
	check.Finite(t, 2, call+": gradient with respect to w", g[0]...)
}

// Task 3
func TestTask3CriticLoss(t *testing.T) {
	// Linear critic 3·x₀ + 4·x₁: mean(xFake scores) − mean(xReal scores) + 10·16.
	call := fmt.Sprintf("CriticLoss(critic(x) = 3·x₀ + 4·x₁, real=%v, fake=%v, eps, lambda=10) float64", xReal, xFake)
	got := gx.Value(t, 3, call, func(xs []*Node) *Node {
		lin := func(x *Node) *Node { return ReduceSum(Mul(x, Const(x.Graph(), [][]float64{{3, 4}})), -1) }
		return CriticLoss(lin, xs[0], xs[1], xs[2], 10)
	}, nil, gx.Tensor(f64, xReal, 3, 2), gx.Tensor(f64, xFake, 3, 2), gx.Tensor(f64, eps))
	meanScore := func(x []float64) float64 { return (3*(x[0]+x[2]+x[4]) + 4*(x[1]+x[3]+x[5])) / 3 }
	check.Float(t, 3, call, got[0], meanScore(xFake)-meanScore(xReal)+160, 1e-12)

	mine := func(xs []*Node) *Node { return CriticLoss(mlpCritic(xs[0], xs[1], xs[2]), xs[3], xs[4], xs[5], 10) }
	lib := func(xs []*Node) *Node {
		c := mlpCritic(xs[0], xs[1], xs[2])
		return Add(losses.WassersteinCriticLoss(c(xs[3]), c(xs[4])), MulScalar(losses.GradientPenalty(c, xs[3], xs[4], xs[5]), 10))
	}
	in := []*tensors.Tensor{gx.Tensor(f64, w1, 2, 3), gx.Tensor(f64, b1), gx.Tensor(f64, w2),
		gx.Tensor(f64, xReal, 3, 2), gx.Tensor(f64, xFake, 3, 2), gx.Tensor(f64, eps)}
	call = "CriticLoss(tanh critic, real, fake [3,2], eps, lambda=10) float64"
	v, g := gx.ValueGrad(t, 3, call, mine, []int{0, 1, 2}, in...)
	wv, wg := gx.ValueGrad(t, 3, "losses.WassersteinCriticLoss + 10·losses.GradientPenalty", lib, []int{0, 1, 2}, in...)
	check.Float(t, 3, call, v, wv, 1e-12)
	for k, name := range []string{"W1", "b1", "w2"} {
		check.Floats(t, 3, call+": gradient with respect to "+name, g[k], wg[k], 1e-10)
	}
}
