package losses

import (
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/model"
)

// checkSameDType panics unless a and b have the same dtype.
func checkSameDType(loss, argA string, a *Node, argB string, b *Node) {
	if a.DType() != b.DType() {
		fail(loss, argB, "dtype %s (shape %s) does not match %s dtype %s (shape %s)", b.DType(), b.Shape(), argA, a.DType(), a.Shape())
	}
}

// reduceTwoTerms reduces the element-wise losses a and b (each from its own batch)
// and adds them. ReductionNone needs a and b of the same shape and returns a + b.
func reduceTwoTerms(name, argB string, a, b *Node, o *options) *Node {
	if o.reduction == ReductionNone {
		if !a.Shape().Equal(b.Shape()) {
			fail(name, argB, "Reduce(ReductionNone) needs both inputs of the same shape, got %s and %s", a.Shape(), b.Shape())
		}
		return Add(a, b)
	}
	return Add(applyReduction(name, a, o, nil), applyReduction(name, b, o, nil))
}

// GANDiscriminatorLoss is the loss the discriminator D of a (non-saturating or
// minimax) GAN minimises (Goodfellow et al. 2014): the binary cross-entropy of
// real examples labelled 1 and generated examples labelled 0, on logits
// (D(x) = sigmoid(logit)):
//
//	L_D = mean BCE(realLogits, r) + mean BCE(fakeLogits, 0)
//	    = mean[softplus(z_real) − r·z_real] + mean[softplus(z_fake)]
//
// which for r = 1 is −E[log D(x)] − E[log(1 − D(G(z)))], the negative of the
// inner max of the syllabus' min-max objective. r = 1 by default; RealLabel(0.9)
// gives one-sided label smoothing (fake labels stay 0).
//
// Gradient (closed form, used as a custom gradient): ∂ℓ/∂z_real = sigmoid(z_real) − r,
// ∂ℓ/∂z_fake = sigmoid(z_fake). softplus is computed stably, so logits of ±1e4
// give finite losses and gradients.
//
// realLogits and fakeLogits must have the same float dtype; their shapes may differ
// (the two batches are reduced separately and the two means added).
// Options: Reduce (ReductionNone needs equal shapes and returns ℓ_real + ℓ_fake
// element-wise), RealLabel. Weights and Mask are not supported (there are two batches).
//
// Equivalents: PyTorch F.binary_cross_entropy_with_logits(real, ones) +
// F.binary_cross_entropy_with_logits(fake, zeros); Keras
// BinaryCrossentropy(from_logits=True) on both; Optax sigmoid_binary_cross_entropy.
func GANDiscriminatorLoss(realLogits, fakeLogits *Node, opts ...Option) *Node {
	const name = "GANDiscriminatorLoss"
	o := parseOptions(name, opts, "Reduce", "RealLabel")
	checkFloat(name, "realLogits", realLogits)
	checkFloat(name, "fakeLogits", fakeLogits)
	checkSameDType(name, "realLogits", realLogits, "fakeLogits", fakeLogits)
	r := 1.0
	if o.gen.hasRealLabel {
		r = o.gen.realLabel
		if !(r > 0 && r <= 1) {
			fail(name, "RealLabel", "must be in (0, 1], got %g", r)
		}
	}
	zr, dt := upcast(realLogits)
	zf, _ := upcast(fakeLogits)
	realElem, fakeElem := zr, zf // empty batches: reduced to 0 below
	if !isEmpty(zr) {
		// softplus(z) − r·z = tail + (1−r)·max(z, 0) + r·max(−z, 0), which is 0 at
		// z = +∞ for r = 1 (the limit) where softplus(z) − z would be ∞ − ∞.
		lg := newLogistic(zr)
		realElem = Add(lg.tail, MulScalar(MaxScalar(Neg(zr), 0), r))
		if r != 1 {
			realElem = Add(realElem, MulScalar(MaxScalar(zr, 0), 1-r))
		}
		realElem = withClosedFormGradient(realElem, zr, AddScalar(lg.sig, -r))
	}
	if !isEmpty(zf) {
		fakeElem = withClosedFormGradient(softplus(zf), zf, Sigmoid(zf))
	}
	return downcast(reduceTwoTerms(name, "fakeLogits", realElem, fakeElem, o), dt)
}

