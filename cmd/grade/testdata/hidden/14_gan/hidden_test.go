package gan

// Hidden tests: compiled in by cmd/grade at grading time (as hidden_<file>); never in the learner's folder.

import (
	"math"
	"testing"

	"github.com/losscourse/losscourse/exercises/internal/check"
)

func TestHiddenTask1DiscriminatorLoss(t *testing.T) {
	got := check.Call(t, 1, "DiscriminatorLoss([0], [0, 0])", func() float64 { return DiscriminatorLoss([]float64{0}, []float64{0, 0}) })
	check.Float(t, 1, "DiscriminatorLoss([0], [0 0])", got, 2*math.Ln2, 1e-12)
	r, f := []float64{900, -900}, []float64{-900, -900, 900}
	unchanged := check.Keep(t, 1, "DiscriminatorLoss([900 -900], [-900 -900 900])", r, f)
	got = check.Call(t, 1, "DiscriminatorLoss([900 -900], [-900 -900 900])", func() float64 { return DiscriminatorLoss(r, f) })
	check.Float(t, 1, "DiscriminatorLoss([900 -900], [-900 -900 900])", got, 900.0/2+900.0/3, 1e-12)
	unchanged()
}

func TestHiddenTask2GeneratorLosses(t *testing.T) {
	got := check.Call(t, 2, "GeneratorMinimaxLoss([800])", func() float64 { return GeneratorMinimaxLoss([]float64{800}) })
	check.Float(t, 2, "GeneratorMinimaxLoss([800])", got, -800, 1e-12)
	got = check.Call(t, 2, "GeneratorNonSaturatingLoss([900 0])", func() float64 { return GeneratorNonSaturatingLoss([]float64{900, 0}) })
	check.Float(t, 2, "GeneratorNonSaturatingLoss([900 0])", got, math.Ln2/2, 1e-12)
}

func TestHiddenTask3GeneratorGrads(t *testing.T) {
	var mm, ns []float64
	check.Call(t, 3, "GeneratorGrads([-10 10])", func() int { mm, ns = GeneratorGrads([]float64{-10, 10}); return 0 })
	check.Floats(t, 3, "GeneratorGrads([-10 10]) minimax", mm, []float64{-refSig(-10) / 2, -refSig(10) / 2}, 1e-12)
	check.Floats(t, 3, "GeneratorGrads([-10 10]) non-saturating", ns, []float64{(refSig(-10) - 1) / 2, (refSig(10) - 1) / 2}, 1e-12)
	f := []float64{-900, 900, 0}
	unchanged := check.Keep(t, 3, "GeneratorGrads([-900 900 0])", f)
	check.Call(t, 3, "GeneratorGrads([-900 900 0])", func() int { mm, ns = GeneratorGrads(f); return 0 })
	unchanged()
	check.Floats(t, 3, "GeneratorGrads([-900 900 0]) minimax", mm, []float64{0, -1.0 / 3, -0.5 / 3}, 1e-12)
	check.Floats(t, 3, "GeneratorGrads([-900 900 0]) non-saturating", ns, []float64{-1.0 / 3, 0, -0.5 / 3}, 1e-12)
}
