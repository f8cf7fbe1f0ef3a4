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
	got := check.Call(t, 1, call, func() float64 { return DiscriminatorLoss(exReal, exFake) })
	check.Float(t, 1, call, got, want, 1e-12)

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
}

// Task 3
func TestTask3GeneratorGrads(t *testing.T) {
	type pair struct{ mm, ns []float64 }
	call := fmt.Sprintf("GeneratorGrads(%v)", exFake)
	got := check.Call(t, 3, call, func() pair { a, b := GeneratorGrads(exFake); return pair{a, b} })
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
}
