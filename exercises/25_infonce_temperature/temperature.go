// Package temperature: how InfoNCE's temperature τ decides which negatives the
// gradient pushes away.
package temperature

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
	panic("TODO: Task 1 — implement InfoNCE")
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
	panic("TODO: Task 2 — implement Grad")
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
	panic("TODO: Task 3 — implement NegativeWeights")
}

// EffectiveNegatives returns the number of negatives that effectively receive the
// gradient: the perplexity exp(H(w)) of NegativeWeights, H(w) = −Σ wₖ log wₖ
// (0·log 0 = 0). It runs from 1 (one negative takes everything, τ → 0 with a
// unique hardest negative) to the number of negatives (τ → ∞).
//
// Task 4.
func EffectiveNegatives(sims []float64, pos int, tau float64) float64 {
	panic("TODO: Task 4 — implement EffectiveNegatives")
}
