package temperature

import (
	"fmt"
	"math"
	"testing"

	"github.com/losscourse/losscourse/exercises/internal/check"
)

// refLoss is InfoNCE in float64 by the definition (fine for τ ≥ 0.05).
func refLoss(s []float64, pos int, tau float64) float64 {
	z := 0.0
	for _, v := range s {
		z += math.Exp(v / tau)
	}
	return -math.Log(math.Exp(s[pos]/tau) / z)
}

// One positive (index 0, similarity 0.6) and three negatives, the hardest at 0.8.
var sims = []float64{0.6, 0.8, 0.1, -0.3}

// Task 1
func TestTask1InfoNCE(t *testing.T) {
	for _, tau := range []float64{1, 0.5, 0.1} {
		call := fmt.Sprintf("InfoNCE(sims=%v, pos=0, tau=%v)", sims, tau)
		check.Float(t, 1, call, check.Call(t, 1, call, func() float64 { return InfoNCE(sims, 0, tau) }), refLoss(sims, 0, tau), 1e-12)
	}
	// τ = 1e-3: s/τ = 800 overflows exp; the loss is ≈ (0.8 − 0.6)/τ = 200.
	for _, tau := range []float64{1e-3, 1e-4} {
		call := fmt.Sprintf("InfoNCE(sims=%v, pos=0, tau=%v)", sims, tau)
		check.Float(t, 1, call, check.Call(t, 1, call, func() float64 { return InfoNCE(sims, 0, tau) }), 0.2/tau, 1e-9)
	}
}

// Task 2
func TestTask2Grad(t *testing.T) {
	for _, tau := range []float64{1, 0.2} {
		call := fmt.Sprintf("Grad(sims=%v, pos=0, tau=%v)", sims, tau)
		got := check.Call(t, 2, call, func() []float64 { return Grad(sims, 0, tau) })
		check.Grad(t, 2, call, func(s []float64) float64 { return refLoss(s, 0, tau) }, sims, got, 1e-6)
	}
	// As τ → 0 the whole push goes to the hardest negative, with magnitude 1/τ.
	call := fmt.Sprintf("Grad(sims=%v, pos=0, tau=0.001)", sims)
	got := check.Call(t, 2, call, func() []float64 { return Grad(sims, 0, 1e-3) })
	check.Floats(t, 2, call, got, []float64{-1000, 1000, 0, 0}, 1e-9)
}

// Task 3
func TestTask3NegativeWeights(t *testing.T) {
	call := fmt.Sprintf("NegativeWeights(sims=%v, pos=0, tau=0.5)", sims)
	got := check.Call(t, 3, call, func() []float64 { return NegativeWeights(sims, 0, 0.5) })
	e1, e2, e3 := math.Exp(0.8/0.5), math.Exp(0.1/0.5), math.Exp(-0.3/0.5)
	check.Floats(t, 3, call, got, []float64{0, e1 / (e1 + e2 + e3), e2 / (e1 + e2 + e3), e3 / (e1 + e2 + e3)}, 1e-12)

	for _, tt := range []struct {
		tau  float64
		want []float64
		what string
	}{
		{1e-3, []float64{0, 1, 0, 0}, "τ → 0: the hardest negative takes everything"},
		{1e-4, []float64{0, 1, 0, 0}, "τ → 0: the hardest negative takes everything"},
		{1e4, []float64{0, 1.0 / 3, 1.0 / 3, 1.0 / 3}, "τ → ∞: evenly spread"},
	} {
		call := fmt.Sprintf("NegativeWeights(sims=%v, pos=0, tau=%v) (%s)", sims, tt.tau, tt.what)
		got := check.Call(t, 3, call, func() []float64 { return NegativeWeights(sims, 0, tt.tau) })
		check.Floats(t, 3, call, got, tt.want, 1e-4)
	}
}

// Task 4
func TestTask4EffectiveNegatives(t *testing.T) {
	prev := 0.0
	for _, tau := range []float64{1e-4, 1e-3, 0.01, 0.05, 0.1, 0.5, 1, 10, 1e4} {
		call := fmt.Sprintf("EffectiveNegatives(sims=%v, pos=0, tau=%v)", sims, tau)
		got := check.Call(t, 4, call, func() float64 { return EffectiveNegatives(sims, 0, tau) })
		if math.IsNaN(got) || got < 1-1e-9 || got > 3+1e-9 || got < prev-1e-12 {
			t.Errorf("Task 4: %s: got %.6g, want a number in [1, 3] that grows with τ (previous τ gave %.6g)", call, got, prev)
		}
		prev = got
		switch tau {
		case 1e-4:
			check.Float(t, 4, call, got, 1, 1e-9)
		case 1e4:
			check.Float(t, 4, call, got, 3, 1e-6)
		}
	}
	// Two negatives tied for hardest share the push as τ → 0.
	tied := []float64{0.5, 0.7, 0.7, 0.1, 0}
	call := fmt.Sprintf("EffectiveNegatives(sims=%v, pos=0, tau=0.001)", tied)
	check.Float(t, 4, call, check.Call(t, 4, call, func() float64 { return EffectiveNegatives(tied, 0, 1e-3) }), 2, 1e-9)
}
