// Package vae: the Gaussian KL divergence and the VAE's negative ELBO.
package vae

// Mutant bernoulli_negative_term_naive: the pixel-is-0 term as −(1 − x)·log(1 − σ(l)): 0·Inf = NaN for a pixel x = 1 with a logit of 800.

import "math"

// GaussianKL returns KL(N(μ, diag σ²) ‖ N(0, I)) for one latent vector, with
// logVar = log σ²:
//
//	KL = −½ Σⱼ (1 + log σⱼ² − μⱼ² − σⱼ²)   ≥ 0
//
// Task 1.
func GaussianKL(mean, logVar []float64) float64 {
	sum := 0.0
	for j := range mean {
		sum += 1 + logVar[j] - mean[j]*mean[j] - math.Exp(logVar[j])
	}
	return -0.5 * sum
}

// GaussianKLGrad returns the gradients of GaussianKL:
//
//	∂KL/∂μⱼ = μⱼ,   ∂KL/∂(log σⱼ²) = ½ (σⱼ² − 1)
//
// Task 2.
func GaussianKLGrad(mean, logVar []float64) (dMean, dLogVar []float64) {
	dMean = make([]float64, len(mean))
	dLogVar = make([]float64, len(mean))
	for j := range mean {
		dMean[j] = mean[j]
		dLogVar[j] = 0.5 * (math.Exp(logVar[j]) - 1)
	}
	return dMean, dLogVar
}

// GaussianNegELBO returns the loss a VAE minimises for one sample, −ELBO, with a
// unit-variance Gaussian decoder and a β-weighted KL (β = 1 is the plain VAE):
//
//	−ELBO = ½ ‖x − x̂‖² + β·KL(q(z|x) ‖ p(z))      (constant (D/2) log 2π dropped)
//
// Task 3.
func GaussianNegELBO(x, xHat, mean, logVar []float64, beta float64) float64 {
	rec := 0.0
	for k := range x {
		d := x[k] - xHat[k]
		rec += d * d
	}
	return 0.5*rec + beta*GaussianKL(mean, logVar)
}

// BernoulliNegELBO returns −ELBO for one sample with a Bernoulli decoder that
// outputs logits (binary or [0,1] data, e.g. MNIST), summed over pixels:
//
//	−ELBO = Σₖ [softplus(lₖ) − xₖ lₖ] + KL      (BCE with logits, reduction "sum")
//
// Task 4.
func BernoulliNegELBO(x, logits, mean, logVar []float64) float64 {
	rec := 0.0
	for k := range x {
		l := logits[k]
		sp := math.Max(-l, 0) + math.Log1p(math.Exp(-math.Abs(l))) // softplus(−l) = −log σ(l)
		rec += x[k]*sp - (1-x[k])*math.Log(1-1/(1+math.Exp(-l)))
	}
	return rec + GaussianKL(mean, logVar)
}
