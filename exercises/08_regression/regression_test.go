package regression

import (
	"fmt"
	"testing"

	"github.com/losscourse/losscourse/exercises/internal/check"
)

var (
	exPred   = []float64{1.5, -0.2, 3, 0.4, 10}
	exTarget = []float64{1, 0.3, 0.5, 0.4, 2}
	// residuals ŷ − y: 0.5, −0.5, 2.5, 0, 8
)

// Task 1
func TestTask1MSE(t *testing.T) {
	call := fmt.Sprintf("MSE(%v, %v)", exPred, exTarget)
	unchanged := check.Keep(t, 1, call, exPred, exTarget)
	got := check.Call(t, 1, call, func() float64 { return MSE(exPred, exTarget) })
	check.Float(t, 1, call, got, (0.25+0.25+6.25+0+64)/5, 1e-12)
	unchanged()
}

// Task 2
func TestTask2MAE(t *testing.T) {
	call := fmt.Sprintf("MAE(%v, %v)", exPred, exTarget)
	unchanged := check.Keep(t, 2, call, exPred, exTarget)
	got := check.Call(t, 2, call, func() float64 { return MAE(exPred, exTarget) })
	check.Float(t, 2, call, got, (0.5+0.5+2.5+0+8)/5, 1e-12)
	unchanged()
}

// Task 3
func TestTask3Huber(t *testing.T) {
	tests := []struct{ delta, want float64 }{
		{1, (0.125 + 0.125 + 2 + 0 + 7.5) / 5},      // 2.5 → 1·(2.5−0.5), 8 → 7.5
		{3, (0.125 + 0.125 + 3.125 + 0 + 19.5) / 5}, // 8 → 3·(8−1.5)
	}
	for _, tt := range tests {
		call := fmt.Sprintf("Huber(%v, %v, delta=%v)", exPred, exTarget, tt.delta)
		unchanged := check.Keep(t, 3, call, exPred, exTarget)
		got := check.Call(t, 3, call, func() float64 { return Huber(exPred, exTarget, tt.delta) })
		check.Float(t, 3, call, got, tt.want, 1e-12)
		unchanged()
	}
	// A large negative residual (ŷ − y = −5) is in the linear branch too: compare |r| with δ.
	call := "Huber([0 1], [5 1], delta=1)"
	got := check.Call(t, 3, call, func() float64 { return Huber([]float64{0, 1}, []float64{5, 1}, 1) })
	check.Float(t, 3, call, got, 4.5/2, 1e-12)
}

// Task 4
func TestTask4SmoothL1(t *testing.T) {
	tests := []struct{ beta, want float64 }{
		{1, (0.125 + 0.125 + 2 + 0 + 7.5) / 5},           // β = 1: same as Huber(δ = 1)
		{3, (0.125/3 + 0.125/3 + 3.125/3 + 0 + 6.5) / 5}, // Huber(δ = 3)/3
		{0, (0.5 + 0.5 + 2.5 + 0 + 8) / 5},               // β = 0: plain L1
	}
	for _, tt := range tests {
		call := fmt.Sprintf("SmoothL1(%v, %v, beta=%v)", exPred, exTarget, tt.beta)
		unchanged := check.Keep(t, 4, call, exPred, exTarget)
		got := check.Call(t, 4, call, func() float64 { return SmoothL1(exPred, exTarget, tt.beta) })
		check.Float(t, 4, call, got, tt.want, 1e-12)
		unchanged()
	}
	call := "SmoothL1([0 1], [5 1], beta=2)"
	got := check.Call(t, 4, call, func() float64 { return SmoothL1([]float64{0, 1}, []float64{5, 1}, 2) })
	check.Float(t, 4, call, got, 4.0/2, 1e-12)
}

// Task 5
func TestTask5HuberGrad(t *testing.T) {
	pred := []float64{1.5, -0.2, 3, 0.45, 10}
	for _, delta := range []float64{1, 3} {
		call := fmt.Sprintf("HuberGrad(%v, %v, delta=%v)", pred, exTarget, delta)
		unchanged := check.Keep(t, 5, call, pred, exTarget)
		got := check.Call(t, 5, call, func() []float64 { return HuberGrad(pred, exTarget, delta) })
		unchanged()
		loss := func(p []float64) float64 {
			s := 0.0
			for i := range p {
				r := p[i] - exTarget[i]
				if r < 0 {
					r = -r
				}
				if r <= delta {
					s += r * r / 2
				} else {
					s += delta * (r - delta/2)
				}
			}
			return s / float64(len(p))
		}
		check.Grad(t, 5, call, loss, pred, got, 1e-6)
	}
}
