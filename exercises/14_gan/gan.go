// Package gan: the original GAN losses, computed from discriminator logits.
package gan

// DiscriminatorLoss returns the discriminator's loss, the negative of the value
// it maximises, with D = σ(logit): BCE with label 1 on real and 0 on fake samples:
//
//	L_D = −mean log D(x) − mean log(1 − D(G(z)))
//	    = mean softplus(−r) + mean softplus(f)       (r = real logits, f = fake logits)
//
// Task 1.
func DiscriminatorLoss(realLogits, fakeLogits []float64) float64 {
	panic("TODO: Task 1 — implement DiscriminatorLoss")
}

// GeneratorMinimaxLoss returns the generator's loss in the original minimax game:
//
//	L_G = mean log(1 − D(G(z))) = −mean softplus(f)
//
// Task 2.
func GeneratorMinimaxLoss(fakeLogits []float64) float64 {
	panic("TODO: Task 2 — implement GeneratorMinimaxLoss")
}

// GeneratorNonSaturatingLoss returns the "−log D trick" loss used in practice:
//
//	L_G = −mean log D(G(z)) = mean softplus(−f)
//
// Task 2.
func GeneratorNonSaturatingLoss(fakeLogits []float64) float64 {
	panic("TODO: Task 2 — implement GeneratorNonSaturatingLoss")
}

// GeneratorGrads returns ∂L_G/∂fᵢ for both generator losses:
//
//	minimax:          −σ(fᵢ)/n        (vanishes when D confidently rejects fakes, f ≪ 0)
//	non-saturating:   (σ(fᵢ) − 1)/n   (≈ −1/n there: the generator still learns)
//
// Task 3.
func GeneratorGrads(fakeLogits []float64) (minimax, nonSaturating []float64) {
	panic("TODO: Task 3 — implement GeneratorGrads")
}
