package experiments

import (
	"math"
	"testing"

	"github.com/losscourse/losscourse/pkg/course"
)

func normal(mu, sigma float64) func(float64) float64 {
	return func(x float64) float64 { return course.NormalPDF(x, mu, sigma) }
}

func TestDivergences(t *testing.T) {
	const lo, hi, n = -12.0, 12.0, 24000
	p, q := normal(0, 1), normal(1.5, 0.8)
	// KL(N(μ₁,σ₁²) ‖ N(μ₂,σ₂²)) = log(σ₂/σ₁) + (σ₁² + (μ₁−μ₂)²)/(2σ₂²) − ½.
	want := math.Log(0.8/1) + (1+1.5*1.5)/(2*0.64) - 0.5
	if got := KL(p, q, lo, hi, n); math.Abs(got-want) > 1e-9 {
		t.Errorf("KL = %.12f, want %.12f", got, want)
	}
	if got := JSD(p, p, lo, hi, n); math.Abs(got) > 1e-12 {
		t.Errorf("JSD(p, p) = %g, want 0", got)
	}
	if got := JSD(normal(-30, 1), normal(30, 1), -40, 40, 80000); math.Abs(got-math.Log(2)) > 1e-9 {
		t.Errorf("JSD of disjoint densities = %.12f, want log 2", got)
	}
}
