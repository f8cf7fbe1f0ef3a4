package experiments

import "math"

// NormalPDF returns the density of N(mu, sigma²) as a function.
func NormalPDF(mu, sigma float64) func(x float64) float64 {
	return func(x float64) float64 {
		d := (x - mu) / sigma
		return math.Exp(-0.5*d*d) / (sigma * math.Sqrt(2*math.Pi))
	}
}

// Integrate returns ∫ f(x) dx over [lo, hi] by the trapezoid rule with n intervals
// (error O(h²) for smooth f; for the Gaussian integrands of the GAN notebook on
// [−12, 12] with n = 24 000 it is below 1e-12).
func Integrate(f func(x float64) float64, lo, hi float64, n int) float64 {
	h := (hi - lo) / float64(n)
	s := 0.5 * (f(lo) + f(hi))
	for i := 1; i < n; i++ {
		s += f(lo + float64(i)*h)
	}
	return s * h
}

// KL returns the Kullback–Leibler divergence ∫ p log(p/q) of two 1-D densities
// over [lo, hi] (Integrate with n intervals; points where p < 1e-300 add 0).
func KL(p, q func(float64) float64, lo, hi float64, n int) float64 {
	return Integrate(func(x float64) float64 {
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
