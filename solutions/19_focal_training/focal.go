// Package focaltrain: the focal loss as a GoMLX graph, then a classifier trained
// with it through GoMLX's train package on 1:50 imbalanced blobs.
package focaltrain

import (
	. "github.com/gomlx/gomlx/core/graph"
)

// SigmoidFocalLoss returns the mean binary focal loss (Lin et al. 2017) of logits z
// against binary targets y ∈ {0, 1} (same shape, float32 or float64):
//
//	p = σ(z),  p_t = p if y = 1 else 1 − p,  α_t = α if y = 1 else 1 − α
//	ℓ = −α_t·(1 − p_t)^γ·log p_t = α_t·(1 − p_t)^γ·BCE(z, y)
//
// computed in log space so that it is stable for logits of ±1e4 in float32 and
// its gradient is finite for any γ ≥ 0 (also γ < 1):
//
//	BCE(z, y)    = max(z, 0) − z·y + log1p(e^(−|z|))
//	log(1 − p_t) = log σ(−z) if y = 1,  log σ(z) if y = 0     (log σ(x) = −softplus(−x))
//	(1 − p_t)^γ  = exp(γ·log(1 − p_t))
//
// γ = 0 and α = 0.5 give half the BCE. Same value as
// losses.SigmoidFocalLoss(z, y, losses.Gamma(γ), losses.Alpha(α)).
//
// Task 1.
func SigmoidFocalLoss(logits, targets *Node, gamma, alpha float64) *Node {
	z, y := logits, targets
	tail := Log1p(Exp(Neg(Abs(z))))
	logSig := Neg(Add(MaxScalar(Neg(z), 0), tail)) // log σ(z)
	logSigNeg := Neg(Add(MaxScalar(z, 0), tail))   // log σ(−z)
	ce := Add(Sub(MaxScalar(z, 0), Mul(z, y)), tail)
	logQ := Add(Mul(y, logSigNeg), Mul(OneMinus(y), logSig)) // log(1 − p_t) for y ∈ {0, 1}
	alphaT := AddScalar(MulScalar(y, 2*alpha-1), 1-alpha)    // α·y + (1 − α)·(1 − y)
	return ReduceAllMean(Mul(alphaT, Mul(Exp(MulScalar(logQ, gamma)), ce)))
}