// GANGeneratorMinimaxLoss is the generator loss of the original min-max GAN game
// (Goodfellow et al. 2014): the generator minimises E[log(1 − D(G(z)))], i.e. on the
// discriminator's logits z of generated examples
//
//	ℓ = log(1 − sigmoid(z)) = −softplus(z) = −BCE(z, 0)
//
// (≤ 0, computed stably). Gradient (closed form): ∂ℓ/∂z = −sigmoid(z).
//
// This loss SATURATES: early in training the discriminator confidently rejects
// fakes (z ≪ 0), where sigmoid(z) ≈ e^z ≈ 0, so the generator gets almost no
// gradient (e.g. ≈ −4.5e−5 at z = −10). That is why GANs are trained with
// GANGeneratorNonSaturatingLoss; this one is here to show it (see the tests).
//
// fakeLogits must be float. Options: Reduce, Weights, Mask (shape of fakeLogits).
//
// Equivalents: PyTorch −F.binary_cross_entropy_with_logits(fake, zeros); no built-in
// in Optax or Keras.
func GANGeneratorMinimaxLoss(fakeLogits *Node, opts ...Option) *Node {
	const name = "GANGeneratorMinimaxLoss"
	o := parseOptions(name, opts, "Reduce", "Weights", "Mask")
	checkFloat(name, "fakeLogits", fakeLogits)
	z, dt := upcast(fakeLogits)
	elem := z // empty batch: reduced to 0 below
	if !isEmpty(z) {
		elem = withClosedFormGradient(Neg(softplus(z)), z, Neg(Sigmoid(z)))
	}
	return downcast(applyReduction(name, elem, o, nil), dt)
}

// GANGeneratorNonSaturatingLoss is the generator loss used in practice (the
// "−log D trick" of Goodfellow et al. 2014): instead of minimising log(1 − D(G(z)))
// the generator maximises log D(G(z)), i.e. it minimises the binary cross-entropy
// of its fakes labelled as real:
//
//	ℓ = −log sigmoid(z) = softplus(−z) = BCE(z, 1)
//
// Gradient (closed form): ∂ℓ/∂z = sigmoid(z) − 1 = −sigmoid(−z), which tends to −1
// (not 0) when the discriminator confidently rejects the fakes (z ≪ 0): the
// generator learns fastest exactly when it is worst. Same fixed point as the
// minimax loss, different dynamics.
//
// fakeLogits must be float. Options: Reduce, Weights, Mask (shape of fakeLogits).
//
// Equivalents: PyTorch F.binary_cross_entropy_with_logits(fake, ones); Keras
// BinaryCrossentropy(from_logits=True)(ones, fake); Optax sigmoid_binary_cross_entropy(fake, 1).
func GANGeneratorNonSaturatingLoss(fakeLogits *Node, opts ...Option) *Node {
	const name = "GANGeneratorNonSaturatingLoss"
	o := parseOptions(name, opts, "Reduce", "Weights", "Mask")
	checkFloat(name, "fakeLogits", fakeLogits)
	z, dt := upcast(fakeLogits)
	elem := z // empty batch: reduced to 0 below
	if !isEmpty(z) {
		elem = withClosedFormGradient(softplus(Neg(z)), z, AddScalar(Sigmoid(z), -1))
	}
	return downcast(applyReduction(name, elem, o, nil), dt)
}

// WassersteinCriticLoss is the loss the critic f of a Wasserstein GAN (Arjovsky et
// al. 2017) minimises:
//
//	L_critic = mean f(G(z)) − mean f(x)
//
// the negative of the syllabus' max over 1-Lipschitz f of E[f(x)] − E[f(G(z))] (an
// estimate of the Wasserstein-1 distance when f is 1-Lipschitz). The scores are
// unbounded real numbers (no sigmoid). The Lipschitz constraint is not part of this
// loss: enforce it with ClipVariables (original WGAN) or add λ·GradientPenalty
// (WGAN-GP, λ = 10 in the paper).
//
// Gradient: ∂L/∂f(G(z))ᵢ = 1/n_fake, ∂L/∂f(x)ᵢ = −1/n_real (constant; plain autodiff).
//
// realScores and fakeScores must have the same float dtype; shapes may differ.
// Options: Reduce (ReductionNone needs equal shapes and returns fake − real
// element-wise; ReductionSum gives Σ fake − Σ real).
//
// Equivalents: PyTorch fake.mean() − real.mean(); no built-in in PyTorch, Optax or Keras.
func WassersteinCriticLoss(realScores, fakeScores *Node, opts ...Option) *Node {
	const name = "WassersteinCriticLoss"
	o := parseOptions(name, opts, "Reduce")
	checkFloat(name, "realScores", realScores)
	checkFloat(name, "fakeScores", fakeScores)
	checkSameDType(name, "realScores", realScores, "fakeScores", fakeScores)
	r, dt := upcast(realScores)
	f, _ := upcast(fakeScores)
	return downcast(reduceTwoTerms(name, "fakeScores", Neg(r), f, o), dt)
}

