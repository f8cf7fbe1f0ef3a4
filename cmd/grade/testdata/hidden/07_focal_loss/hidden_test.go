package focal

// Hidden tests: compiled in by cmd/grade at grading time (as hidden_<file>); never in the learner's folder.

import (
	"math"
	"testing"

	"github.com/losscourse/losscourse/exercises/internal/check"
)

var hidZ, hidY = []float64{2.5, -3, 0.7, -0.1}, []float64{1, 1, 0, 0}

func TestHiddenTask1SigmoidFocal(t *testing.T) {
	unchanged := check.Keep(t, 1, "SigmoidFocal(hidden, 0.4, 3)", hidZ, hidY)
	got := check.Call(t, 1, "SigmoidFocal(hidden, 0.4, 3)", func() float64 { return SigmoidFocal(hidZ, hidY, 0.4, 3) })
	check.Float(t, 1, "SigmoidFocal(hidden, 0.4, 3)", got, refSigmoidFocal(hidZ, hidY, 0.4, 3), 1e-12)
	unchanged()
	// Saturated: a confidently wrong negative costs (1 − α)·900, confident right answers cost 0.
	got = check.Call(t, 1, "SigmoidFocal([900 900 -900], [0 1 0], 0.3, 2)", func() float64 {
		return SigmoidFocal([]float64{900, 900, -900}, []float64{0, 1, 0}, 0.3, 2)
	})
	check.Float(t, 1, "SigmoidFocal([900 900 -900], [0 1 0], 0.3, 2)", got, 0.7*900/3, 1e-12)
}

func TestHiddenTask2SoftmaxFocal(t *testing.T) {
	logits := [][]float64{{0.2, 0.1}}
	pt := math.Exp(0.1) / (math.Exp(0.2) + math.Exp(0.1))
	got := check.Call(t, 2, "SoftmaxFocal([[0.2 0.1]], [1], 0.25, 1)", func() float64 { return SoftmaxFocal(logits, []int{1}, 0.25, 1) })
	check.Float(t, 2, "SoftmaxFocal([[0.2 0.1]], [1], 0.25, 1)", got, -0.25*(1-pt)*math.Log(pt), 1e-12)
	big := [][]float64{{-900, 0, 0, 0}, {0, 0, 0, 900}}
	got = check.Call(t, 2, "SoftmaxFocal([[-900 0 0 0] [0 0 0 900]], [0 1], 1, 0.5)", func() float64 {
		return SoftmaxFocal(big, []int{0, 1}, 1, 0.5)
	})
	check.Float(t, 2, "SoftmaxFocal([[-900 0 0 0] [0 0 0 900]], [0 1], 1, 0.5)", got, (900+math.Log(3)+900)/2, 1e-12)
}

func TestHiddenTask3SigmoidFocalGrad(t *testing.T) {
	unchanged := check.Keep(t, 3, "SigmoidFocalGrad(hidden, 0.4, 3)", hidZ, hidY)
	got := check.Call(t, 3, "SigmoidFocalGrad(hidden, 0.4, 3)", func() []float64 { return SigmoidFocalGrad(hidZ, hidY, 0.4, 3) })
	unchanged()
	check.Grad(t, 3, "SigmoidFocalGrad(hidden, 0.4, 3)", func(z []float64) float64 { return refSigmoidFocal(z, hidY, 0.4, 3) }, hidZ, got, 1e-6)
	got = check.Call(t, 3, "SigmoidFocalGrad([900 -900], [0 1], 0.6, 1)", func() []float64 {
		return SigmoidFocalGrad([]float64{900, -900}, []float64{0, 1}, 0.6, 1)
	})
	check.Floats(t, 3, "SigmoidFocalGrad([900 -900], [0 1], 0.6, 1)", got, []float64{0.4 / 2, -0.6 / 2}, 1e-12)
}
