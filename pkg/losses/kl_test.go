package losses

import (
	"math"
	"testing"

	"github.com/gomlx/compute/dtypes"
	. "github.com/gomlx/gomlx/core/graph"
)

func TestKLDivergenceValues(t *testing.T) {
	q := [][]float64{{0.5, 0.25, 0.25}, {0.1, 0.6, 0.3}}
	p := [][]float64{{0.5, 0.5, 0}, {0.2, 0.4, 0.4}}
	kl := func(i int) float64 { // Σ p log(p/q), 0·log 0 = 0
		s := 0.0
		for c := range p[i] {
			if p[i][c] > 0 {
				s += p[i][c] * math.Log(p[i][c]/q[i][c])
			}
		}
		return s
	}
	logq := func(g *Graph) *Node { return Log(Const(g, q)) }
	for _, nb := range testBackends() {
		cases := []struct {
			name string
			f    func(g *Graph) *Node
			want float64
		}{
			{"batch mean is the KL divergence per example", func(g *Graph) *Node {
				return KLDivergence(logq(g), Const(g, p), Reduce(ReductionBatchMean))
			}, (kl(0) + kl(1)) / 2},
			{"mean (PyTorch 'mean') divides by B·C", func(g *Graph) *Node { return KLDivergence(logq(g), Const(g, p)) }, (kl(0) + kl(1)) / 6},
			{"LogTarget gives the same value", func(g *Graph) *Node {
				return KLDivergence(Log(Const(g, q[1])), Log(Const(g, p[1])), LogTarget(), Reduce(ReductionSum))
			}, kl(1)},
			{"KL(p‖p) = 0", func(g *Graph) *Node { return KLDivergence(Log(Const(g, q)), Const(g, q), Reduce(ReductionSum)) }, 0},
			{"target 0 where logq = −Inf contributes 0", func(g *Graph) *Node {
				return KLDivergence(Log(Const(g, []float64{0.5, 0.5, 0})), Const(g, []float64{0.5, 0.5, 0}), Reduce(ReductionSum))
			}, 0},
		}
		for _, c := range cases {
			if got := execScalar(t, nb.Backend, c.f); math.Abs(got-c.want) > 1e-12 {
				t.Errorf("%s: KLDivergence %s = %.12g, want %.12g", nb.Name, c.name, got, c.want)
			}
		}
	}
}

func TestKLDivergenceGradientThreeWays(t *testing.T) {
	logq := []float64{math.Log(0.5), math.Log(0.3), math.Log(0.2), math.Log(0.1), math.Log(0.6), math.Log(0.3)}
	p := []float64{0.4, 0.4, 0.2, 0.3, 0.3, 0.4}
	// Gradient with respect to both arguments (distillation trains the target too).
	checkGradThreeWays(t, "KLDivergence", func(xs []*Node) *Node {
		return KLDivergence(xs[0], xs[1], Reduce(ReductionBatchMean))
	}, input(logq, 2, 3), input(p, 2, 3))
	logp := make([]float64, len(p))
	for i := range p {
		logp[i] = math.Log(p[i])
	}
	checkGradThreeWays(t, "KLDivergence(LogTarget)", func(xs []*Node) *Node {
		return KLDivergence(xs[0], xs[1], LogTarget())
	}, input(logq, 2, 3), input(logp, 2, 3))
}

func TestKLDivergenceZeroTargetGradientIsFinite(t *testing.T) {
	outs := execFlat(t, testBackends()[0].Backend, func(g *Graph) []*Node {
		x := Log(Const(g, []float32{0.5, 0.5, 0}))
		y := Const(g, []float32{1, 0, 0})
		loss := KLDivergence(x, y, Reduce(ReductionSum))
		grads := Gradient(loss, x, y)
		return []*Node{loss, grads[0], grads[1]}
	})
	want := []float64{-1, 0, 0}
	for i, g := range outs[1] {
		if g != want[i] {
			t.Errorf("∂KL/∂logq[%d] = %g, want %g (−target, 0 where target = 0 even at logq = −Inf)", i, g, want[i])
		}
	}
	for i, g := range outs[2] {
		if math.IsNaN(g) || math.IsInf(g, 0) {
			t.Errorf("∂KL/∂target[%d] = %g, want finite", i, g)
		}
	}
}

func TestKLDivergenceHalfPrecisionAndBadInput(t *testing.T) {
	got := execScalar(t, testBackends()[0].Backend, func(g *Graph) *Node {
		x := ConvertDType(Log(Const(g, []float32{0.5, 0.5})), dtypes.BFloat16)
		y := ConvertDType(Const(g, []float32{0.5, 0.5}), dtypes.BFloat16)
		return KLDivergence(x, y)
	})
	if math.Abs(got) > 0.01 {
		t.Errorf("bfloat16 KL(p‖p) = %g, want ≈ 0", got)
	}
	expectLossError(t, "shape", func(g *Graph) {
		KLDivergence(Const(g, []float32{-1, -2}), Const(g, []float32{0.5}))
	}, "losses.KLDivergence", "targets", "[1]", "[2]")
	expectLossError(t, "int targets", func(g *Graph) {
		KLDivergence(Const(g, []float32{-1}), Const(g, []int32{1}))
	}, "losses.KLDivergence", "targets", "Int32")
	expectLossError(t, "unsupported option", func(g *Graph) {
		KLDivergence(Const(g, []float32{-1}), Const(g, []float32{1}), Gamma(2))
	}, "losses.KLDivergence", "Gamma", "not supported")
}