// WassersteinGeneratorLoss is the generator loss of a Wasserstein GAN:
//
//	L_G = −mean f(G(z))
//
// (the generator moves its samples towards higher critic scores). Gradient:
// ∂L/∂f(G(z))ᵢ = −1/n (plain autodiff).
//
// fakeScores must be float. Options: Reduce, Weights, Mask (shape of fakeScores).
//
// Equivalents: PyTorch −fake.mean(); no built-in in PyTorch, Optax or Keras.
func WassersteinGeneratorLoss(fakeScores *Node, opts ...Option) *Node {
	const name = "WassersteinGeneratorLoss"
	o := parseOptions(name, opts, "Reduce", "Weights", "Mask")
	checkFloat(name, "fakeScores", fakeScores)
	f, dt := upcast(fakeScores)
	return downcast(applyReduction(name, Neg(f), o, nil), dt)
}

// GradientPenalty is the WGAN-GP penalty of Gulrajani et al. 2017, which softly
// enforces the critic's 1-Lipschitz constraint on points between real and fake
// examples:
//
//	x̂ᵢ = εᵢ·realᵢ + (1 − εᵢ)·fakeᵢ,        εᵢ ~ U[0, 1] (one per example)
//	ℓᵢ = (‖∇_x̂ critic(x̂)ᵢ‖₂ − 1)²         (norm over all non-batch axes)
//	L  = mean ℓᵢ                          (the critic loss adds λ·L, λ = 10)
//
// The input gradient ∇_x̂ is computed inside the graph with graph.Gradient, so
// training the critic differentiates a gradient again: second-order autodiff. This
// works in GoMLX (tested against float64 finite differences on the pure-Go
// backend, see gan_test.go), provided every op of the critic has a differentiable
// gradient (MatMul, Add, Tanh, Sigmoid, LeakyReLU-style Where, ... do). The norm is
// computed as sqrt(Σ g²) with a guard at 0 (ℓ = 1 and a zero gradient when the
// critic is flat at x̂) so it never produces NaN.
//
// critic maps a batch x̂ (the shape of real) to one score per example: shape [B] or
// [B, 1]. It must treat examples independently (no batch normalisation: the paper
// uses layer normalisation), because the per-example gradients are taken of the sum
// of the scores. real and fake have the same shape [B, ...] and float dtype; epsilon
// has shape [B], [B, 1, ..., 1] (rank of real) or the shape of real, values in [0, 1]
// (draw it with graph's random functions or feed it). Gradients flow to real, fake
// (hence to the generator, although the paper only trains the critic with it) and
// the critic's variables.
//
// Options: Reduce, Weights, Mask (per-example shape [B]).
//
// Half precision: unlike the other losses, GradientPenalty is not upcast to
// float32: x̂ must have the critic's own dtype, so the penalty and the inner
// gradient are computed in the dtype of real.
//
// Equivalents: no built-in in PyTorch, Optax or Keras; the usual PyTorch code uses
// torch.autograd.grad(critic(x̂).sum(), x̂, create_graph=True).
func GradientPenalty(critic func(x *Node) *Node, real, fake, epsilon *Node, opts ...Option) *Node {
	const name = "GradientPenalty"
	o := parseOptions(name, opts, "Reduce", "Weights", "Mask")
	if critic == nil {
		fail(name, "critic", "is nil")
	}
	checkFloat(name, "real", real)
	checkFloat(name, "fake", fake)
	checkFloat(name, "epsilon", epsilon)
	checkSameShape(name, "real", real, "fake", fake)
	checkSameDType(name, "real", real, "epsilon", epsilon)
	if real.Rank() == 0 {
		fail(name, "real", "must have a batch axis (rank ≥ 1), got scalar shape %s", real.Shape())
	}
	dims := real.Shape().Dimensions
	b := dims[0]
	epsDims := epsilon.Shape().Dimensions
	switch {
	case epsilon.Rank() == 1 && epsDims[0] == b:
		epsilon = Reshape(epsilon, append([]int{b}, onesInts(real.Rank()-1)...)...)
		epsilon = BroadcastToDims(epsilon, dims...)
	case epsilon.Rank() == real.Rank() && epsDims[0] == b && allOnes(epsDims[1:]):
		epsilon = BroadcastToDims(epsilon, dims...)
	case epsilon.Shape().Equal(real.Shape()):
	default:
		fail(name, "epsilon", "shape %s must be [%d], [%d, 1, ..., 1] or the shape of real %s", epsilon.Shape(), b, b, real.Shape())
	}
	if isEmpty(real) {
		// Empty batch: the critic is not called (there is nothing to score).
		return applyReduction(name, emptyElem(real.Graph(), real.DType(), b), o, nil)
	}
	xHat := Add(Mul(epsilon, real), Mul(OneMinus(epsilon), fake))
	scores := critic(xHat)
	if scores == nil {
		fail(name, "critic", "returned nil")
	}
	if !scores.DType().IsFloat() {
		fail(name, "critic", "must return float scores (their gradient with respect to the input is the penalty), got %s for input %s", scores.Shape(), xHat.Shape())
	}
	if scores.Rank() == 0 || scores.Shape().Dimensions[0] != b || scores.Shape().Size() != b {
		fail(name, "critic", "must return one score per example (shape [%d] or [%d, 1]), got %s for input %s", b, b, scores.Shape(), xHat.Shape())
	}
	grad := Gradient(ReduceAllSum(scores), xHat)[0]
	sumSq := Square(grad)
	if grad.Rank() > 1 {
		axes := make([]int, grad.Rank()-1)
		for i := range axes {
			axes[i] = i + 1
		}
		sumSq = ReduceSum(sumSq, axes...)
	}
	// Guarded sqrt: d sqrt(s)/ds is infinite at s = 0, so take sqrt of 1 there and
	// select 0 (a NaN s, from a NaN input, stays NaN).
	norm := safeSqrt(sumSq)
	elem := Square(AddScalar(norm, -1))
	return applyReduction(name, elem, o, nil)
}

