// Package graphce: binary and softmax cross-entropy written as GoMLX graphs,
// stable for logits of ±1e4 in float32.
package graphce

// Mutant lse_without_max_trick: log-sum-exp as Log(ReduceSum(Exp(x))): exp(1e4) overflows to +Inf.

import (
	. "github.com/gomlx/gomlx/core/graph"
)

// BCEWithLogits returns the mean binary cross-entropy of logits z against targets
// y ∈ [0, 1] (same shape, any rank, float32 or float64), computed from the logits
// in the form that never evaluates log σ(z):
//
//	ℓ(z, y) = max(z, 0) − z·y + log1p(e^(−|z|))
//
// The result is a scalar of the logits' dtype (PyTorch BCEWithLogitsLoss,
// reduction="mean").
//
// Task 1.
func BCEWithLogits(logits, targets *Node) *Node {
	z, y := logits, targets
	elem := Add(Sub(MaxScalar(z, 0), Mul(z, y)), Log1p(Exp(Neg(Abs(z)))))
	return ReduceAllMean(elem)
}

// LogSumExp returns log Σₖ exp(xₖ) over the last axis of x (the result has x's
// shape without its last axis), with the max trick:
//
//	LSE(x) = m + log Σₖ exp(xₖ − m),   m = maxₖ xₖ
//
// so that no exp overflows (every xₖ − m ≤ 0) and at least one term is exp(0) = 1
// (the log never sees 0).
//
// Task 2.
func LogSumExp(x *Node) *Node {
	return Log(ReduceSum(Exp(x), -1))
}

// SoftmaxCrossEntropy returns the mean cross-entropy of logits z [..., C] against
// integer class labels y [...] (any integer dtype):
//
//	ℓᵢ = −log softmax(zᵢ)_{yᵢ} = LSE(zᵢ) − zᵢ,yᵢ
//
// averaged over all examples: a scalar of the logits' dtype (PyTorch
// CrossEntropyLoss with class-index targets).
//
// Task 3.
func SoftmaxCrossEntropy(logits, labels *Node) *Node {
	c := logits.Shape().Dimensions[logits.Rank()-1]
	picked := ReduceSum(Mul(OneHot(labels, c, logits.DType()), logits), -1)
	return ReduceAllMean(Sub(LogSumExp(logits), picked))
}
