package losses

import (
	"math"
	"strings"
	"testing"

	"github.com/gomlx/compute/dtypes"
	. "github.com/gomlx/gomlx/core/graph"
)

func TestSoftmaxCrossEntropyValues(t *testing.T) {
	// Logits [3, 3]; row 0 uniform (−log p = log 3), rows 1–2 peaked.
	logits := [][]float64{{0, 0, 0}, {2, 0, 0}, {0, 0, 2}}
	lse := math.Log(math.Exp(2) + 2)
	nll := func(row, label int) float64 { // float64 reference for −log softmax
		if row == 0 {
			return math.Log(3)
		}
		return lse - logits[row][label]
	}
	for _, nb := range testBackends() {
		cases := []struct {
			name   string
			labels []int32
			opts   func(g *Graph) []Option
			want   float64
		}{
			{"plain mean", []int32{0, 0, 1}, nil, (nll(0, 0) + nll(1, 0) + nll(2, 1)) / 3},
			{"sum", []int32{0, 0, 1}, func(g *Graph) []Option { return []Option{Reduce(ReductionSum)} }, nll(0, 0) + nll(1, 0) + nll(2, 1)},
			{"ignore index drops the row from numerator and denominator", []int32{0, -1, 1},
				func(g *Graph) []Option { return []Option{IgnoreIndex(-1)} }, (nll(0, 0) + nll(2, 1)) / 2},
			{"class weights: weighted mean divides by Σ w[y]", []int32{0, 0, 1},
				func(g *Graph) []Option { return []Option{ClassWeights(Const(g, []float64{1, 3, 1}))} },
				(nll(0, 0) + nll(1, 0) + 3*nll(2, 1)) / 5},
			{"fully ignored batch is 0 (PyTorch: NaN)", []int32{7, 7, 7},
				func(g *Graph) []Option { return []Option{IgnoreIndex(7), LabelSmoothing(0.1)} }, 0},
		}
		for _, c := range cases {
			got := execScalar(t, nb.Backend, func(g *Graph) *Node {
				var opts []Option
				if c.opts != nil {
					opts = c.opts(g)
				}
				return SoftmaxCrossEntropy(Const(g, logits), Const(g, c.labels), opts...)
			})
			if math.Abs(got-c.want) > 1e-12 {
				t.Errorf("%s: SoftmaxCrossEntropy(labels=%v) %s = %.12g, want %.12g", nb.Name, c.labels, c.name, got, c.want)
			}
		}
	}
}

// TestSmoothLabelsMatchesLabelSmoothing checks the syllabus formula
// y_smooth = (1−ε)y + ε/C: the dense loss on smoothed one-hot targets must equal
// the integer-label loss with LabelSmoothing(ε) (PyTorch's definition).
func TestSmoothLabelsMatchesLabelSmoothing(t *testing.T) {
	outs := execFlat(t, testBackends()[0].Backend, func(g *Graph) []*Node {
		z := Const(g, [][]float64{{1, -2, 0.5, 3}, {0.1, 0.2, -0.3, 0}})
		labels := Const(g, []int32{3, 1})
		smoothed := SmoothLabels(OneHot(labels, 4, dtypes.Float64), 0.2)
		return []*Node{
			SoftmaxCrossEntropyDense(z, smoothed),
			SoftmaxCrossEntropy(z, labels, LabelSmoothing(0.2)),
			SoftmaxCrossEntropyDense(z, OneHot(labels, 4, dtypes.Float64), LabelSmoothing(0.2)),
			smoothed,
		}
	})
	if math.Abs(outs[0][0]-outs[1][0]) > 1e-12 || math.Abs(outs[2][0]-outs[1][0]) > 1e-12 {
		t.Errorf("Dense(SmoothLabels(y, 0.2)) = %.12g, Dense(y, LabelSmoothing(0.2)) = %.12g, SoftmaxCrossEntropy(labels, LabelSmoothing(0.2)) = %.12g: want all equal",
			outs[0][0], outs[2][0], outs[1][0])
	}
	want := []float64{0.05, 0.05, 0.05, 0.85, 0.05, 0.85, 0.05, 0.05}
	for i, v := range outs[3] {
		if math.Abs(v-want[i]) > 1e-12 {
			t.Errorf("SmoothLabels(one-hot, 0.2)[%d] = %g, want %g ((1−ε)y + ε/C with C = 4)", i, v, want[i])
		}
	}
}

