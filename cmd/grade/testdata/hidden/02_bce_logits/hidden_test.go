package bce

// Hidden tests: compiled in by cmd/grade at grading time (as hidden_<file>); never in the learner's folder.

import (
	"math"
	"testing"

	"github.com/losscourse/losscourse/exercises/internal/check"
)

func TestHiddenTask1Softplus(t *testing.T) {
	got := check.Call(t, 1, "Softplus(-745)", func() float64 { return Softplus(-745) })
	check.RelFloat(t, 1, "Softplus(-745)", got, math.Exp(-745), 1e-6)
	got = check.Call(t, 1, "Softplus(40)", func() float64 { return Softplus(40) })
	check.Float(t, 1, "Softplus(40)", got, 40, 1e-15)
	got = check.Call(t, 1, "Softplus(23)", func() float64 { return Softplus(23) })
	check.Float(t, 1, "Softplus(23)", got, 23+math.Log1p(math.Exp(-23)), 1e-14)
}

func TestHiddenTask2BCEWithLogitsElement(t *testing.T) {
	got := check.Call(t, 2, "BCEWithLogitsElement(-1000, 0.3)", func() float64 { return BCEWithLogitsElement(-1000, 0.3) })
	check.Float(t, 2, "BCEWithLogitsElement(-1000, 0.3)", got, 300, 1e-12)
}

func TestHiddenTask3BCEWithLogits(t *testing.T) {
	z, y := []float64{1000, -2, 0.1}, []float64{0, 0.5, 1}
	want := (1000 + naiveBCE(-2, 0.5) + naiveBCE(0.1, 1)) / 3
	unchanged := check.Keep(t, 3, "BCEWithLogits([1000 -2 0.1], [0 0.5 1])", z, y)
	got := check.Call(t, 3, "BCEWithLogits([1000 -2 0.1], [0 0.5 1])", func() float64 { return BCEWithLogits(z, y) })
	check.Float(t, 3, "BCEWithLogits([1000 -2 0.1], [0 0.5 1])", got, want, 1e-12)
	unchanged()
}
