// Package vae: the Gaussian KL divergence and the VAE's negative ELBO.
package vae

// GaussianKL returns KL(N(μ, diag σ²) ‖ N(0, I)) for one latent vector, with
// logVar = log σ²:
//
//	KL = −½ Σⱼ (1 + log σⱼ² − μⱼ² − σⱼ²)   ≥ 0
//
// Task 1.
func GaussianKL(mean, logVar []float64) float64 {
	panic("TODO: Task 1 — implement GaussianKL")
}

// GaussianKLGrad returns the gradients of GaussianKL:
//
//	∂KL/∂μⱼ = μⱼ,   ∂KL/∂(log σⱼ²) = ½ (σⱼ² − 1)
//
// Task 2.
func GaussianKLGrad(mean, logVar []float64) (dMean, dLogVar []float64) {
	panic("TODO: Task 2 — implement GaussianKLGrad")
}

// GaussianNegELBO returns the loss a VAE minimises for one sample, −ELBO, with a
// unit-variance Gaussian decoder and a β-weighted KL (β = 1 is the plain VAE):
//
//	−ELBO = ½ ‖x − x̂‖² + β·KL(q(z|x) ‖ p(z))      (constant (D/2) log 2π dropped)
//
// Task 3.
func GaussianNegELBO(x, xHat, mean, logVar []float64, beta float64) float64 {
	panic("TODO: Task 3 — implement GaussianNegELBO")
}

// BernoulliNegELBO returns −ELBO for one sample with a Bernoulli decoder that
// outputs logits (binary or [0,1] data, e.g. MNIST), summed over pixels:
//
//	−ELBO = Σₖ [softplus(lₖ) − xₖ lₖ] + KL      (BCE with logits, reduction "sum")
//
// Task 4.
func BernoulliNegELBO(x, logits, mean, logVar []float64) float64 {
	panic("TODO: Task 4 — implement BernoulliNegELBO")
}
