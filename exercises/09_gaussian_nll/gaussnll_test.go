package gaussnll

import (
	"fmt"
	"math"
	"testing"

	"github.com/losscourse/losscourse/exercises/internal/check"
)

var (
	exMean   = []float64{0.5, -1, 2, 0}
	exTarget = []float64{1, -0.5, 0, 0.1}
	exLogVar = []float64{0, -1, 1.2, 0.5}
)

func refNLLLogVar(mean, target, logVar []float64) float64 {
	s := 0.0
	for i := range mean {
		v := math.Exp(logVar[i])
		s += 0.5*math.Log(v) + (target[i]-mean[i])*(target[i]-mean[i])/(2*v)
	}
	return s / float64(len(mean))
}

// Task 1
func TestTask1GaussianNLL(t *testing.T) {
	variance := []float64{1, 0.5, 4, 1e-9}
	want := 0.0
	for i, v := range variance {
		v = math.Max(v, 1e-6)
		want += 0.5 * (math.Log(v) + (exTarget[i]-exMean[i])*(exTarget[i]-exMean[i])/v)
	}
	want /= 4
	call := fmt.Sprintf("GaussianNLL(mean=%v, target=%v, variance=%v, full=false, eps=1e-6)", exMean, exTarget, variance)
	unchanged := check.Keep(t, 1, call, exMean, exTarget, variance)
	got := check.Call(t, 1, call, func() float64 { return GaussianNLL(exMean, exTarget, variance, false, 1e-6) })
	check.Float(t, 1, call, got, want, 1e-12)
	unchanged() // clamp a copy, not the caller's variances

	call = fmt.Sprintf("GaussianNLL(mean=%v, target=%v, variance=%v, full=true, eps=1e-6)", exMean, exTarget, variance)
	got = check.Call(t, 1, call, func() float64 { return GaussianNLL(exMean, exTarget, variance, true, 1e-6) })
	check.Float(t, 1, call, got, want+0.5*math.Log(2*math.Pi), 1e-12)

	// Unit variance: the Gaussian NLL is half the MSE (the MLE view of MSE).
	ones := []float64{1, 1, 1, 1}
	mse := 0.0
	for i := range exMean {
		mse += (exTarget[i] - exMean[i]) * (exTarget[i] - exMean[i]) / 4
	}
	call = "GaussianNLL(mean, target, variance=[1 1 1 1], full=false, eps=1e-6)"
	got = check.Call(t, 1, call, func() float64 { return GaussianNLL(exMean, exTarget, ones, false, 1e-6) })
	check.Float(t, 1, call, got, mse/2, 1e-12)
}

// Task 2
func TestTask2GaussianNLLLogVar(t *testing.T) {
	call := fmt.Sprintf("GaussianNLLLogVar(mean=%v, target=%v, logVar=%v)", exMean, exTarget, exLogVar)
	unchanged := check.Keep(t, 2, call, exMean, exTarget, exLogVar)
	got := check.Call(t, 2, call, func() float64 { return GaussianNLLLogVar(exMean, exTarget, exLogVar) })
	check.Float(t, 2, call, got, refNLLLogVar(exMean, exTarget, exLogVar), 1e-12)
	unchanged()

	// A saturated log-variance: σ² = e⁷⁵⁰ overflows, yet the loss is ½(750 + 9·e⁻⁷⁵⁰) = 375. Use s itself
	// for log σ², never log(exp(s)).
	call = "GaussianNLLLogVar(mean=[0 1], target=[3 1], logVar=[750 -2])"
	got = check.Call(t, 2, call, func() float64 {
		return GaussianNLLLogVar([]float64{0, 1}, []float64{3, 1}, []float64{750, -2})
	})
	check.Float(t, 2, call, got, (375+0.5*-2)/2, 1e-12)
}

// Task 3
func TestTask3GaussianNLLLogVarGrad(t *testing.T) {
	call := fmt.Sprintf("GaussianNLLLogVarGrad(mean=%v, target=%v, logVar=%v)", exMean, exTarget, exLogVar)
	type pair struct{ dm, ds []float64 }
	got := check.Call(t, 3, call, func() pair {
		dm, ds := GaussianNLLLogVarGrad(exMean, exTarget, exLogVar)
		return pair{dm, ds}
	})
	check.Grad(t, 3, call+" dMean", func(m []float64) float64 { return refNLLLogVar(m, exTarget, exLogVar) }, exMean, got.dm, 1e-6)
	check.Grad(t, 3, call+" dLogVar", func(s []float64) float64 { return refNLLLogVar(exMean, exTarget, s) }, exLogVar, got.ds, 1e-6)

	// Saturated log-variance: e⁻⁷⁵⁰ = 0, so ∂L/∂μ = 0 and ∂L/∂s = ½/n exactly.
	m, y, s := []float64{0, 1}, []float64{3, 1}, []float64{750, -2}
	call = fmt.Sprintf("GaussianNLLLogVarGrad(mean=%v, target=%v, logVar=%v)", m, y, s)
	unchanged := check.Keep(t, 3, call, m, y, s)
	got = check.Call(t, 3, call, func() pair {
		dm, ds := GaussianNLLLogVarGrad(m, y, s)
		return pair{dm, ds}
	})
	unchanged()
	check.Floats(t, 3, call+" dMean", got.dm, []float64{0, 0}, 1e-12)
	check.Floats(t, 3, call+" dLogVar", got.ds, []float64{0.25, 0.25}, 1e-12)
}
