package bce

import (
	"fmt"
	"math"
	"testing"

	"github.com/losscourse/losscourse/exercises/internal/check"
)

// naiveBCE is the textbook formula; correct only for moderate logits.
func naiveBCE(z, y float64) float64 {
	p := 1 / (1 + math.Exp(-z))
	return -(y*math.Log(p) + (1-y)*math.Log(1-p))
}

// Task 1
func TestTask1Softplus(t *testing.T) {
	for _, x := range []float64{-3, -0.5, 0, 0.5, 3} {
		call := fmt.Sprintf("Softplus(%v)", x)
		got := check.Call(t, 1, call, func() float64 { return Softplus(x) })
		check.Float(t, 1, call, got, math.Log(1+math.Exp(x)), 1e-12)
	}
	// Large x: log(1+e^800) overflows to +Inf, yet softplus(800) = 800.
	call := "Softplus(800)"
	got := check.Call(t, 1, call, func() float64 { return Softplus(800) })
	check.Float(t, 1, call, got, 800, 1e-12)
	// Very negative x: log(1 + e^-40) rounds to 0; log1p keeps the 4.2e-18.
	call = "Softplus(-40)"
	got = check.Call(t, 1, call, func() float64 { return Softplus(-40) })
	check.RelFloat(t, 1, call, got, math.Exp(-40), 1e-9)
	// x = 21: log(1 + e²¹) = 21 + 7.6e-10. Returning x for x > 20 (PyTorch's float32 shortcut) is off by 7.6e-10.
	call = "Softplus(21)"
	got = check.Call(t, 1, call, func() float64 { return Softplus(21) })
	check.Float(t, 1, call, got, 21+math.Log1p(math.Exp(-21)), 1e-13)
}

// Task 2
func TestTask2BCEWithLogitsElement(t *testing.T) {
	tests := []struct{ z, y, want float64 }{
		{0.7, 1, naiveBCE(0.7, 1)},
		{-1.3, 0, naiveBCE(-1.3, 0)},
		{2, 0.25, naiveBCE(2, 0.25)},
		{0, 0.5, math.Ln2},
		{-800, 1, 800}, // σ(−800) = 0 in float64: log σ = −Inf, yet the loss is 800
		{800, 0, 800},
		{800, 1, 0},
	}
	for _, tt := range tests {
		call := fmt.Sprintf("BCEWithLogitsElement(z=%v, y=%v)", tt.z, tt.y)
		got := check.Call(t, 2, call, func() float64 { return BCEWithLogitsElement(tt.z, tt.y) })
		check.Float(t, 2, call, got, tt.want, 1e-12)
	}
}

// Task 3
func TestTask3BCEWithLogits(t *testing.T) {
	z := []float64{0.5, -1, 3, -800}
	y := []float64{1, 0, 0, 1}
	want := (naiveBCE(0.5, 1) + naiveBCE(-1, 0) + naiveBCE(3, 0) + 800) / 4
	call := fmt.Sprintf("BCEWithLogits(z=%v, y=%v)", z, y)
	unchanged := check.Keep(t, 3, call, z, y)
	got := check.Call(t, 3, call, func() float64 { return BCEWithLogits(z, y) })
	check.Float(t, 3, call, got, want, 1e-12)
	unchanged()
}
