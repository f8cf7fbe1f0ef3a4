package bcegrad

import (
	"fmt"
	"math"
	"testing"

	"github.com/losscourse/losscourse/exercises/internal/check"
)

func refSoftplus(x float64) float64 { return math.Max(x, 0) + math.Log1p(math.Exp(-math.Abs(x))) }

// refBCE is the mean BCE with logits and positive weight w (the loss whose gradient you write).
func refBCE(z, y []float64, w float64) float64 {
	s := 0.0
	for i := range z {
		s += w*y[i]*refSoftplus(-z[i]) + (1-y[i])*refSoftplus(z[i])
	}
	return s / float64(len(z))
}

var (
	exZ = []float64{-2.5, -0.3, 0.1, 1.7, 4}
	exY = []float64{0, 1, 0.3, 1, 0}
)

// Task 1
func TestTask1BCEGrad(t *testing.T) {
	call := fmt.Sprintf("BCEGrad(z=%v, y=%v)", exZ, exY)
	unchanged := check.Keep(t, 1, call, exZ, exY)
	got := check.Call(t, 1, call, func() []float64 { return BCEGrad(exZ, exY) })
	unchanged()
	check.Grad(t, 1, call, func(z []float64) float64 { return refBCE(z, exY, 1) }, exZ, got, 1e-6)

	// Saturated logits: the gradient must stay finite (±1/n), never NaN.
	z, y := []float64{-800, 800}, []float64{1, 0}
	call = fmt.Sprintf("BCEGrad(z=%v, y=%v)", z, y)
	got = check.Call(t, 1, call, func() []float64 { return BCEGrad(z, y) })
	check.Floats(t, 1, call, got, []float64{-0.5, 0.5}, 1e-12)
}

// Task 2
func TestTask2PosWeightBCE(t *testing.T) {
	for _, w := range []float64{1, 3} {
		call := fmt.Sprintf("PosWeightBCE(z=%v, y=%v, w=%v)", exZ, exY, w)
		got := check.Call(t, 2, call, func() float64 { return PosWeightBCE(exZ, exY, w) })
		check.Float(t, 2, call, got, refBCE(exZ, exY, w), 1e-12)
	}
	call := "PosWeightBCE(z=[-800], y=[1], w=2)"
	got := check.Call(t, 2, call, func() float64 { return PosWeightBCE([]float64{-800}, []float64{1}, 2) })
	check.Float(t, 2, call, got, 1600, 1e-12)
	// Both terms saturate: softplus in each, never log σ or log(1 + eᶻ).
	z, y := []float64{800, -800, 800}, []float64{0, 1, 0.5}
	call = fmt.Sprintf("PosWeightBCE(z=%v, y=%v, w=3)", z, y)
	unchanged := check.Keep(t, 2, call, z, y)
	got = check.Call(t, 2, call, func() float64 { return PosWeightBCE(z, y, 3) })
	check.Float(t, 2, call, got, (800+3*800+0.5*800)/3, 1e-12)
	unchanged()
}

// Task 3
func TestTask3PosWeightBCEGrad(t *testing.T) {
	for _, w := range []float64{1, 3, 0.2} {
		call := fmt.Sprintf("PosWeightBCEGrad(z=%v, y=%v, w=%v)", exZ, exY, w)
		got := check.Call(t, 3, call, func() []float64 { return PosWeightBCEGrad(exZ, exY, w) })
		check.Grad(t, 3, call, func(z []float64) float64 { return refBCE(z, exY, w) }, exZ, got, 1e-6)
	}
	// Saturated logits: σ(800) = 1 and σ(−800) = 0 exactly; eᶻ/(1 + eᶻ) would be Inf/Inf = NaN.
	z, y := []float64{800, -800, 800}, []float64{0, 1, 0.5}
	call := fmt.Sprintf("PosWeightBCEGrad(z=%v, y=%v, w=3)", z, y)
	unchanged := check.Keep(t, 3, call, z, y)
	got := check.Call(t, 3, call, func() []float64 { return PosWeightBCEGrad(z, y, 3) })
	check.Floats(t, 3, call, got, []float64{1.0 / 3, -1, (2 - 1.5) / 3}, 1e-12)
	unchanged()
}
