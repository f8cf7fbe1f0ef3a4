package wgan

// Hidden tests: compiled in by cmd/grade at grading time (as hidden_<file>); never in the learner's folder.

import (
	"testing"

	"github.com/losscourse/losscourse/exercises/internal/check"
)

var hidCritic = &Critic{W: [][]float64{{2, 0}, {0, -1}, {1, 1}}, B: []float64{0, 0.5, -0.5}, V: []float64{0.5, 1, -0.7}, C: 0}

func TestHiddenTask1WassersteinLosses(t *testing.T) {
	got := check.Call(t, 1, "CriticLoss([5], [5 7])", func() float64 { return CriticLoss([]float64{5}, []float64{5, 7}) })
	check.Float(t, 1, "CriticLoss([5], [5 7])", got, 1, 1e-12)
	f := []float64{2, -6}
	unchanged := check.Keep(t, 1, "GeneratorLoss([2 -6])", f)
	got = check.Call(t, 1, "GeneratorLoss([2 -6])", func() float64 { return GeneratorLoss(f) })
	check.Float(t, 1, "GeneratorLoss([2 -6])", got, 2, 1e-12)
	unchanged()
}

func TestHiddenTask2Interpolate(t *testing.T) {
	r, f := [][]float64{{1, 1}}, [][]float64{{3, -1}}
	unchanged := check.Keep(t, 2, "Interpolate([[1 1]], [[3 -1]], [0])", r, f)
	got := check.Call(t, 2, "Interpolate([[1 1]], [[3 -1]], [0])", func() [][]float64 { return Interpolate(r, f, []float64{0}) })
	unchanged()
	check.Matrix(t, 2, "Interpolate([[1 1]], [[3 -1]], [0])", got, [][]float64{{3, -1}}, 1e-12)
	if len(got) == 1 {
		check.NotAliased(t, 2, "Interpolate([[1 1]], [[3 -1]], [0])", got[0], r[0], f[0])
	}
	got = check.Call(t, 2, "Interpolate([[1 1] [0 4]], [[3 -1] [2 0]], [1 0.5])", func() [][]float64 {
		return Interpolate([][]float64{{1, 1}, {0, 4}}, [][]float64{{3, -1}, {2, 0}}, []float64{1, 0.5})
	})
	check.Matrix(t, 2, "Interpolate([[1 1] [0 4]], [[3 -1] [2 0]], [1 0.5])", got, [][]float64{{1, 1}, {1, 2}}, 1e-12)
}

func TestHiddenTask3InputGradient(t *testing.T) {
	x := []float64{0.3, -0.6}
	got := check.Call(t, 3, "hiddenCritic.InputGradient([0.3 -0.6])", func() []float64 { return hidCritic.InputGradient(x) })
	check.Grad(t, 3, "hiddenCritic.InputGradient([0.3 -0.6])", hidCritic.Score, x, got, 1e-6)
}

func TestHiddenTask4GradientPenalty(t *testing.T) {
	r, f, e := [][]float64{{1, 0}, {0, 1}, {2, 2}}, [][]float64{{0, 0}, {1, 1}, {-1, 0}}, []float64{0.1, 0.5, 0.7}
	unchanged := check.Keep(t, 4, "GradientPenalty(hiddenCritic, lambda=1)", hidCritic, r, f, e)
	got := check.Call(t, 4, "GradientPenalty(hiddenCritic, lambda=1)", func() float64 { return GradientPenalty(hidCritic, r, f, e, 1) })
	check.Float(t, 4, "GradientPenalty(hiddenCritic, lambda=1)", got, refPenalty(hidCritic, r, f, e, 1), 1e-6)
	unchanged()
	// A flat critic: ‖∇D‖ = 0.2·|tanh′| ≤ 0.2 < 1 everywhere: penalised.
	flat := &Critic{W: [][]float64{{0.2, 0}}, B: []float64{0}, V: []float64{1}, C: 3}
	got = check.Call(t, 4, "GradientPenalty(flat critic at x̂ = 0, lambda=2)", func() float64 {
		return GradientPenalty(flat, [][]float64{{0, 0}}, [][]float64{{0, 0}}, []float64{0.3}, 2)
	})
	check.Float(t, 4, "GradientPenalty(flat critic at x̂ = 0, lambda=2)", got, 2*0.64, 1e-12)
}
