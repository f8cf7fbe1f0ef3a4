// Package penalty: the WGAN-GP gradient penalty with second-order autodiff in
// GoMLX (the gradient of a function of a gradient).
package penalty

// Mutant norm_over_batch: one gradient norm over the whole batch instead of one per example.

import (
	. "github.com/gomlx/gomlx/core/graph"
)

// InterpolatePoints returns the points between real and fake examples at which the
// penalty is evaluated, one ε per example:
//
//	x̂ᵢ = εᵢ·realᵢ + (1 − εᵢ)·fakeᵢ
//
// real and fake have shape [B, ...]; eps has shape [B] (values in [0, 1]) and is
// broadcast over the other axes (reshape it to [B, 1, …, 1] first).
//
// Task 1.
func InterpolatePoints(real, fake, eps *Node) *Node {
	dims := make([]int, real.Rank())
	for i := range dims {
		dims[i] = 1
	}
	dims[0] = real.Shape().Dimensions[0]
	e := Reshape(eps, dims...)
	return Add(Mul(e, real), Mul(OneMinus(e), fake))
}

// GradientPenalty returns the WGAN-GP penalty of Gulrajani et al. (2017),
//
//	L_GP = (1/B) Σᵢ (‖∇ₓ critic(x̂)ᵢ‖₂ − 1)²,   x̂ = InterpolatePoints(real, fake, eps)
//
// where critic maps a batch [B, ...] to one score per example ([B]) and the norm
// of example i's input gradient is taken over all its non-batch axes. The input
// gradient comes from graph.Gradient of the summed scores (examples are
// independent, so row i of that gradient is ∇ critic(x̂)ᵢ); it must stay
// differentiable, because training the critic differentiates L_GP with respect
// to the critic's weights: second-order autodiff. Where the critic is flat
// (zero input gradient) the norm's own gradient is undefined: use a guard so
// that the penalty is 1 there and its gradient finite.
//
// Task 2.
func GradientPenalty(critic func(x *Node) *Node, real, fake, eps *Node) *Node {
	xHat := InterpolatePoints(real, fake, eps)
	grad := Gradient(ReduceAllSum(critic(xHat)), xHat)[0]
	axes := make([]int, grad.Rank()-1)
	for i := range axes {
		axes[i] = i + 1
	}
	_ = axes
	sq := ReduceAllSum(Square(grad))
	positive := GreaterThan(sq, ZerosLike(sq))
	norm := Where(positive, Sqrt(Where(positive, sq, OnesLike(sq))), ZerosLike(sq))
	return ReduceAllMean(Square(AddScalar(norm, -1)))
}

// CriticLoss returns the WGAN-GP critic loss to minimise,
//
//	L_critic = mean critic(fake) − mean critic(real) + λ·GradientPenalty
//
// (the critic maximises mean critic(real) − mean critic(fake), the Wasserstein
// estimate, while the penalty keeps it close to 1-Lipschitz). λ = 10 in the paper.
//
// Task 3.
func CriticLoss(critic func(x *Node) *Node, real, fake, eps *Node, lambda float64) *Node {
	w := Sub(ReduceAllMean(critic(fake)), ReduceAllMean(critic(real)))
	return Add(w, MulScalar(GradientPenalty(critic, real, fake, eps), lambda))
}