func onesInts(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = 1
	}
	return s
}

func allOnes(s []int) bool {
	for _, d := range s {
		if d != 1 {
			return false
		}
	}
	return true
}

// ClipVariables clips every trainable floating-point variable under scope (and its
// sub-scopes) to [−c, c] in graph g: the weight clipping of the original WGAN
// (Arjovsky et al. 2017, c = 0.01), a crude way to keep the critic K-Lipschitz.
// Gulrajani et al. 2017 showed it can cripple the critic; prefer GradientPenalty.
//
// It is a graph-building function: it reads each variable's current value in g
// (Variable.NodeValue, which includes an optimizer update made earlier in the same
// graph) and sets the clipped value with Variable.SetNodeValue, so model.Exec (and
// train.Trainer) store the clipped values after the graph runs. Call it in the
// critic's training step after the optimizer update, for example from a function
// registered with train.AddPerStepUpdateGraphFn, or in its own model.Exec.
// Non-trainable variables (e.g. batch-norm averages) and integer variables are left
// alone. It returns the variables it clipped. c must be > 0.
//
// Equivalents: PyTorch `for p in critic.parameters(): p.data.clamp_(-c, c)`;
// Optax has no built-in (a custom transformation or optax.projections.projection_box).
func ClipVariables(scope *model.Scope, g *Graph, c float64) []*model.Variable {
	const name = "ClipVariables"
	if scope == nil {
		fail(name, "scope", "is nil")
	}
	if g == nil {
		fail(name, "g", "is nil")
	}
	checkPositive(name, "c", c)
	checkFinite(name, "c", c)
	var clipped []*model.Variable
	for v := range scope.IterVariables() {
		if !v.Trainable || !v.DType().IsFloat() {
			continue
		}
		v.SetNodeValue(ClipScalar(v.NodeValue(g), -c, c))
		clipped = append(clipped, v)
	}
	return clipped
}
