package losses

import (
	"math"
	"slices"

	. "github.com/gomlx/gomlx/core/graph"
)

// MeanSquaredError is the L2 loss, the negative log-likelihood of a Gaussian with
// fixed variance (up to constants):
//
//	ℓᵢ = (ŷᵢ − yᵢ)²
//
// Gradient: ∂ℓᵢ/∂ŷᵢ = 2(ŷᵢ − yᵢ); with the default mean reduction over n
// elements, ∂L/∂ŷᵢ = 2(ŷᵢ − yᵢ)/n. The gradient with respect to targets is the
// negative of that (targets may be trainable too). GoMLX's autodiff of Square is
// already this closed form in one pass, so no custom gradient is attached: one
// would only add passes over the tensor (see BENCHMARKS.md).
//
// predictions and targets must have the same shape and a float dtype.
// Options: Reduce, Weights, Mask (shape of predictions).
//
// Equivalents: PyTorch nn.MSELoss / F.mse_loss; Optax squared_error (× ½ and no
// reduction: optax.l2_loss is half of this); Keras MeanSquaredError.
func MeanSquaredError(predictions, targets *Node, opts ...Option) *Node {
	const name = "MeanSquaredError"
	o := parseOptions(name, opts, "Reduce", "Weights", "Mask")
	checkFloat(name, "predictions", predictions)
	checkFloat(name, "targets", targets)
	checkSameShape(name, "predictions", predictions, "targets", targets)
	p, dt := upcast(predictions)
	if isEmpty(p) {
		return downcast(applyReduction(name, emptyElem(p.Graph(), p.DType(), p.Shape().Dimensions...), o, nil), dt)
	}
	y, _ := upcast(targets)
	elem := Square(Sub(p, y))
	return downcast(applyReduction(name, elem, o, nil), dt)
}

// checkPair validates the (predictions, targets) pair of an element-wise regression loss.
func checkPair(name, argP string, p *Node, argT string, t *Node) {
	checkFloat(name, argP, p)
	checkFloat(name, argT, t)
	checkSameShape(name, argP, p, argT, t)
}

// MeanAbsoluteError is the L1 loss, the negative log-likelihood of a Laplace
// distribution with fixed scale (up to constants):
//
//	ℓᵢ = |ŷᵢ − yᵢ|
//
// Gradient (closed form, used as a custom gradient): ∂ℓᵢ/∂ŷᵢ = sign(ŷᵢ − yᵢ), with
// the subgradient 0 at ŷᵢ = yᵢ as PyTorch's sign (GoMLX's own Abs gradient takes +1
// there); with the default mean reduction ∂L/∂ŷᵢ = sign(ŷᵢ − yᵢ)/n. The gradient with
// respect to targets is the negative of that.
//
// predictions and targets must have the same shape and a float dtype.
// Options: Reduce, Weights, Mask (shape of predictions).
//
// Equivalents: PyTorch nn.L1Loss / F.l1_loss; Optax has no l1 loss (use
// jnp.abs(pred − target)); Keras MeanAbsoluteError.
func MeanAbsoluteError(predictions, targets *Node, opts ...Option) *Node {
	const name = "MeanAbsoluteError"
	o := parseOptions(name, opts, "Reduce", "Weights", "Mask")
	checkPair(name, "predictions", predictions, "targets", targets)
	p, dt := upcast(predictions)
	if isEmpty(p) {
		return downcast(applyReduction(name, emptyElem(p.Graph(), p.DType(), p.Shape().Dimensions...), o, nil), dt)
	}
	y, _ := upcast(targets)
	diff := Sub(p, y)
	g := Sign(diff)
	elem := withClosedFormGradient(Abs(diff), diff, g)
	return downcast(applyReduction(name, elem, o, nil), dt)
}

