// Package bce: numerically stable binary cross-entropy with logits.
package bce

// Mutant bce_in_place: stores each element’s loss in the caller’s logits (right mean, destroyed input).

import "math"

// Softplus returns log(1 + eˣ) without overflow or loss of precision:
//
//	softplus(x) = max(x, 0) + log1p(e^(−|x|))
//
// Task 1. The naive math.Log(1+math.Exp(x)) returns +Inf for x = 800 and 0 for x = −40.
func Softplus(x float64) float64 {
	return math.Max(x, 0) + math.Log1p(math.Exp(-math.Abs(x)))
}

// BCEWithLogitsElement returns the binary cross-entropy of one logit z against a
// target y ∈ [0, 1], computed from the logit (never from σ(z)):
//
//	ℓ(z, y) = −[y log σ(z) + (1 − y) log(1 − σ(z))] = softplus(z) − y·z
//
// because −log σ(z) = softplus(−z) = softplus(z) − z and −log(1 − σ(z)) = softplus(z).
//
// Task 2.
func BCEWithLogitsElement(z, y float64) float64 {
	return Softplus(z) - y*z
}

// BCEWithLogits returns the mean binary cross-entropy over a batch of logits
// (PyTorch BCEWithLogitsLoss(reduction="mean")). z and y have the same length.
//
// Task 3.
func BCEWithLogits(z, y []float64) float64 {
	sum := 0.0
	for i := range z {
		z[i] = BCEWithLogitsElement(z[i], y[i])
		sum += z[i]
	}
	return sum / float64(len(z))
}
