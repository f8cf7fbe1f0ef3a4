package course

import (
	"math"
	"testing"
)

func TestHostMath(t *testing.T) {
	for _, z := range []float64{-800, -30, -1, 0, 2, 40, 800} {
		want := 1 / (1 + math.Exp(-z))
		if got := Sigmoid(z); math.Abs(got-want) > 1e-15 || math.IsNaN(got) {
			t.Errorf("Sigmoid(%g) = %g, want %g", z, got, want)
		}
	}
	if got := LogSumExp([]float64{1000, 1000}); math.Abs(got-(1000+math.Ln2)) > 1e-12 {
		t.Errorf("LogSumExp overflowed: %g", got)
	}
	if got := LogSumExp([]float64{math.Inf(-1), math.Inf(-1)}); !math.IsInf(got, -1) {
		t.Errorf("LogSumExp of −Inf = %g, want −Inf", got)
	}
	s := Softmax([]float64{1, 2, 3})
	sum := s[0] + s[1] + s[2]
	if math.Abs(sum-1) > 1e-15 || !(s[0] < s[1] && s[1] < s[2]) {
		t.Errorf("Softmax = %v (sum %g)", s, sum)
	}
	if got := Softmax([]float64{-1000, 0}); got[1] != 1 || math.IsNaN(got[0]) {
		t.Errorf("Softmax([-1000 0]) = %v", got)
	}
	if got := OneHot(2, 4); MaxAbsDiff(got, []float64{0, 0, 1, 0}) != 0 {
		t.Errorf("OneHot = %v", got)
	}
}

func TestIntegrateAndNormal(t *testing.T) {
	if got := Integrate(func(x float64) float64 { return NormalPDF(x, 1, 0.5) }, -9, 11, 2000); math.Abs(got-1) > 1e-12 {
		t.Errorf("∫ N(1, 0.25) = %.15f, want 1", got)
	}
	if got := Integrate(func(x float64) float64 { return x * x * x }, 0, 2, 3); math.Abs(got-4) > 1e-12 {
		t.Errorf("∫₀² x³ = %g, want 4 (Simpson is exact for cubics; n = 3 is rounded up to 4)", got)
	}
	// E[x²] under N(μ, σ²) is μ² + σ².
	got := Integrate(func(x float64) float64 { return x * x * NormalPDF(x, 0.5, 2) }, -20, 21, 4000)
	if math.Abs(got-4.25) > 1e-9 {
		t.Errorf("E[x²] = %g, want 4.25", got)
	}
	if got := NormalLogPDF(0, 0, 1); math.Abs(got+0.5*math.Log(2*math.Pi)) > 1e-15 {
		t.Errorf("NormalLogPDF(0; 0, 1) = %g", got)
	}
}