// Huber is the Huber loss with threshold δ (option Delta, default 1), exactly
// PyTorch's nn.HuberLoss. With d = ŷ − y:
//
//	ℓᵢ = ½·dᵢ²              if |dᵢ| < δ
//	ℓᵢ = δ·(|dᵢ| − ½·δ)     otherwise
//
// Gradient (closed form): ∂ℓᵢ/∂ŷᵢ = clip(dᵢ, −δ, δ): the gradient is clipped at ±δ.
//
// Huber versus SmoothL1: Huber_δ(d) = δ·SmoothL1_{β=δ}(d). Huber keeps the
// quadratic part ½d² unscaled and grows linearly with slope δ; SmoothL1 divides the
// quadratic part by β and always has slope 1 (its gradient is clipped at ±1). The
// two coincide only for δ = β = 1. The syllabus' section "Huber Loss (Smooth L1)"
// states the Huber formula but its code uses nn.SmoothL1Loss(beta=1.0): that is the
// same loss only because δ = β = 1.
//
// predictions and targets must have the same shape and a float dtype; δ must be > 0
// (δ = 0 would make the loss identically 0). δ = +Inf is allowed and gives the
// limit ½d² everywhere (half the squared error), with gradient d.
// Options: Reduce, Weights, Mask, Delta.
//
// Equivalents: PyTorch nn.HuberLoss(delta=δ); Optax huber_loss(delta=δ) (no
// reduction); Keras Huber(delta=δ); GoMLX loss.MakeHuberLoss(δ).
func Huber(predictions, targets *Node, opts ...Option) *Node {
	const name = "Huber"
	o := parseOptions(name, opts, "Reduce", "Weights", "Mask", "Delta")
	checkPositive(name, "Delta", o.delta)
	checkPair(name, "predictions", predictions, "targets", targets)
	p, dt := upcast(predictions)
	if isEmpty(p) {
		return downcast(applyReduction(name, emptyElem(p.Graph(), p.DType(), p.Shape().Dimensions...), o, nil), dt)
	}
	y, _ := upcast(targets)
	diff := Sub(p, y)
	var elem, g *Node
	if math.IsInf(o.delta, 1) { // δ = ∞: the quadratic branch everywhere, ½d² (½·MSE)
		elem, g = MulScalar(Square(diff), 0.5), diff
	} else {
		elem, g = huberElem(diff, o.delta), ClipScalar(diff, -o.delta, o.delta)
	}
	elem = withClosedFormGradient(elem, diff, g)
	return downcast(applyReduction(name, elem, o, nil), dt)
}

// huberElem is ½q² + δ(|d| − q) with q = min(|d|, δ): equal to the two-branch
// formula, with no branch whose gradient could be doubled at |d| = δ.
func huberElem(diff *Node, delta float64) *Node {
	a := Abs(diff)
	q := MinScalar(a, delta)
	return Add(MulScalar(Square(q), 0.5), MulScalar(Sub(a, q), delta))
}

// SmoothL1 is PyTorch's smooth L1 loss with threshold β (option Beta, default 1).
// With d = ŷ − y:
//
//	ℓᵢ = ½·dᵢ²/β        if |dᵢ| < β
//	ℓᵢ = |dᵢ| − ½·β     otherwise
//
// and β = 0 gives the L1 loss |dᵢ|. Gradient (closed form): ∂ℓᵢ/∂ŷᵢ = clip(dᵢ/β, −1, 1)
// (sign(dᵢ), 0 at 0, when β = 0): the gradient is clipped at ±1 whatever β.
// SmoothL1_β = Huber_{δ=β}/β; see Huber for the comparison.
//
// predictions and targets must have the same shape and a float dtype; β must be
// finite and >= 0 (β → ∞ makes the loss identically 0, so β = +Inf is rejected).
// Options: Reduce, Weights, Mask, Beta.
//
// Equivalents: PyTorch nn.SmoothL1Loss(beta=β) (the syllabus' "Huber" code);
// Optax huber_loss(delta=β)/β; Keras has none.
func SmoothL1(predictions, targets *Node, opts ...Option) *Node {
	const name = "SmoothL1"
	o := parseOptions(name, opts, "Reduce", "Weights", "Mask", "Beta")
	checkNonNegative(name, "Beta", o.beta)
	checkFinite(name, "Beta", o.beta)
	checkPair(name, "predictions", predictions, "targets", targets)
	p, dt := upcast(predictions)
	if isEmpty(p) {
		return downcast(applyReduction(name, emptyElem(p.Graph(), p.DType(), p.Shape().Dimensions...), o, nil), dt)
	}
	y, _ := upcast(targets)
	diff := Sub(p, y)
	var elem, g *Node
	if o.beta == 0 {
		elem, g = Abs(diff), Sign(diff)
	} else {
		elem = DivScalar(huberElem(diff, o.beta), o.beta)
		g = ClipScalar(DivScalar(diff, o.beta), -1, 1)
	}
	elem = withClosedFormGradient(elem, diff, g)
	return downcast(applyReduction(name, elem, o, nil), dt)
}

