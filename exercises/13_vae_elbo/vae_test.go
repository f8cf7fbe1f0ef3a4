package vae

import (
	"fmt"
	"math"
	"testing"

	"github.com/losscourse/losscourse/exercises/internal/check"
)

// refKL is KL(N(μ, σ²) ‖ N(0, 1)) summed over dimensions, written as log σ − ... to be independent.
func refKL(mean, logVar []float64) float64 {
	s := 0.0
	for j := range mean {
		sigma := math.Exp(logVar[j] / 2)
		s += -math.Log(sigma) + (sigma*sigma+mean[j]*mean[j])/2 - 0.5
	}
	return s
}

var (
	exMean   = []float64{0.5, -1, 0}
	exLogVar = []float64{0, 0.7, -1.5}
)

// Task 1
func TestTask1GaussianKL(t *testing.T) {
	call := fmt.Sprintf("GaussianKL(mean=%v, logVar=%v)", exMean, exLogVar)
	unchanged := check.Keep(t, 1, call, exMean, exLogVar)
	got := check.Call(t, 1, call, func() float64 { return GaussianKL(exMean, exLogVar) })
	check.Float(t, 1, call, got, refKL(exMean, exLogVar), 1e-12)
	unchanged()

	// Saturated log-variances: σ² = e⁻⁷⁵⁰ underflows to 0 (KL = −½(1 − 750) = 374.5, finite: use
	// logVar itself as log σ²), and σ² = e⁷⁵⁰ overflows (the KL really is +Inf).
	for _, tt := range []struct {
		logVar, want float64
	}{{-750, 374.5}, {750, math.Inf(1)}} {
		call := fmt.Sprintf("GaussianKL(mean=[0], logVar=[%v])", tt.logVar)
		got := check.Call(t, 1, call, func() float64 { return GaussianKL([]float64{0}, []float64{tt.logVar}) })
		check.Float(t, 1, call, got, tt.want, 1e-12)
	}

	call = "GaussianKL(mean=[0 0], logVar=[0 0]) (q = p)"
	got = check.Call(t, 1, call, func() float64 { return GaussianKL([]float64{0, 0}, []float64{0, 0}) })
	check.Float(t, 1, call, got, 0, 1e-12)
}

// Task 2
func TestTask2GaussianKLGrad(t *testing.T) {
	call := fmt.Sprintf("GaussianKLGrad(mean=%v, logVar=%v)", exMean, exLogVar)
	type pair struct{ dm, ds []float64 }
	got := check.Call(t, 2, call, func() pair {
		dm, ds := GaussianKLGrad(exMean, exLogVar)
		return pair{dm, ds}
	})
	check.Grad(t, 2, call+" dMean", func(m []float64) float64 { return refKL(m, exLogVar) }, exMean, got.dm, 1e-6)
	check.Grad(t, 2, call+" dLogVar", func(s []float64) float64 { return refKL(exMean, s) }, exLogVar, got.ds, 1e-6)
	// ∂KL/∂μ = μ in value, but in a new slice: the caller updates μ with it.
	check.NotAliased(t, 2, call+" dMean", got.dm, exMean, exLogVar)
	check.NotAliased(t, 2, call+" dLogVar", got.ds, exMean, exLogVar)

	call = "GaussianKLGrad(mean=[0.5], logVar=[-750])"
	got = check.Call(t, 2, call, func() pair {
		dm, ds := GaussianKLGrad([]float64{0.5}, []float64{-750})
		return pair{dm, ds}
	})
	check.Floats(t, 2, call+" dMean", got.dm, []float64{0.5}, 1e-12)
	check.Floats(t, 2, call+" dLogVar", got.ds, []float64{-0.5}, 1e-12)
}

// Task 3
func TestTask3GaussianNegELBO(t *testing.T) {
	x := []float64{0.2, 0.9, -0.4, 1}
	xHat := []float64{0.1, 1.2, -0.4, 0.5}
	rec := 0.5 * (0.01 + 0.09 + 0 + 0.25)
	for _, beta := range []float64{1, 4} {
		call := fmt.Sprintf("GaussianNegELBO(x=%v, xHat=%v, mean=%v, logVar=%v, beta=%v)", x, xHat, exMean, exLogVar, beta)
		unchanged := check.Keep(t, 3, call, x, xHat, exMean, exLogVar)
		got := check.Call(t, 3, call, func() float64 { return GaussianNegELBO(x, xHat, exMean, exLogVar, beta) })
		check.Float(t, 3, call, got, rec+beta*refKL(exMean, exLogVar), 1e-12)
		unchanged()
	}
}

// Task 4
func TestTask4BernoulliNegELBO(t *testing.T) {
	x := []float64{1, 0, 1, 0.5}
	logits := []float64{2, -1, -800, 0.3}
	rec := 0.0
	for k := range x {
		if logits[k] == -800 {
			rec += 800 // −log σ(−800) for a pixel that is 1
			continue
		}
		p := 1 / (1 + math.Exp(-logits[k]))
		rec -= x[k]*math.Log(p) + (1-x[k])*math.Log(1-p)
	}
	call := fmt.Sprintf("BernoulliNegELBO(x=%v, logits=%v, mean=%v, logVar=%v)", x, logits, exMean, exLogVar)
	unchanged := check.Keep(t, 4, call, x, logits, exMean, exLogVar)
	got := check.Call(t, 4, call, func() float64 { return BernoulliNegELBO(x, logits, exMean, exLogVar) })
	check.Float(t, 4, call, got, rec+refKL(exMean, exLogVar), 1e-12)
	unchanged()

	// Confidently right pixels cost 0 (both terms saturated), a confidently wrong black pixel 800.
	x, logits = []float64{1, 0, 0}, []float64{800, -800, 800}
	call = fmt.Sprintf("BernoulliNegELBO(x=%v, logits=%v, mean=[0], logVar=[0])", x, logits)
	got = check.Call(t, 4, call, func() float64 { return BernoulliNegELBO(x, logits, []float64{0}, []float64{0}) })
	check.Float(t, 4, call, got, 800, 1e-12)
}
