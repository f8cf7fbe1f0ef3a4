package gantheory

// Hidden tests: added by cmd/grade at grading time (go test -overlay); not in the learner's folder.
// Self-contained: they use only exercises/internal and pkg/, no helper of the visible tests.

import (
	"math"
	"testing"

	"github.com/losscourse/losscourse/exercises/internal/check"
)

func TestHiddenTask1OptimalDiscriminator(t *testing.T) {
	got := check.Call(t, 1, "OptimalDiscriminator([0.4 0.6 0], [0 0.25 0.75])", func() []float64 {
		return OptimalDiscriminator([]float64{0.4, 0.6, 0}, []float64{0, 0.25, 0.75})
	})
	check.Floats(t, 1, "OptimalDiscriminator([0.4 0.6 0], [0 0.25 0.75])", got, []float64{1, 0.6 / 0.85, 0}, 1e-12)
}

func TestHiddenTask2JSD(t *testing.T) {
	p, q := []float64{0.5, 0.5, 0, 0}, []float64{0, 0.5, 0.5, 0}
	// m = (0.25, 0.5, 0.25, 0): KL(p‖m) = 0.5 log 2, KL(q‖m) = 0.5 log 2.
	check.Float(t, 2, "JSD([0.5 0.5 0 0], [0 0.5 0.5 0])", check.Call(t, 2, "JSD", func() float64 { return JSD(p, q) }), 0.5*math.Ln2, 1e-12)
}

func TestHiddenTask3Value(t *testing.T) {
	// Points without mass contribute nothing, even where D is exactly 0 or 1.
	got := check.Call(t, 3, "Value([0 0.5 1], [0 0.5 0.5], [0.5 0.5 0])", func() float64 {
		return Value([]float64{0, 0.5, 1}, []float64{0, 0.5, 0.5}, []float64{0.5, 0.5, 0})
	})
	check.Float(t, 3, "Value(D=[0 0.5 1], pData=[0 0.5 0.5], pG=[0.5 0.5 0])", got, math.Log(0.5), 1e-12)
}

func TestHiddenTask4ClipWeights(t *testing.T) {
	w := []float64{0.5, -2, 0.75}
	got := check.Call(t, 4, "ClipWeights([0.5 -2 0.75], 1)", func() []float64 { return ClipWeights(w, 1) })
	check.Floats(t, 4, "ClipWeights([0.5 -2 0.75], 1)", got, []float64{0.5, -1, 0.75}, 0)
	got[0] = 99
	if w[0] != 0.5 {
		t.Errorf("Task 4: ClipWeights returned its input slice: return a new slice")
	}
}

func TestHiddenTask5ClippedLinearCritic(t *testing.T) {
	// Δ along the diagonal of 4 dimensions: W₁ = ‖Δ‖₂ = 2, the clipped critic measures c·‖Δ‖₁ = c·4.
	var w []float64
	var gap float64
	check.Call(t, 5, "ClippedLinearCritic([1 1 1 1], [0 0 0 0], 0.05)", func() bool {
		w, gap = ClippedLinearCritic([]float64{1, 1, 1, 1}, []float64{0, 0, 0, 0}, 0.05)
		return true
	})
	check.Floats(t, 5, "ClippedLinearCritic([1 1 1 1], [0 0 0 0], 0.05) weights", w, []float64{0.05, 0.05, 0.05, 0.05}, 1e-15)
	check.Float(t, 5, "ClippedLinearCritic([1 1 1 1], [0 0 0 0], 0.05) gap", gap, 0.2, 1e-12)
}