// LogCosh is the log-cosh loss, ≈ ½d² for small errors and ≈ |d| − log 2 for large
// ones, smooth everywhere. With d = ŷ − y it is computed in the overflow-free form
//
//	ℓᵢ = log cosh(dᵢ) = |dᵢ| + log1p(exp(−2|dᵢ|)) − log 2
//
// (cosh overflows float32 for |d| > 89). Gradient (closed form): ∂ℓᵢ/∂ŷᵢ = tanh(dᵢ).
//
// predictions and targets must have the same shape and a float dtype.
// Options: Reduce, Weights, Mask.
//
// Equivalents: Keras LogCosh; Optax log_cosh (no reduction); PyTorch has none.
func LogCosh(predictions, targets *Node, opts ...Option) *Node {
	const name = "LogCosh"
	o := parseOptions(name, opts, "Reduce", "Weights", "Mask")
	checkPair(name, "predictions", predictions, "targets", targets)
	p, dt := upcast(predictions)
	if isEmpty(p) {
		return downcast(applyReduction(name, emptyElem(p.Graph(), p.DType(), p.Shape().Dimensions...), o, nil), dt)
	}
	y, _ := upcast(targets)
	diff := Sub(p, y)
	a := Abs(diff)
	elem := AddScalar(Add(a, Log1p(Exp(MulScalar(a, -2)))), -math.Ln2)
	g := Tanh(diff)
	elem = withClosedFormGradient(elem, diff, g)
	return downcast(applyReduction(name, elem, o, nil), dt)
}

// broadcastScale checks the variance/scale argument of GaussianNLL/LaplaceNLL and
// broadcasts it to the shape of mean. Accepted shapes (as PyTorch GaussianNLLLoss):
// the shape of mean, that shape with the last axis of size 1 (one variance per
// example shared by its features), or that shape without the last axis.
func broadcastScale(name, arg string, scale, mean *Node) *Node {
	checkFloat(name, arg, scale)
	md, sd := mean.Shape().Dimensions, scale.Shape().Dimensions
	switch {
	case mean.Shape().EqualDimensions(scale.Shape()):
		return scale
	case len(sd) == len(md) && len(md) > 0 && sd[len(sd)-1] == 1 && slices.Equal(sd[:len(sd)-1], md[:len(md)-1]):
		return BroadcastToDims(scale, md...)
	case len(sd) == len(md)-1 && slices.Equal(sd, md[:len(md)-1]):
		return BroadcastToDims(InsertAxes(scale, -1), md...)
	}
	fail(name, arg, "shape %s must equal the mean shape %s, or it with the last axis 1 or removed", scale.Shape(), mean.Shape())
	return nil
}

// clampStraightThrough returns max(x, eps) in the forward pass with gradient 1
// with respect to x everywhere (PyTorch's in-place clamp under torch.no_grad).
// x itself is returned where x ≥ eps (also x = +Inf, where x + (max(x, eps) − x)
// would be ∞ − ∞ = NaN); a NaN x stays NaN.
func clampStraightThrough(x *Node, eps float64) *Node {
	return Where(GreaterOrEqual(x, AddScalar(ZerosLike(x), eps)), x, Add(x, StopGradient(Sub(MaxScalar(x, eps), x))))
}

// nanWhereNegative replaces elem by NaN where x < 0 (gradient 0 there).
func nanWhereNegative(elem, x *Node) *Node {
	nan := Scalar(elem.Graph(), elem.DType(), math.NaN())
	return Where(LessThan(x, ZerosLike(x)), BroadcastToDims(nan, elem.Shape().Dimensions...), elem)
}

