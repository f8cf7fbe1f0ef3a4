// Package gan: the original GAN losses, computed from discriminator logits.
package gan

// Mutant grads_naive_sigmoid: σ(f) = e^f/(1 + e^f) in the gradients: Inf/Inf = NaN for a fake logit of 800.

import "math"

func softplus(x float64) float64 { return math.Max(x, 0) + math.Log1p(math.Exp(-math.Abs(x))) }

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// DiscriminatorLoss returns the discriminator's loss, the negative of the value
// it maximises, with D = σ(logit): BCE with label 1 on real and 0 on fake samples:
//
//	L_D = −mean log D(x) − mean log(1 − D(G(z)))
//	    = mean softplus(−r) + mean softplus(f)       (r = real logits, f = fake logits)
//
// Task 1.
func DiscriminatorLoss(realLogits, fakeLogits []float64) float64 {
	a, b := 0.0, 0.0
	for _, r := range realLogits {
		a += softplus(-r)
	}
	for _, f := range fakeLogits {
		b += softplus(f)
	}
	return a/float64(len(realLogits)) + b/float64(len(fakeLogits))
}

// GeneratorMinimaxLoss returns the generator's loss in the original minimax game:
//
//	L_G = mean log(1 − D(G(z))) = −mean softplus(f)
//
// Task 2.
func GeneratorMinimaxLoss(fakeLogits []float64) float64 {
	s := 0.0
	for _, f := range fakeLogits {
		s -= softplus(f)
	}
	return s / float64(len(fakeLogits))
}

// GeneratorNonSaturatingLoss returns the "−log D trick" loss used in practice:
//
//	L_G = −mean log D(G(z)) = mean softplus(−f)
//
// Task 2.
func GeneratorNonSaturatingLoss(fakeLogits []float64) float64 {
	s := 0.0
	for _, f := range fakeLogits {
		s += softplus(-f)
	}
	return s / float64(len(fakeLogits))
}

// GeneratorGrads returns ∂L_G/∂fᵢ for both generator losses:
//
//	minimax:          −σ(fᵢ)/n        (vanishes when D confidently rejects fakes, f ≪ 0)
//	non-saturating:   (σ(fᵢ) − 1)/n   (≈ −1/n there: the generator still learns)
//
// Task 3.
func GeneratorGrads(fakeLogits []float64) (minimax, nonSaturating []float64) {
	n := float64(len(fakeLogits))
	minimax = make([]float64, len(fakeLogits))
	nonSaturating = make([]float64, len(fakeLogits))
	for i, f := range fakeLogits {
		s := math.Exp(f) / (1 + math.Exp(f))
		minimax[i] = -s / n
		nonSaturating[i] = (s - 1) / n
	}
	return minimax, nonSaturating
}
