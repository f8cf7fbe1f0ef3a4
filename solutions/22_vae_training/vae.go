// Package vaetrain: the VAE's negative ELBO as a GoMLX graph, with the
// reparameterisation trick, and a short training run on the 8×8 digits.
package vaetrain

import (
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/train"
)

// Reparameterize returns a sample z ~ N(μ, diag σ²) written as a differentiable
// function of μ and log σ², given standard normal noise ε (same shape):
//
//	z = μ + σ·ε,   σ = exp(½·logVar)
//
// Gradients flow to mean and logVar (∂z/∂μ = 1, ∂z/∂logVar = ½·σ·ε), not to eps.
//
// Task 1.
func Reparameterize(mean, logVar, eps *Node) *Node {
	return Add(mean, Mul(Exp(MulScalar(logVar, 0.5)), eps))
}

// NegativeELBO returns the VAE loss −ELBO averaged over the batch, for a
// Bernoulli decoder on logits and a diagonal Gaussian posterior q(z|x) = N(μ, σ²):
//
//	ℓᵢ = Σⱼ BCE(logitsᵢⱼ, xᵢⱼ) + ½ Σₖ (μᵢₖ² + σᵢₖ² − 1 − log σᵢₖ²)
//	     └ −log p(x|z), one sample ┘   └ KL(q(z|x) ‖ N(0, I)) ┘
//
// x and logits are [B, D] (x in [0, 1]), mean and logVar are [B, K]. The BCE is
// the stable max(z, 0) − z·x + log1p(e^(−|z|)); both terms are SUMS over their
// axis (nats per example), then the mean over the B examples. Same value as
// losses.VAELoss(x, logits, mean, logVar).Total.
//
// Task 2.
func NegativeELBO(x, logits, mean, logVar *Node) *Node {
	z := logits
	bce := Add(Sub(MaxScalar(z, 0), Mul(z, x)), Log1p(Exp(Neg(Abs(z)))))
	recon := ReduceSum(bce, -1)
	kl := MulScalar(ReduceSum(Sub(Add(Square(mean), Exp(logVar)), AddScalar(logVar, 1)), -1), 0.5)
	return ReduceAllMean(Add(recon, kl))
}

// ELBOLossFn adapts NegativeELBO to GoMLX's train.LossFn. The model returns three
// predictions, in this order: decoder logits, mean and logVar; the dataset yields
// the images x as labels[0] (an auto-encoder's inputs are its own labels).
// GoMLX passes the labels first.
//
// Task 3.
func ELBOLossFn() train.LossFn {
	return func(labels, predictions []*Node) *Node {
		return NegativeELBO(labels[0], predictions[0], predictions[1], predictions[2])
	}
}
