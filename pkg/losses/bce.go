package losses

import (
	"math"
	"slices"

	. "github.com/gomlx/gomlx/core/graph"
)

// bceLogClamp is PyTorch's lower clamp of the logarithms in BCELoss.
const bceLogClamp = -100.0

// bceGradEps is PyTorch's clamp of p(1−p) in BCELoss's backward pass: the
// float32 constant 1e−12 (≈ 9.99999996e−13), used in every dtype as PyTorch does.
var bceGradEps = float64(float32(1e-12))

// BinaryCrossEntropy is the Bernoulli negative log-likelihood of probabilities
// p ∈ [0, 1] given targets y ∈ [0, 1] (same shape, float):
//
//	ℓᵢ = −[yᵢ·max(log pᵢ, −100) + (1−yᵢ)·max(log(1−pᵢ), −100)]
//
// The logs are clamped at −100 exactly as PyTorch does, so p = 0 or p = 1 give a
// finite loss (at most 100) instead of Inf. Prefer BinaryCrossEntropyWithLogits
// whenever p comes from a sigmoid: it is exact where this clamp is not.
//
// Domain: a probability outside [0, 1] (PyTorch raises an error) makes that
// element's loss NaN — a graph cannot raise, and a finite number there would be
// meaningless. Targets are not checked: soft targets in [0, 1] are the intended
// use, and other values give the formula's value (as in PyTorch and Keras).
//
// Gradient (closed form, PyTorch's BCELoss backward):
//
//	∂ℓᵢ/∂pᵢ = (pᵢ − yᵢ) / max(pᵢ(1−pᵢ), 1e−12)
//
// which equals −y/p + (1−y)/(1−p) inside (0, 1) and stays finite at p ∈ {0, 1}.
// The targets are treated as constants (no gradient flows to them).
//
// Options: Reduce, Weights, Mask (shape of probs), LabelSmoothing (Keras rule
// y' = (1−ε)·y + ε/2, see LabelSmoothing).
//
// Equivalents: PyTorch nn.BCELoss / F.binary_cross_entropy; Keras
// BinaryCrossentropy(from_logits=False) (which clips p to [1e−7, 1−1e−7] instead);
// Optax has no probability version.
func BinaryCrossEntropy(probs, targets *Node, opts ...Option) *Node {
	const name = "BinaryCrossEntropy"
	o := parseOptions(name, opts, "Reduce", "Weights", "Mask", "LabelSmoothing")
	checkFloat(name, "probs", probs)
	checkFloat(name, "targets", targets)
	checkSameShape(name, "probs", probs, "targets", targets)
	checkSmoothing(name, o.labelSmoothing)
	p, dt := upcast(probs)
	if isEmpty(p) {
		return downcast(applyReduction(name, emptyElem(p.Graph(), p.DType(), p.Shape().Dimensions...), o, nil), dt)
	}
	y, _ := upcast(targets)
	y = smoothBinary(y, o.labelSmoothing)

	q := OneMinus(p)
	logP := clampedLog(p)
	log1mP := clampedLog(q)
	// −[y·log p + (1−y)·log(1−p)] written as y·(log(1−p) − log p) − log(1−p): three element-wise ops
	// instead of five (both logs are clamped to [−100, 0], so no ∞ − ∞ can appear; NaN propagates).
	elem := Sub(Mul(y, Sub(log1mP, logP)), log1mP)
	grad := Div(Sub(p, y), MaxScalar(Mul(p, q), bceGradEps))
	elem = withClosedFormGradient(elem, p, grad)
	return downcast(applyReduction(name, elem, o, nil), dt)
}

// clampedLog is max(log x, −100): −100 for x = 0 (log 0 = −∞) and NaN for
// x < 0 (out of the domain of a probability; NaN propagates through max), with a
// NaN-free autodiff gradient at x = 0. With the closed-form gradients on, its own
// gradient is never taken, and the value costs two element-wise ops.
func clampedLog(x *Node) *Node {
	if closedFormGradients {
		return MaxScalar(Log(x), bceLogClamp)
	}
	zero := ZerosLike(x)
	pos := GreaterThan(x, zero)
	safe := Where(pos, x, OnesLike(x))
	clamp := Where(Equal(x, zero), AddScalar(zero, bceLogClamp), AddScalar(zero, math.NaN()))
	return MaxScalar(Where(pos, Log(safe), clamp), bceLogClamp)
}

// smoothBinary applies the Keras binary label smoothing y(1−ε) + ε/2.
func smoothBinary(y *Node, eps float64) *Node {
	if eps == 0 {
		return y
	}
	return AddScalar(MulScalar(y, 1-eps), eps/2)
}

