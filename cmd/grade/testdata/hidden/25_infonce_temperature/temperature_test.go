package temperature

// Hidden tests: added by cmd/grade at grading time (go test -overlay); not in the learner's folder.
// Self-contained: they use only exercises/internal and pkg/, no helper of the visible tests.

import (
	"math"
	"testing"

	"github.com/losscourse/losscourse/exercises/internal/check"
)

// The positive in the middle, and it is the most similar: as τ → 0 the loss and the
// gradient vanish (an easy anchor), but the weights still point at the hardest negative.
var hidSims = []float64{0.2, -0.1, 0.9, 0.4}

func TestHiddenTask1InfoNCE(t *testing.T) {
	check.Float(t, 1, "InfoNCE([0.2 -0.1 0.9 0.4], pos=2, tau=1e-4)", check.Call(t, 1, "InfoNCE", func() float64 { return InfoNCE(hidSims, 2, 1e-4) }), 0, 1e-12)
	z := math.Exp(0.2/0.3) + math.Exp(-0.1/0.3) + math.Exp(0.9/0.3) + math.Exp(0.4/0.3)
	check.Float(t, 1, "InfoNCE([0.2 -0.1 0.9 0.4], pos=2, tau=0.3)", check.Call(t, 1, "InfoNCE", func() float64 { return InfoNCE(hidSims, 2, 0.3) }), math.Log(z)-3, 1e-12)
}

func TestHiddenTask2Grad(t *testing.T) {
	got := check.Call(t, 2, "Grad([0.2 -0.1 0.9 0.4], pos=2, tau=1e-4)", func() []float64 { return Grad(hidSims, 2, 1e-4) })
	check.Floats(t, 2, "Grad([0.2 -0.1 0.9 0.4], pos=2, tau=1e-4)", got, []float64{0, 0, 0, 0}, 1e-9)
	got = check.Call(t, 2, "Grad([0.2 -0.1 0.9 0.4], pos=1, tau=0.25)", func() []float64 { return Grad(hidSims, 1, 0.25) })
	z := 0.0
	for _, s := range hidSims {
		z += math.Exp(s / 0.25)
	}
	want := make([]float64, 4)
	for k, s := range hidSims {
		want[k] = math.Exp(s/0.25) / z / 0.25
	}
	want[1] -= 4
	check.Floats(t, 2, "Grad([0.2 -0.1 0.9 0.4], pos=1, tau=0.25)", got, want, 1e-12)
}

func TestHiddenTask3NegativeWeights(t *testing.T) {
	got := check.Call(t, 3, "NegativeWeights([0.2 -0.1 0.9 0.4], pos=2, tau=1e-4)", func() []float64 { return NegativeWeights(hidSims, 2, 1e-4) })
	check.Floats(t, 3, "NegativeWeights([0.2 -0.1 0.9 0.4], pos=2, tau=1e-4)", got, []float64{0, 0, 0, 1}, 1e-9)
	got = check.Call(t, 3, "NegativeWeights([0.3 0.5], pos=1, tau=0.01)", func() []float64 { return NegativeWeights([]float64{0.3, 0.5}, 1, 0.01) })
	check.Floats(t, 3, "NegativeWeights([0.3 0.5], pos=1, tau=0.01)", got, []float64{1, 0}, 1e-12)
}

func TestHiddenTask4EffectiveNegatives(t *testing.T) {
	check.Float(t, 4, "EffectiveNegatives([0.3 0.5], pos=1, tau=100)", check.Call(t, 4, "EffectiveNegatives", func() float64 { return EffectiveNegatives([]float64{0.3, 0.5}, 1, 100) }), 1, 1e-12)
	w := []float64{math.Exp(0.2 / 0.2), math.Exp(-0.1 / 0.2), math.Exp(0.4 / 0.2)}
	s := w[0] + w[1] + w[2]
	h := 0.0
	for _, v := range w {
		h -= v / s * math.Log(v/s)
	}
	check.Float(t, 4, "EffectiveNegatives([0.2 -0.1 0.9 0.4], pos=2, tau=0.2)", check.Call(t, 4, "EffectiveNegatives", func() float64 { return EffectiveNegatives(hidSims, 2, 0.2) }), math.Exp(h), 1e-12)
}
