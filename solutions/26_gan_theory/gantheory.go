// Package gantheory: the optimal discriminator, the minimax value at it
// (−log 4 + 2·JSD), and what WGAN's weight clipping does to a critic.
package gantheory

import "math"

// OptimalDiscriminator returns, for discrete distributions pData and pG over the
// same points, the discriminator that maximises the GAN value V(D, G) for a fixed
// generator (Goodfellow et al. 2014, Proposition 1):
//
//	D*(x) = p_data(x) / (p_data(x) + p_g(x))
//
// Where both are 0 no sample ever lands and D* is arbitrary: return 0.5.
//
// Task 1.
func OptimalDiscriminator(pData, pG []float64) []float64 {
	d := make([]float64, len(pData))
	for i := range pData {
		if s := pData[i] + pG[i]; s > 0 {
			d[i] = pData[i] / s
		} else {
			d[i] = 0.5
		}
	}
	return d
}

// JSD returns the Jensen–Shannon divergence, in nats, of two discrete
// distributions p and q:
//
//	JSD(p, q) = ½ KL(p ‖ m) + ½ KL(q ‖ m),   m = (p + q)/2,   KL(p ‖ m) = Σ p log(p/m)
//
// with 0·log 0 = 0. It is 0 when p = q and log 2 when their supports are disjoint.
//
// Task 2.
func JSD(p, q []float64) float64 {
	j := 0.0
	for i := range p {
		m := (p[i] + q[i]) / 2
		if p[i] > 0 {
			j += p[i] * math.Log(p[i]/m) / 2
		}
		if q[i] > 0 {
			j += q[i] * math.Log(q[i]/m) / 2
		}
	}
	return j
}

// Value returns the GAN minimax objective for a discriminator d (probabilities
// of "real", one per point) on discrete distributions:
//
//	V(D, G) = E_{x~p_data}[log D(x)] + E_{x~p_g}[log(1 − D(x))]
//	        = Σₓ p_data(x)·log D(x) + Σₓ p_g(x)·log(1 − D(x))
//
// Points with zero probability contribute nothing (0·log 0 = 0, even where D is 0 or 1).
// At D = D*, V = −log 4 + 2·JSD(p_data, p_g): the generator, minimising V(D*, G),
// minimises the Jensen–Shannon divergence.
//
// Task 3.
func Value(d, pData, pG []float64) float64 {
	v := 0.0
	for i := range d {
		if pData[i] > 0 {
			v += pData[i] * math.Log(d[i])
		}
		if pG[i] > 0 {
			v += pG[i] * math.Log(1-d[i])
		}
	}
	return v
}

// ClipWeights returns a copy of the critic weights w with every entry clipped to
// [−c, c]: the weight clipping of the original WGAN (Arjovsky et al. 2017,
// c = 0.01), PyTorch's `p.data.clamp_(-c, c)`. w is not modified.
//
// Task 4.
func ClipWeights(w []float64, c float64) []float64 {
	out := make([]float64, len(w))
	for i, v := range w {
		out[i] = math.Max(-c, math.Min(c, v))
	}
	return out
}

// ClippedLinearCritic returns the best linear critic f(x) = w·x under weight
// clipping (|wᵢ| ≤ c) for two distributions with means meanReal and meanFake, and
// its value E_real[f] − E_fake[f] = w·Δ with Δ = meanReal − meanFake. The
// maximum of w·Δ over the box is reached at a corner:
//
//	wᵢ = c·sign(Δᵢ)   (0 where Δᵢ = 0),   gap = c·‖Δ‖₁
//
// Compare the unconstrained 1-Lipschitz linear critic, w = Δ/‖Δ‖₂ with gap ‖Δ‖₂
// (the Wasserstein-1 distance between two translated copies of a distribution):
// the clipped critic measures the L1 norm instead, a distance whose ratio to W₁
// depends on the direction of Δ (1 to √d), and every weight sits on the clipping
// boundary.
//
// Task 5.
func ClippedLinearCritic(meanReal, meanFake []float64, c float64) (w []float64, gap float64) {
	w = make([]float64, len(meanReal))
	for i := range meanReal {
		if d := meanReal[i] - meanFake[i]; d > 0 {
			w[i] = c
		} else if d < 0 {
			w[i] = -c
		}
		gap += w[i] * (meanReal[i] - meanFake[i])
	}
	return w, gap
}
