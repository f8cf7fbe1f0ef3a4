package losses

import (
	"math"
	"testing"

	"github.com/gomlx/compute/dtypes"
	. "github.com/gomlx/gomlx/core/graph"
)

func TestFocalGammaZeroIsCrossEntropy(t *testing.T) {
	outs := execFlat(t, testBackends()[0].Backend, func(g *Graph) []*Node {
		z := Const(g, [][]float64{{0.3, -1.2, 2}, {1, 0.5, -0.5}})
		y := Const(g, [][]float64{{1, 0, 1}, {0, 1, 0.3}})
		labels := Const(g, []int32{2, 0})
		return []*Node{
			SigmoidFocalLoss(z, y, Gamma(0)), BinaryCrossEntropyWithLogits(z, y),
			SoftmaxFocalLoss(z, labels, Gamma(0)), SoftmaxCrossEntropy(z, labels),
		}
	})
	if math.Abs(outs[0][0]-outs[1][0]) > 1e-12 {
		t.Errorf("SigmoidFocalLoss(γ=0) = %.12g, want BinaryCrossEntropyWithLogits = %.12g", outs[0][0], outs[1][0])
	}
	if math.Abs(outs[2][0]-outs[3][0]) > 1e-12 {
		t.Errorf("SoftmaxFocalLoss(γ=0) = %.12g, want SoftmaxCrossEntropy = %.12g", outs[2][0], outs[3][0])
	}
}

// TestSyllabusFocalSnippet evaluates the syllabus's FocalLoss in plain float64 Go
// (pt = exp(−ce); α·(1−pt)^γ·ce; mean) and compares: with hard labels it equals
// α × SoftmaxFocalLoss, i.e. its scalar α is a global scale, not the paper's α_t.
func TestSyllabusFocalSnippet(t *testing.T) {
	logits := [][]float64{{2, 0.5, -1}, {0.1, 0.2, 3}, {-0.5, 1.5, 0.3}}
	labels := []int32{0, 1, 1}
	const alpha, gamma = 0.25, 2.0
	snippet := 0.0
	for i, row := range logits {
		lse := 0.0
		for _, v := range row {
			lse += math.Exp(v)
		}
		ce := math.Log(lse) - row[labels[i]]
		pt := math.Exp(-ce)
		snippet += alpha * math.Pow(1-pt, gamma) * ce / float64(len(logits))
	}
	got := execScalar(t, testBackends()[0].Backend, func(g *Graph) *Node {
		return MulScalar(SoftmaxFocalLoss(Const(g, logits), Const(g, labels), Gamma(gamma)), alpha)
	})
	if math.Abs(got-snippet) > 1e-12 {
		t.Errorf("α·SoftmaxFocalLoss = %.12g, syllabus snippet = %.12g: want equal", got, snippet)
	}
}

func TestFocalGradientThreeWays(t *testing.T) {
	z := []float64{-2.1, -0.4, 0.3, 1.7, 0.9, -1.3}
	y := []float64{0, 1, 1, 0, 0.3, 1}
	for _, gamma := range []float64{2, 0.5} {
		checkGradThreeWays(t, "SigmoidFocalLoss", func(xs []*Node) *Node {
			return SigmoidFocalLoss(xs[0], xs[1], Gamma(gamma), Alpha(0.25))
		}, input(z, 2, 3), constInput(y, 2, 3))
		checkGradThreeWays(t, "SoftmaxFocalLoss", func(xs []*Node) *Node {
			g := xs[0].Graph()
			return SoftmaxFocalLoss(xs[0], Const(g, []int32{2, -1}), Gamma(gamma), ClassWeights(xs[1]), IgnoreIndex(-1))
		}, input(z, 2, 3), constInput([]float64{0.25, 0.5, 1}, 3))
		checkGradThreeWays(t, "SoftmaxFocalLoss", func(xs []*Node) *Node {
			g := xs[0].Graph()
			return SoftmaxFocalLoss(xs[0], Const(g, []int32{1, 0, 1}), Gamma(gamma), Reduce(ReductionSum))
		}, input([]float64{-2.1, -0.4, 3.3, 1.7, 0.9, -1.3, 0, 0, 0}, 3, 3))
	}
}

