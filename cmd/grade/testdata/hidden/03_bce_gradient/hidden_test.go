package bcegrad

// Hidden tests: compiled in by cmd/grade at grading time (as hidden_<file>); never in the learner's folder.

import (
	"testing"

	"github.com/losscourse/losscourse/exercises/internal/check"
)

var hidZ, hidY = []float64{3, -1, 0.5, -0.2}, []float64{1, 1, 0, 0.6}

func TestHiddenTask1BCEGrad(t *testing.T) {
	unchanged := check.Keep(t, 1, "BCEGrad(hidden)", hidZ, hidY)
	got := check.Call(t, 1, "BCEGrad(hidden)", func() []float64 { return BCEGrad(hidZ, hidY) })
	unchanged()
	check.Grad(t, 1, "BCEGrad(hidden)", func(z []float64) float64 { return refBCE(z, hidY, 1) }, hidZ, got, 1e-6)
}

func TestHiddenTask2PosWeightBCE(t *testing.T) {
	got := check.Call(t, 2, "PosWeightBCE(hidden, w=5)", func() float64 { return PosWeightBCE(hidZ, hidY, 5) })
	check.Float(t, 2, "PosWeightBCE(hidden, w=5)", got, refBCE(hidZ, hidY, 5), 1e-12)
	got = check.Call(t, 2, "PosWeightBCE([900 -900], [0.2 0.9], 0.5)", func() float64 {
		return PosWeightBCE([]float64{900, -900}, []float64{0.2, 0.9}, 0.5)
	})
	check.Float(t, 2, "PosWeightBCE([900 -900], [0.2 0.9], 0.5)", got, (0.8*900+0.5*0.9*900+0.1*0)/2, 1e-12)
}

func TestHiddenTask3PosWeightBCEGrad(t *testing.T) {
	unchanged := check.Keep(t, 3, "PosWeightBCEGrad(hidden, w=5)", hidZ, hidY)
	got := check.Call(t, 3, "PosWeightBCEGrad(hidden, w=5)", func() []float64 { return PosWeightBCEGrad(hidZ, hidY, 5) })
	unchanged()
	check.Grad(t, 3, "PosWeightBCEGrad(hidden, w=5)", func(z []float64) float64 { return refBCE(z, hidY, 5) }, hidZ, got, 1e-6)
	got = check.Call(t, 3, "PosWeightBCEGrad([900 -900], [0.2 0.9], 0.5)", func() []float64 {
		return PosWeightBCEGrad([]float64{900, -900}, []float64{0.2, 0.9}, 0.5)
	})
	check.Floats(t, 3, "PosWeightBCEGrad([900 -900], [0.2 0.9], 0.5)", got, []float64{(1*(1-0.5*0.2) - 0.5*0.2) / 2, (0 - 0.5*0.9) / 2}, 1e-12)
}
