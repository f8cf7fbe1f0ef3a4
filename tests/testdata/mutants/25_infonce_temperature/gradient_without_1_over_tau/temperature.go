// Package temperature: how InfoNCE's temperature τ decides which negatives the
// gradient pushes away.
package temperature

// Mutant gradient_without_1_over_tau: InfoNCE gradient softmax − onehot without the 1/τ of the chain rule.

import "math"

// InfoNCE returns the InfoNCE loss of one anchor given its similarities sims to
// all candidates (the positive at index pos, the rest negatives) and the
// temperature τ > 0:
//
//	ℓ = −log softmax(s/τ)_pos = LSE(s/τ) − s_pos/τ
//
// It must stay finite for τ as small as 1e-4 (s/τ up to 1e4): use the max trick.
//
// Task 1.
func InfoNCE(sims []float64, pos int, tau float64) float64 {
	return logSumExp(sims, tau, -1) - sims[pos]/tau
}

// Grad returns ∂ℓ/∂s, the gradient of InfoNCE with respect to the similarities:
//
//	∂ℓ/∂sₖ = (pₖ − [k = pos])/τ,   p = softmax(s/τ)
//
// The positive is pulled with strength (1 − p_pos)/τ, each negative pushed with
// pₖ/τ. Finite for τ down to 1e-4.
//
// Task 2.
func Grad(sims []float64, pos int, tau float64) []float64 {
	lse := logSumExp(sims, tau, -1)
	g := make([]float64, len(sims))
	for k, s := range sims {
		g[k] = math.Exp(s/tau - lse)
	}
	g[pos] -= 1
	return g
}

// NegativeWeights returns how the push on the negatives is shared among them:
// each negative's share of the total negative gradient,
//
//	wₖ = pₖ / Σ_{j≠pos} pⱼ = softmax over the negatives of sₖ/τ,   w_pos = 0
//
// As τ → 0 the weight concentrates on the hardest negative (the largest
// similarity); as τ → ∞ it spreads evenly. Stable for τ down to 1e-4.
//
// Task 3.
func NegativeWeights(sims []float64, pos int, tau float64) []float64 {
	lse := logSumExp(sims, tau, pos)
	w := make([]float64, len(sims))
	for k, s := range sims {
		if k != pos {
			w[k] = math.Exp(s/tau - lse)
		}
	}
	return w
}

// EffectiveNegatives returns the number of negatives that effectively receive the
// gradient: the perplexity exp(H(w)) of NegativeWeights, H(w) = −Σ wₖ log wₖ
// (0·log 0 = 0). It runs from 1 (one negative takes everything, τ → 0 with a
// unique hardest negative) to the number of negatives (τ → ∞).
//
// Task 4.
func EffectiveNegatives(sims []float64, pos int, tau float64) float64 {
	h := 0.0
	for _, w := range NegativeWeights(sims, pos, tau) {
		if w > 0 {
			h -= w * math.Log(w)
		}
	}
	return math.Exp(h)
}

// logSumExp is log Σₖ exp(sₖ/τ) over k ≠ skip (skip = −1: all), with the max trick.
func logSumExp(sims []float64, tau float64, skip int) float64 {
	m := math.Inf(-1)
	for k, s := range sims {
		if k != skip {
			m = math.Max(m, s/tau)
		}
	}
	sum := 0.0
	for k, s := range sims {
		if k != skip {
			sum += math.Exp(s/tau - m)
		}
	}
	return m + math.Log(sum)
}
