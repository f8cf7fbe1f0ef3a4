// Package customgrad: attach a closed-form gradient to a GoMLX loss with
// IdentityWithCustomGradient, and check it against autodiff.
package customgrad

// Mutant adjoint_ignored: the custom gradient function returns grad and drops the adjoint v.

import (
	. "github.com/gomlx/gomlx/core/graph"
)

// WithGradient returns a node equal to value in the forward pass whose gradient
// with respect to x is grad, element by element, times the incoming adjoint:
// for a loss L computed from the result r,
//
//	∂L/∂xᵢ = Σ_r ∂L/∂r · gradᵢ        (the custom gradient)
//
// and nothing flows through value's own formula (its gradient with respect to
// x, or to anything else it was computed from, is replaced). x and grad have the
// same shape; value has x's shape, or x's shape without its last axis (a
// per-row value such as a per-example loss over a class axis: then each row's
// adjoint multiplies the whole row of grad).
//
// How: xc = IdentityWithCustomGradient(x, …) is x with a backward pass you choose
// (v ↦ v·grad); xc − StopGradient(xc) is exactly 0 in the forward pass, and its
// gradient with respect to xc is 1. Add it to StopGradient(value).
//
// Task 1.
func WithGradient(value, x, grad *Node) *Node {
	g := StopGradient(grad)
	xc := IdentityWithCustomGradient(x, func(_, v *Node) *Node { return g })
	zero := Sub(xc, StopGradient(xc))
	if value.Rank() < x.Rank() {
		zero = ReduceSum(zero, -1)
	}
	return Add(StopGradient(value), zero)
}

// BCEGrad returns the closed-form gradient of the element-wise BCE with logits
// ℓ(z, y) = softplus(z) − z·y with respect to z:
//
//	∂ℓ/∂z = σ(z) − y
//
// Task 2.
func BCEGrad(logits, targets *Node) *Node {
	return Sub(Sigmoid(logits), targets)
}

// BCEWithLogits returns the mean BCE with logits (the stable forward formula of
// exercise 17) with BCEGrad attached as its gradient through WithGradient.
//
// Task 2.
func BCEWithLogits(logits, targets *Node) *Node {
	z, y := logits, targets
	elem := Add(Sub(MaxScalar(z, 0), Mul(z, y)), Log1p(Exp(Neg(Abs(z)))))
	return ReduceAllMean(WithGradient(elem, z, BCEGrad(z, y)))
}

// SoftmaxCEGrad returns the closed-form gradient of the per-example softmax
// cross-entropy ℓᵢ = LSE(zᵢ) − zᵢ,yᵢ with respect to the logits z [..., C]:
//
//	∂ℓᵢ/∂zᵢ = softmax(zᵢ) − onehot(yᵢ)
//
// Task 3.
func SoftmaxCEGrad(logits, labels *Node) *Node {
	c := logits.Shape().Dimensions[logits.Rank()-1]
	return Sub(Softmax(logits, -1), OneHot(labels, c, logits.DType()))
}

// SoftmaxCrossEntropy returns the mean softmax cross-entropy (the stable forward
// formula, with LogSumExp below) with SoftmaxCEGrad attached through WithGradient.
//
// Task 3.
func SoftmaxCrossEntropy(logits, labels *Node) *Node {
	c := logits.Shape().Dimensions[logits.Rank()-1]
	picked := ReduceSum(Mul(OneHot(labels, c, logits.DType()), logits), -1)
	elem := Sub(LogSumExp(logits), picked)
	return ReduceAllMean(WithGradient(elem, logits, SoftmaxCEGrad(logits, labels)))
}

// LogSumExp is log Σₖ exp(xₖ) over the last axis with the max trick (exercise 17,
// given here).
func LogSumExp(x *Node) *Node {
	m := StopGradient(ReduceAndKeep(x, ReduceMax, -1))
	return Add(Log(ReduceSum(Exp(Sub(x, m)), -1)), Squeeze(m, -1))
}
