package smoothing

// Hidden tests: compiled in by cmd/grade at grading time (as hidden_<file>); never in the learner's folder.

import (
	"testing"

	"github.com/losscourse/losscourse/exercises/internal/check"
)

func TestHiddenTask1SmoothLabels(t *testing.T) {
	got := check.Call(t, 1, "SmoothLabels(0, 5, 0.5)", func() []float64 { return SmoothLabels(0, 5, 0.5) })
	check.Floats(t, 1, "SmoothLabels(0, 5, 0.5)", got, []float64{0.6, 0.1, 0.1, 0.1, 0.1}, 1e-12)
	got = check.Call(t, 1, "SmoothLabels(3, 4, 1)", func() []float64 { return SmoothLabels(3, 4, 1) })
	check.Floats(t, 1, "SmoothLabels(3, 4, 1)", got, []float64{0.25, 0.25, 0.25, 0.25}, 1e-12)
}

func TestHiddenTask2SmoothedCrossEntropy(t *testing.T) {
	logits := [][]float64{{0, 1, 2, 3}, {1, 0, 0, 0}, {2, 2, -1, 0}}
	labels := []int{3, 0, 2}
	unchanged := check.Keep(t, 2, "SmoothedCrossEntropy(hidden, eps=0.25)", logits, labels)
	got := check.Call(t, 2, "SmoothedCrossEntropy(hidden, eps=0.25)", func() float64 { return SmoothedCrossEntropy(logits, labels, 0.25) })
	check.Float(t, 2, "SmoothedCrossEntropy(hidden, eps=0.25)", got, refSmoothedCE(logits, labels, 0.25), 1e-12)
	unchanged()
	// A dominant logit in the last and in the middle position; ỹ = (0.8 + 0.05, 0.05, 0.05, 0.05).
	big := [][]float64{{0, 0, 0, 900}, {0, 900, 0, 0}}
	got = check.Call(t, 2, "SmoothedCrossEntropy([[0 0 0 900] [0 900 0 0]], [0 1], eps=0.2)", func() float64 {
		return SmoothedCrossEntropy(big, []int{0, 1}, 0.2)
	})
	check.Float(t, 2, "SmoothedCrossEntropy([[0 0 0 900] [0 900 0 0]], [0 1], eps=0.2)", got, ((0.85+0.05+0.05)*900+3*0.05*900)/2, 1e-12)
}

func TestHiddenTask3SmoothedCrossEntropyGrad(t *testing.T) {
	logits := [][]float64{{0, 1, 2, 3}, {1, 0, 0, 0}}
	labels := []int{1, 0}
	unchanged := check.Keep(t, 3, "SmoothedCrossEntropyGrad(hidden, eps=0.1)", logits, labels)
	got := check.Call(t, 3, "SmoothedCrossEntropyGrad(hidden, eps=0.1)", func() [][]float64 { return SmoothedCrossEntropyGrad(logits, labels, 0.1) })
	unchanged()
	loss := func(x []float64) float64 { return refSmoothedCE(check.Rows(x, 4), labels, 0.1) }
	check.Grad(t, 3, "SmoothedCrossEntropyGrad(hidden, eps=0.1)", loss, check.Flat(logits), check.Flat(got), 1e-6)
	big := [][]float64{{900, 0, 0}, {0, 0, 900}}
	got = check.Call(t, 3, "SmoothedCrossEntropyGrad([[900 0 0] [0 0 900]], [0 0], eps=0.3)", func() [][]float64 {
		return SmoothedCrossEntropyGrad(big, []int{0, 0}, 0.3)
	})
	check.Matrix(t, 3, "SmoothedCrossEntropyGrad([[900 0 0] [0 0 900]], [0 0], eps=0.3)", got,
		[][]float64{{(1 - 0.8) / 2, -0.1 / 2, -0.1 / 2}, {-0.8 / 2, -0.1 / 2, (1 - 0.1) / 2}}, 1e-12)
}
