package gan

import (
	"fmt"
	"math"
	"testing"

	"github.com/losscourse/losscourse/exercises/internal/check"
)

func refSig(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

var (
	exReal = []float64{2, 0.5, -1, 3}
	exFake = []float64{-3, 0.2, 1}
)

// Task 1
func TestTask1DiscriminatorLoss(t *testing.T) {
	want := 0.0
	for _, r := range exReal {
		want -= math.Log(refSig(r)) / 4
	}
	for _, f := range exFake {
		want -= math.Log(1-refSig(f)) / 3
	}
	call := fmt.Sprintf("DiscriminatorLoss(real=%v, fake=%v)", exReal, exFake)
	unchanged := check.Keep(t, 1, call, exReal, exFake)
	got := check.Call(t, 1, call, func() float64 { return DiscriminatorLoss(exReal, exFake) })
	check.Float(t, 1, call, got, want, 1e-12)
	unchanged()

	call = "DiscriminatorLoss(real=[-800], fake=[800]) (maximally wrong)"
	got = check.Call(t, 1, call, func() float64 { return DiscriminatorLoss([]float64{-800}, []float64{800}) })
	check.Float(t, 1, call, got, 1600, 1e-12)
}

// Task 2
func TestTask2GeneratorLosses(t *testing.T) {
	mm, ns := 0.0, 0.0
	for _, f := range exFake {
		mm += math.Log(1-refSig(f)) / 3
		ns -= math.Log(refSig(f)) / 3
	}
	call := fmt.Sprintf("GeneratorMinimaxLoss(%v)", exFake)
	got := check.Call(t, 2, call, func() float64 { return GeneratorMinimaxLoss(exFake) })
	check.Float(t, 2, call, got, mm, 1e-12)
	call = fmt.Sprintf("GeneratorNonSaturatingLoss(%v)", exFake)
	got = check.Call(t, 2, call, func() float64 { return GeneratorNonSaturatingLoss(exFake) })
	check.Float(t, 2, call, got, ns, 1e-12)
	call = "GeneratorNonSaturatingLoss([-800])"
	got = check.Call(t, 2, call, func() float64 { return GeneratorNonSaturatingLoss([]float64{-800}) })
	check.Float(t, 2, call, got, 800, 1e-12)
	// Both losses at both saturations: D fooled (f = 800) and D certain (f = −800).
	sat := []float64{800, -800}
	call = fmt.Sprintf("GeneratorMinimaxLoss(%v)", sat)
	unchanged := check.Keep(t, 2, call, sat)
	got = check.Call(t, 2, call, func() float64 { return GeneratorMinimaxLoss(sat) })
	check.Float(t, 2, call, got, -400, 1e-12)
	unchanged()
	call = fmt.Sprintf("GeneratorNonSaturatingLoss(%v)", sat)
	got = check.Call(t, 2, call, func() float64 { return GeneratorNonSaturatingLoss(sat) })
	check.Float(t, 2, call, got, 400, 1e-12)
	unchanged()
}

// Task 3
func TestTask3GeneratorGrads(t *testing.T) {
	type pair struct{ mm, ns []float64 }
	call := fmt.Sprintf("GeneratorGrads(%v)", exFake)
	unchanged := check.Keep(t, 3, call, exFake)
	got := check.Call(t, 3, call, func() pair { a, b := GeneratorGrads(exFake); return pair{a, b} })
	unchanged()
	mmLoss := func(f []float64) float64 {
		s := 0.0
		for _, v := range f {
			s += math.Log(1-refSig(v)) / float64(len(f))
		}
		return s
	}
	nsLoss := func(f []float64) float64 {
		s := 0.0
		for _, v := range f {
			s -= math.Log(refSig(v)) / float64(len(f))
		}
		return s
	}
	check.Grad(t, 3, call+" minimax", mmLoss, exFake, got.mm, 1e-6)
	check.Grad(t, 3, call+" non-saturating", nsLoss, exFake, got.ns, 1e-6)

	// Saturated: σ(800) = 1, σ(−800) = 0 exactly. The minimax gradient vanishes where the
	// generator is worst (f = −800); the non-saturating one does not.
	sat := []float64{800, -800}
	call = fmt.Sprintf("GeneratorGrads(%v)", sat)
	got = check.Call(t, 3, call, func() pair { a, b := GeneratorGrads(sat); return pair{a, b} })
	check.Floats(t, 3, call+" minimax", got.mm, []float64{-0.5, 0}, 1e-12)
	check.Floats(t, 3, call+" non-saturating", got.ns, []float64{0, -0.5}, 1e-12)
}