// TestFocalExtremeFloat32 checks loss and gradient stay finite for γ < 1 and
// logits ±1e4 in float32, where p_t rounds to exactly 1 (or 0).
func TestFocalExtremeFloat32(t *testing.T) {
	for _, gamma := range []float64{0.5, 2} {
		outs := execFlat(t, testBackends()[0].Backend, func(g *Graph) []*Node {
			z := Const(g, [][]float32{{1e4, -1e4, 30}, {-1e4, 1e4, -30}})
			y := Const(g, [][]float32{{1, 0, 1}, {1, 0, 0}})
			sig := SigmoidFocalLoss(z, y, Gamma(gamma), Reduce(ReductionSum))
			soft := SoftmaxFocalLoss(z, Const(g, []int32{0, 0}), Gamma(gamma), Reduce(ReductionSum))
			return []*Node{sig, Gradient(sig, z)[0], soft, Gradient(soft, z)[0]}
		})
		// Sigmoid: only the two wrong-side ±1e4 logits count, each (1−0)^γ·1e4.
		if got := outs[0][0]; math.Abs(got-2e4) > 1 {
			t.Errorf("γ=%g: SigmoidFocalLoss at ±1e4 = %g, want ≈ 2e4", gamma, got)
		}
		// Softmax: row 0 has p_t = 1 (loss 0), row 1 has −log p_t = 2e4 with (1−p_t)^γ = 1.
		if got := outs[2][0]; math.Abs(got-2e4) > 1 {
			t.Errorf("γ=%g: SoftmaxFocalLoss at ±1e4 = %g, want ≈ 2e4", gamma, got)
		}
		for _, k := range []int{1, 3} {
			for i, g := range outs[k] {
				if math.IsNaN(g) || math.IsInf(g, 0) || math.Abs(g) > 1.001 {
					t.Errorf("γ=%g: focal gradient #%d[%d] = %g, want finite, |g| ≤ 1", gamma, k, i, g)
				}
			}
		}
	}
}

func TestFocalHalfPrecisionAndBadInput(t *testing.T) {
	got := execScalar(t, testBackends()[0].Backend, func(g *Graph) *Node {
		z := ConvertDType(Const(g, [][]float32{{0, 0}}), dtypes.BFloat16)
		l := SoftmaxFocalLoss(z, Const(g, []int32{1}), Gamma(1))
		if l.DType() != dtypes.BFloat16 {
			t.Errorf("SoftmaxFocalLoss(bfloat16) returned %s, want BFloat16", l.DType())
		}
		return Add(l, SigmoidFocalLoss(ConvertDType(Const(g, []float32{0}), dtypes.BFloat16), ConvertDType(Const(g, []float32{1}), dtypes.BFloat16), Gamma(1)))
	})
	if want := math.Ln2; math.Abs(got-want) > 0.01 { // each is ½·log 2
		t.Errorf("bfloat16 focal losses at p_t = ½, γ = 1: got %g, want ≈ %g", got, want)
	}
	expectLossError(t, "gamma < 0", func(g *Graph) {
		SigmoidFocalLoss(Const(g, []float32{1}), Const(g, []float32{1}), Gamma(-1))
	}, "losses.SigmoidFocalLoss", "Gamma", "-1")
	expectLossError(t, "alpha > 1", func(g *Graph) {
		SigmoidFocalLoss(Const(g, []float32{1}), Const(g, []float32{1}), Alpha(1.5))
	}, "losses.SigmoidFocalLoss", "Alpha", "1.5")
	expectLossError(t, "shape", func(g *Graph) {
		SigmoidFocalLoss(Const(g, []float32{1, 2}), Const(g, []float32{1}))
	}, "losses.SigmoidFocalLoss", "targets", "[1]", "[2]")
	expectLossError(t, "float labels", func(g *Graph) {
		SoftmaxFocalLoss(Const(g, [][]float32{{1, 2}}), Const(g, []float32{1}))
	}, "losses.SoftmaxFocalLoss", "labels", "Float32")
	expectLossError(t, "class weights length", func(g *Graph) {
		SoftmaxFocalLoss(Const(g, [][]float32{{1, 2}}), Const(g, []int32{1}), ClassWeights(Const(g, []float32{1, 2, 3})))
	}, "losses.SoftmaxFocalLoss", "ClassWeights", "[3]", "must be [2]")
	expectLossError(t, "one class", func(g *Graph) {
		SoftmaxFocalLoss(Const(g, [][]float32{{1}}), Const(g, []int32{0}))
	}, "losses.SoftmaxFocalLoss", "at least 2 classes")
	expectLossError(t, "Alpha on softmax focal", func(g *Graph) {
		SoftmaxFocalLoss(Const(g, [][]float32{{1, 2}}), Const(g, []int32{0}), Alpha(0.25))
	}, "losses.SoftmaxFocalLoss", "Alpha", "not supported")
}