// GaussianNLL is the negative log-likelihood of targets under a Gaussian with
// predicted mean μ and variance σ² (heteroscedastic regression), exactly PyTorch's
// nn.GaussianNLLLoss:
//
//	ℓᵢ = ½·(log v̂ᵢ + (yᵢ − μᵢ)²/v̂ᵢ)  [+ ½·log 2π with Full()],  v̂ᵢ = max(σ²ᵢ, eps)
//
// Gradients (closed form): ∂ℓᵢ/∂μᵢ = (μᵢ − yᵢ)/v̂ᵢ and ∂ℓᵢ/∂σ²ᵢ = ½·(1/v̂ᵢ − (yᵢ − μᵢ)²/v̂ᵢ²).
// Its minimiser in μ for fixed σ² is the mean of the targets (MSE is the case of a
// fixed variance).
//
// The clamp (option Eps, default 1e-6) follows PyTorch exactly: it is applied
// under torch.no_grad, so it changes the value but not the gradient path — where
// σ² < eps the gradient with respect to σ² is still the formula above evaluated at
// v̂ = eps (a straight-through clamp, not a zero gradient), so an optimiser can push
// a too-small variance back up.
//
// Negative variance: PyTorch raises an error; a graph cannot, so the element's
// loss is NaN (and the reduced loss is NaN), with a zero gradient for that element.
// Use a softplus or exp output head to keep σ² positive.
//
// mean and target must have the same shape; variance has that shape, or it with
// the last axis 1 or removed (one variance per example). Options: Reduce, Weights,
// Mask (shape of mean), Full, Eps.
//
// Equivalents: PyTorch nn.GaussianNLLLoss(full, eps); Keras/Optax have none.
func GaussianNLL(mean, target, variance *Node, opts ...Option) *Node {
	const name = "GaussianNLL"
	o := parseOptions(name, opts, "Reduce", "Weights", "Mask", "Full", "Eps")
	checkNonNegative(name, "Eps", o.eps)
	checkFinite(name, "Eps", o.eps)
	checkPair(name, "mean", mean, "target", target)
	variance = broadcastScale(name, "variance", variance, mean)
	mu, dt := upcast(mean)
	if isEmpty(mu) {
		return downcast(applyReduction(name, emptyElem(mu.Graph(), mu.DType(), mu.Shape().Dimensions...), o, nil), dt)
	}
	y, _ := upcast(target)
	v, _ := upcast(ConvertDType(variance, mean.DType()))
	vc := clampStraightThrough(v, o.eps)
	diff := Sub(mu, y)
	sq := Square(diff)
	elem := MulScalar(Add(Log(vc), Div(sq, vc)), 0.5)
	if o.fullVar {
		elem = AddScalar(elem, 0.5*math.Log(2*math.Pi))
	}
	gMu := Div(diff, vc)
	gVar := MulScalar(Sub(Reciprocal(vc), Div(sq, Square(vc))), 0.5)
	elem = withClosedFormGradientsOf(elem, []*Node{diff, v}, []*Node{gMu, gVar})
	elem = nanWhereNegative(elem, v)
	return downcast(applyReduction(name, elem, o, nil), dt)
}

// LaplaceNLL is the negative log-likelihood of targets under a Laplace
// distribution with predicted location μ and scale b:
//
//	ℓᵢ = log(2·b̂ᵢ) + |yᵢ − μᵢ|/b̂ᵢ,   b̂ᵢ = max(bᵢ, eps)
//
// Gradients (closed form): ∂ℓᵢ/∂μᵢ = sign(μᵢ − yᵢ)/b̂ᵢ (0 at μᵢ = yᵢ) and
// ∂ℓᵢ/∂bᵢ = 1/b̂ᵢ − |yᵢ − μᵢ|/b̂ᵢ². This is the MLE view of MeanAbsoluteError: for a
// fixed scale its minimiser in μ is the median of the targets, where GaussianNLL's
// is the mean — which is why L1 is robust to outliers.
//
// The clamp (option Eps, default 1e-6) behaves as in GaussianNLL (straight-through
// gradient); a negative scale gives a NaN loss for that element and zero gradient.
//
// loc and target must have the same shape; scale has that shape, or it with the
// last axis 1 or removed. Options: Reduce, Weights, Mask (shape of loc), Eps.
//
// Equivalents: −torch.distributions.Laplace(loc, scale).log_prob(target);
// TensorFlow Probability tfd.Laplace; no built-in loss in PyTorch/Keras/Optax.
func LaplaceNLL(loc, target, scale *Node, opts ...Option) *Node {
	const name = "LaplaceNLL"
	o := parseOptions(name, opts, "Reduce", "Weights", "Mask", "Eps")
	checkNonNegative(name, "Eps", o.eps)
	checkFinite(name, "Eps", o.eps)
	checkPair(name, "loc", loc, "target", target)
	scale = broadcastScale(name, "scale", scale, loc)
	mu, dt := upcast(loc)
	if isEmpty(mu) {
		return downcast(applyReduction(name, emptyElem(mu.Graph(), mu.DType(), mu.Shape().Dimensions...), o, nil), dt)
	}
	y, _ := upcast(target)
	b, _ := upcast(ConvertDType(scale, loc.DType()))
	bc := clampStraightThrough(b, o.eps)
	diff := Sub(mu, y)
	a := Abs(diff)
	elem := Add(Log(MulScalar(bc, 2)), Div(a, bc))
	gMu := Div(Sign(diff), bc)
	gB := Sub(Reciprocal(bc), Div(a, Square(bc)))
	elem = withClosedFormGradientsOf(elem, []*Node{diff, b}, []*Node{gMu, gB})
	elem = nanWhereNegative(elem, b)
	return downcast(applyReduction(name, elem, o, nil), dt)
}