// BinaryCrossEntropyWithLogits is binary cross-entropy on logits z (p = σ(z)),
// computed in the stable form that never evaluates log(σ(z)):
//
//	ℓᵢ = max(zᵢ, 0) − zᵢ·yᵢ + log1p(exp(−|zᵢ|)) = log1p(exp(−|zᵢ|)) + |zᵢ|·tᵢ,
//	tᵢ = 1 − yᵢ for zᵢ ≥ 0, yᵢ for zᵢ < 0
//
// The second form is the one computed: it also gives the limits at infinite
// logits, ℓ = 0 for z = +∞ with y = 1 and for z = −∞ with y = 0 (the side the
// target agrees with), +∞ otherwise (PyTorch returns NaN for the former).
//
// With PosWeight p (PyTorch semantics, ℓ = −[p·y·log σ(z) + (1−y)·log(1−σ(z))]):
//
//	ℓᵢ = (1−yᵢ)·zᵢ + (1 + (p−1)·yᵢ)·softplus(−zᵢ),   softplus(−z) = max(−z, 0) + log1p(exp(−|z|))
//
// Gradient (closed form, used as a custom gradient):
//
//	∂ℓᵢ/∂zᵢ = σ(zᵢ) − yᵢ                          (no PosWeight)
//	∂ℓᵢ/∂zᵢ = (1 + (p−1)·yᵢ)·σ(zᵢ) − p·yᵢ           (PosWeight p; p = 1 gives σ − y)
//
// Derivation: d softplus(−z)/dz = σ(z) − 1, so the derivative is
// (1−y) + L·(σ−1) with L = 1+(p−1)y, and (1−y) − L = −p·y.
//
// logits and targets have the same shape and a float dtype; targets may be soft
// (in [0, 1]). Options: Reduce, Weights, Mask (shape of logits), PosWeight
// (shape [C] = last axis of logits, the full shape, or a scalar), LabelSmoothing
// (Keras rule y' = (1−ε)·y + ε/2).
//
// Equivalents: PyTorch nn.BCEWithLogitsLoss / F.binary_cross_entropy_with_logits
// (weight= is Weights with ReductionElementMean, pos_weight= is PosWeight);
// Optax sigmoid_binary_cross_entropy (no reduction); Keras
// BinaryCrossentropy(from_logits=True); GoMLX loss.BinaryCrossentropyLogits.
func BinaryCrossEntropyWithLogits(logits, targets *Node, opts ...Option) *Node {
	const name = "BinaryCrossEntropyWithLogits"
	o := parseOptions(name, opts, "Reduce", "Weights", "Mask", "PosWeight", "LabelSmoothing")
	checkFloat(name, "logits", logits)
	checkFloat(name, "targets", targets)
	checkSameShape(name, "logits", logits, "targets", targets)
	checkSmoothing(name, o.labelSmoothing)
	z, dt := upcast(logits)
	var pw *Node
	if o.posWeight != nil {
		pw = broadcastPosWeight(name, o.posWeight, z)
	}
	if isEmpty(z) {
		return downcast(applyReduction(name, emptyElem(z.Graph(), z.DType(), z.Shape().Dimensions...), o, nil), dt)
	}
	y, _ := upcast(targets)
	y = smoothBinary(y, o.labelSmoothing)

	lg := newLogistic(z)
	elem := lg.bce(y, pw)
	var grad *Node
	if pw == nil {
		grad = Sub(lg.sig, y)
	} else {
		l := OnePlus(Mul(SubScalar(pw, 1), y)) // 1 + (p−1)·y
		grad = Sub(Mul(l, lg.sig), Mul(pw, y))
	}
	elem = withClosedFormGradient(elem, z, grad)
	return downcast(applyReduction(name, elem, o, nil), dt)
}

// broadcastPosWeight checks PosWeight against the logits z and broadcasts it to z's shape.
func broadcastPosWeight(name string, pw, z *Node) *Node {
	checkFloat(name, "PosWeight", pw)
	dims := z.Shape().Dimensions
	pwDims := pw.Shape().Dimensions
	var out *Node
	switch {
	case pw.Rank() == 0:
		out = BroadcastToDims(pw, dims...)
	case slices.Equal(pwDims, dims):
		out = pw
	case pw.Rank() == 1 && z.Rank() >= 1 && pwDims[0] == dims[len(dims)-1]:
		out = BroadcastToDims(ExpandLeftToRank(pw, z.Rank()), dims...)
	default:
		fail(name, "PosWeight", "shape %s must be [C] with C = last axis of logits, a scalar, or the logits shape %s", pw.Shape(), z.Shape())
	}
	return ConvertDType(out, z.DType())
}
