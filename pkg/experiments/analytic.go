package experiments

import (
	"math"

	"github.com/losscourse/losscourse/pkg/course"
)

// KL returns the Kullback–Leibler divergence ∫ p log(p/q) of two 1-D densities
// over [lo, hi] (course.Integrate, Simpson's rule with n intervals; points where
// p < 1e-300 add 0).
func KL(p, q func(float64) float64, lo, hi float64, n int) float64 {
	return course.Integrate(func(x float64) float64 {
		px := p(x)
		if px < 1e-300 {
			return 0
		}
		return px * math.Log(px/q(x))
	}, lo, hi, n)
}

// JSD returns the Jensen–Shannon divergence ½KL(p‖m) + ½KL(q‖m), m = (p + q)/2,
// in nats (between 0 and log 2).
func JSD(p, q func(float64) float64, lo, hi float64, n int) float64 {
	m := func(x float64) float64 { return 0.5 * (p(x) + q(x)) }
	return 0.5*KL(p, m, lo, hi, n) + 0.5*KL(q, m, lo, hi, n)
}