func TestSoftmaxCrossEntropyGradientThreeWays(t *testing.T) {
	z := []float64{0.2, -1.1, 0.7, 1.5, -0.4, 0.3, 0.9, -2.0, 1.1, 0.05, -0.6, 0.8, 1.3, 0.4, -0.2, -1.0, 0.6, 0.1}
	labels := [][]int32{{2, -100, 0}, {1, 1, 0}} // [2, 3] with one ignored
	cw := []float64{0.5, 2, 1.5}
	for _, eps := range []float64{0, 0.2} {
		checkGradThreeWays(t, "SoftmaxCrossEntropy(ClassWeights+IgnoreIndex+LabelSmoothing)", func(xs []*Node) *Node {
			g := xs[0].Graph()
			return SoftmaxCrossEntropy(xs[0], Const(g, labels), ClassWeights(xs[1]), IgnoreIndex(-100), LabelSmoothing(eps))
		}, input(z, 2, 3, 3), constInput(cw, 3))
	}
	checkGradThreeWays(t, "SoftmaxCrossEntropy(Weights, sum)", func(xs []*Node) *Node {
		g := xs[0].Graph()
		return SoftmaxCrossEntropy(xs[0], Const(g, []int32{0, 2, 1, 1, 0, 2}), Weights(xs[1]), Reduce(ReductionSum), LabelSmoothing(0.1))
	}, input(z, 6, 3), constInput([]float64{1, 0.5, 2, 0, 1, 3}, 6))
	checkGradThreeWays(t, "SoftmaxCrossEntropyDense", func(xs []*Node) *Node {
		return SoftmaxCrossEntropyDense(xs[0], xs[1], LabelSmoothing(0.1))
	}, input(z[:6], 2, 3), constInput([]float64{0.2, 0.5, 0.3, 1, 0, 0}, 2, 3))
	checkGradThreeWays(t, "NegativeLogLikelihood", func(xs []*Node) *Node {
		g := xs[0].Graph()
		return NegativeLogLikelihood(xs[0], Const(g, []int32{0, 2, -100, 1, 0, 2}), ClassWeights(xs[1]), IgnoreIndex(-100))
	}, input(z, 6, 3), constInput(cw, 3))
}

func TestSoftmaxCrossEntropyExtremeLogitsFloat32(t *testing.T) {
	outs := execFlat(t, testBackends()[0].Backend, func(g *Graph) []*Node {
		z := Const(g, [][]float32{{1e4, -1e4, 0}, {-1e4, 1e4, 1e4}})
		labels := Const(g, []int32{1, 2})
		loss := SoftmaxCrossEntropy(z, labels, Reduce(ReductionSum), LabelSmoothing(0.1))
		return []*Node{loss, Gradient(loss, z)[0]}
	})
	// Row 0: −log p₁ = 2e4, Σ꜀(−log p꜀) = 0 + 2e4 + 1e4. Row 1: −log p₂ = log 2, Σ = 2e4 + 2 log 2.
	want := 0.9*(2e4+math.Ln2) + 0.1/3*(3e4+2e4+2*math.Ln2)
	if got := outs[0][0]; math.IsNaN(got) || math.Abs(got-want) > 1e-5*want { // float32: ~7 significant digits
		t.Errorf("float32 loss at logits ±1e4 = %g, want %g", got, want)
	}
	for i, g := range outs[1] {
		if math.IsNaN(g) || math.IsInf(g, 0) {
			t.Errorf("float32 gradient[%d] at logits ±1e4 = %g, want finite", i, g)
		}
	}
}

func TestSoftmaxCrossEntropyFullyIgnoredHasZeroGradient(t *testing.T) {
	outs := execFlat(t, testBackends()[0].Backend, func(g *Graph) []*Node {
		z := Const(g, [][]float64{{1, 2}, {3, 4}})
		loss := SoftmaxCrossEntropy(z, Const(g, []int32{-100, -100}), IgnoreIndex(-100), ClassWeights(Const(g, []float64{1, 2})))
		return []*Node{loss, Gradient(loss, z)[0]}
	})
	if outs[0][0] != 0 {
		t.Errorf("fully ignored batch: loss = %g, want 0 (documented; PyTorch gives NaN)", outs[0][0])
	}
	for i, g := range outs[1] {
		if g != 0 {
			t.Errorf("fully ignored batch: gradient[%d] = %g, want 0", i, g)
		}
	}
}

// TestOutOfRangeLabelsGiveNaN documents what the graph does with invalid labels:
// NaN loss and gradient for that example, never a finite wrong value.
func TestOutOfRangeLabelsGiveNaN(t *testing.T) {
	for _, bad := range []int32{3, -1, -100} {
		outs := execFlat(t, testBackends()[0].Backend, func(g *Graph) []*Node {
			z := Const(g, [][]float64{{1, 2, 0}, {0, 1, 0}})
			labels := Const(g, []int32{0, bad})
			ce := SoftmaxCrossEntropy(z, labels)
			return []*Node{ce, Gradient(ce, z)[0], NegativeLogLikelihood(LogSoftmax(z), labels),
				SoftmaxFocalLoss(z, labels), SoftmaxCrossEntropy(z, labels, Reduce(ReductionNone))}
		})
		for i, name := range []string{"SoftmaxCrossEntropy", "", "NegativeLogLikelihood", "SoftmaxFocalLoss"} {
			if name != "" && !math.IsNaN(outs[i][0]) {
				t.Errorf("%s with label %d (C = 3): got %g, want NaN", name, bad, outs[i][0])
			}
		}
		if !math.IsNaN(outs[1][3]) || math.IsNaN(outs[1][0]) {
			t.Errorf("gradient with label %d: got %v, want NaN on the bad row only", bad, outs[1])
		}
		if none := outs[4]; math.IsNaN(none[0]) || !math.IsNaN(none[1]) {
			t.Errorf("ReductionNone with labels [0, %d]: got %v, want [finite, NaN]", bad, none)
		}
	}
}

