package gaussnll

// Hidden tests: compiled in by cmd/grade at grading time (as hidden_<file>); never in the learner's folder.

import (
	"math"
	"testing"

	"github.com/losscourse/losscourse/exercises/internal/check"
)

func TestHiddenTask1GaussianNLL(t *testing.T) {
	// variance 0 is clamped to eps = 0.01.
	got := check.Call(t, 1, "GaussianNLL([0], [0.1], [0], false, 0.01)", func() float64 {
		return GaussianNLL([]float64{0}, []float64{0.1}, []float64{0}, false, 0.01)
	})
	check.Float(t, 1, "GaussianNLL([0], [0.1], [0], false, 0.01)", got, 0.5*(math.Log(0.01)+1), 1e-12)
	m, y, v := []float64{1, 2}, []float64{1, 0}, []float64{-3, 4}
	unchanged := check.Keep(t, 1, "GaussianNLL([1 2], [1 0], [-3 4], true, 0.5)", m, y, v)
	got = check.Call(t, 1, "GaussianNLL([1 2], [1 0], [-3 4], true, 0.5)", func() float64 { return GaussianNLL(m, y, v, true, 0.5) })
	check.Float(t, 1, "GaussianNLL([1 2], [1 0], [-3 4], true, 0.5)", got, (0.5*math.Log(0.5)+0.5*(math.Log(4)+1)+math.Log(2*math.Pi))/2, 1e-12)
	unchanged()
}

func TestHiddenTask2GaussianNLLLogVar(t *testing.T) {
	m, y, s := []float64{3, 1}, []float64{1, 1}, []float64{2, -3}
	unchanged := check.Keep(t, 2, "GaussianNLLLogVar(hidden)", m, y, s)
	got := check.Call(t, 2, "GaussianNLLLogVar(hidden)", func() float64 { return GaussianNLLLogVar(m, y, s) })
	check.Float(t, 2, "GaussianNLLLogVar(hidden)", got, refNLLLogVar(m, y, s), 1e-12)
	unchanged()
	got = check.Call(t, 2, "GaussianNLLLogVar([5], [-5], [760])", func() float64 { return GaussianNLLLogVar([]float64{5}, []float64{-5}, []float64{760}) })
	check.Float(t, 2, "GaussianNLLLogVar([5], [-5], [760])", got, 380, 1e-12)
}

func TestHiddenTask3GaussianNLLLogVarGrad(t *testing.T) {
	m, y, s := []float64{3, 1, -1}, []float64{1, 1.5, 0}, []float64{2, -3, 0.1}
	dm, ds := []float64{}, []float64{}
	unchanged := check.Keep(t, 3, "GaussianNLLLogVarGrad(hidden)", m, y, s)
	check.Call(t, 3, "GaussianNLLLogVarGrad(hidden)", func() int { dm, ds = GaussianNLLLogVarGrad(m, y, s); return 0 })
	unchanged()
	check.Grad(t, 3, "GaussianNLLLogVarGrad(hidden) dMean", func(v []float64) float64 { return refNLLLogVar(v, y, s) }, m, dm, 1e-6)
	check.Grad(t, 3, "GaussianNLLLogVarGrad(hidden) dLogVar", func(v []float64) float64 { return refNLLLogVar(m, y, v) }, s, ds, 1e-6)
}