func TestValidateLabels(t *testing.T) {
	cases := []struct {
		labels    []int
		c, ignore int
		hasIgnore bool
		wantErr   string // "" for nil
	}{
		{[]int{0, 1, 2}, 3, 0, false, ""},
		{[]int{0, -100, 2}, 3, -100, true, ""},
		{[]int{0, 3, 2}, 3, 0, false, "labels[1] = 3 is outside [0, 3)"},
		{[]int{0, -100, -1, 5}, 3, -100, true, "labels[2] = -1 is outside [0, 3) or the ignore index -100 (2 of 4 labels are invalid)"},
		{[]int{-100}, 3, 0, false, "labels[0] = -100"},
		{nil, 0, 0, false, "numClasses must be ≥ 1"},
	}
	for _, c := range cases {
		err := ValidateLabels(c.labels, c.c, c.ignore, c.hasIgnore)
		switch {
		case c.wantErr == "" && err != nil:
			t.Errorf("ValidateLabels(%v, %d, %d, %v) = %v, want nil", c.labels, c.c, c.ignore, c.hasIgnore, err)
		case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
			t.Errorf("ValidateLabels(%v, %d, %d, %v) = %v, want an error containing %q", c.labels, c.c, c.ignore, c.hasIgnore, err, c.wantErr)
		}
	}
}

func TestSoftmaxCrossEntropyHalfPrecision(t *testing.T) {
	got := execScalar(t, testBackends()[0].Backend, func(g *Graph) *Node {
		z := ConvertDType(Const(g, [][]float32{{0, 0, 0, 0}}), dtypes.BFloat16)
		l := SoftmaxCrossEntropy(z, Const(g, []int64{2}), LabelSmoothing(0.1))
		if l.DType() != dtypes.BFloat16 {
			t.Errorf("SoftmaxCrossEntropy(bfloat16) returned %s, want BFloat16", l.DType())
		}
		return l
	})
	if math.Abs(got-math.Log(4)) > 0.02 {
		t.Errorf("bfloat16 SoftmaxCrossEntropy on uniform logits = %g, want ≈ log 4 = %g", got, math.Log(4))
	}
}

func TestSoftmaxCrossEntropyBadInput(t *testing.T) {
	expectLossError(t, "float labels", func(g *Graph) {
		SoftmaxCrossEntropy(Const(g, [][]float32{{1, 2}}), Const(g, []float32{1}))
	}, "losses.SoftmaxCrossEntropy", "labels", "Float32", "SoftmaxCrossEntropyDense")
	expectLossError(t, "labels shape", func(g *Graph) {
		SoftmaxCrossEntropy(Const(g, [][]float32{{1, 2}, {3, 4}}), Const(g, []int32{1, 0, 1}))
	}, "losses.SoftmaxCrossEntropy", "labels", "[3]", "[2, 2]")
	expectLossError(t, "class weights length", func(g *Graph) {
		SoftmaxCrossEntropy(Const(g, [][]float32{{1, 2, 3}}), Const(g, []int32{1}), ClassWeights(Const(g, []float32{1, 2})))
	}, "losses.SoftmaxCrossEntropy", "ClassWeights", "[2]", "must be [3]")
	expectLossError(t, "smoothing outside [0, 1]", func(g *Graph) {
		SoftmaxCrossEntropy(Const(g, [][]float32{{1, 2}}), Const(g, []int32{1}), LabelSmoothing(2))
	}, "losses.SoftmaxCrossEntropy", "LabelSmoothing")
	expectLossError(t, "int logits", func(g *Graph) {
		SoftmaxCrossEntropy(Const(g, [][]int32{{1, 2}}), Const(g, []int32{1}))
	}, "losses.SoftmaxCrossEntropy", "logits", "Int32")
	expectLossError(t, "dense shapes", func(g *Graph) {
		SoftmaxCrossEntropyDense(Const(g, [][]float32{{1, 2}}), Const(g, [][]float32{{1, 0, 0}}))
	}, "losses.SoftmaxCrossEntropyDense", "targets", "[1, 3]", "[1, 2]")
	expectLossError(t, "NLL class weights", func(g *Graph) {
		NegativeLogLikelihood(Const(g, [][]float32{{-1, -2}}), Const(g, []int32{1}), ClassWeights(Const(g, [][]float32{{1, 2}})))
	}, "losses.NegativeLogLikelihood", "ClassWeights")
	expectLossError(t, "NLL has no smoothing", func(g *Graph) {
		NegativeLogLikelihood(Const(g, [][]float32{{-1, -2}}), Const(g, []int32{1}), LabelSmoothing(0.1))
	}, "losses.NegativeLogLikelihood", "LabelSmoothing", "not supported")
	expectLossError(t, "SmoothLabels eps", func(g *Graph) {
		SmoothLabels(Const(g, [][]float32{{0, 1}}), -0.5)
	}, "losses.SmoothLabels", "eps", "-0.5")
}
