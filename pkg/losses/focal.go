package losses

import (
	"math"

	. "github.com/gomlx/gomlx/core/graph"
)

// SigmoidFocalLoss is the binary focal loss of Lin et al. (2017) on logits z
// with targets y ∈ [0, 1] (same shape), torchvision.ops.sigmoid_focal_loss
// semantics:
//
//	p = σ(z),  p_t = p·y + (1−p)·(1−y),  CE = BCE-with-logits(z, y)
//	ℓᵢ = α_t·(1 − p_t)^γ·CE,   α_t = α·y + (1−α)·(1−y) with Alpha(α), 1 without
//
// The modulating factor is computed in log space, (1−p_t)^γ = exp(γ·log(1−p_t))
// with log(1−p_t) = log σ(−z) for y = 1 and log σ(z) for y = 0 (a log-sum-exp of
// both for soft targets), so the loss and its gradient stay finite for γ < 1
// (where naive autodiff of (1−p_t)^γ gives Inf·0 = NaN as p_t → 1) and for
// logits of ±1e4 in float32.
//
// Gradient (closed form), with q = 1−p_t and m = q^γ:
//
//	∂ℓᵢ/∂zᵢ = α_t·(γ·m·r·CE + m·(σ(z) − y)),   r = ∂log q/∂z = (1−2y)·σ(z)σ(−z)/q
//
// r is evaluated as (1−2y)·exp(log σ(z) + log σ(−z) − log q) (= −σ(z) for y = 1,
// σ(−z) for y = 0). γ = 0 and no Alpha give back BinaryCrossEntropyWithLogits.
//
// Options: Reduce (default ReductionMean; torchvision's default is "none"),
// Weights, Mask (shape of logits), Alpha (default: none, torchvision alpha = −1;
// the paper uses 0.25), Gamma (default 2, must be ≥ 0).
//
// Equivalents: torchvision.ops.sigmoid_focal_loss; Optax sigmoid_focal_loss;
// Keras BinaryFocalCrossentropy(from_logits=True, apply_class_balancing=…).
func SigmoidFocalLoss(logits, targets *Node, opts ...Option) *Node {
	const name = "SigmoidFocalLoss"
	o := parseOptions(name, opts, "Reduce", "Weights", "Mask", "Alpha", "Gamma")
	checkFloat(name, "logits", logits)
	checkFloat(name, "targets", targets)
	checkSameShape(name, "logits", logits, "targets", targets)
	checkFocal(name, o)
	z, dt := upcast(logits)
	if isEmpty(z) {
		return downcast(applyReduction(name, emptyElem(z.Graph(), z.DType(), z.Shape().Dimensions...), o, nil), dt)
	}
	y, _ := upcast(targets)
	gamma := o.gamma

	lg := newLogistic(z)
	logSig, logSigNeg := lg.logSigmoid() // log σ(z), log σ(−z)
	ce := lg.bce(y, nil)

	// log q = log(p(1−y) + (1−p)y); exact branches for hard targets.
	const tiny = 1e-7
	ys := ClipScalar(y, tiny, 1-tiny)
	mid := logAddExp(Add(Log1p(Neg(ys)), logSig), Add(Log(ys), logSigNeg))
	yZero, yOne := LessOrEqual(y, ZerosLike(y)), GreaterOrEqual(y, OnesLike(y))
	logQ := Where(yZero, logSig, Where(yOne, logSigNeg, mid))
	var m *Node // q^γ; nil for γ = 0 (q⁰ = 1, also where log q = −∞)
	elem := ce
	if gamma != 0 {
		m = Exp(MulScalar(logQ, gamma))
		elem = Mul(m, ce)
	}
	// r = (1−2y)·σ(z)σ(−z)/q = (1−2y)·exp(log σ(z) + log σ(−z) − log q), whose
	// exponent is log σ(−z) for y = 0 and log σ(z) for y = 1 (taken directly, so
	// that infinite logits give 0 instead of ∞ − ∞).
	rExp := Where(yZero, logSigNeg, Where(yOne, logSig, Sub(Add(logSig, logSigNeg), mid)))
	r := Mul(OneMinus(MulScalar(y, 2)), Exp(rExp))
	grad := Sub(lg.sig, y)
	if gamma != 0 {
		grad = Mul(m, grad)
		// γ·m·r·CE is 0 where m is (m = 0 with CE = ∞ at an infinite logit is the
		// limit of a vanishing loss, not ∞·0).
		focus := MulScalar(Mul(m, r), gamma)
		focus = Where(Equal(m, ZerosLike(m)), ZerosLike(m), Mul(focus, ce))
		grad = Add(focus, grad)
	}
	if o.hasAlpha {
		alphaT := AddScalar(MulScalar(y, 2*o.alpha-1), 1-o.alpha) // α·y + (1−α)(1−y)
		elem = Mul(alphaT, elem)
		grad = Mul(alphaT, grad)
	}
	elem = withClosedFormGradient(elem, z, grad)
	return downcast(applyReduction(name, elem, o, nil), dt)
}

// SoftmaxFocalLoss is the multi-class focal loss on logits z [..., C] with integer
// labels y [...]:
//
//	log p_t = log softmax(z)_y,   log(1−p_t) = logsumexp_{c≠y}(z_c) − logsumexp(z)
//	ℓᵢ = −α[yᵢ]·(1 − p_t)^γ·log p_t     (α ≡ 1 without ClassWeights; 0 for ignored i)
//
// Both logs are computed from the logits (never as log(1 − exp(log p_t))), so the
// loss and the gradient stay finite for any γ ≥ 0, including γ < 1, and for
// logits of ±1e4. C ≥ 2 is required.
//
// Reduction: ClassWeights are the paper's per-class α, a plain factor:
// ReductionMean divides by the number of non-ignored examples (times Weights/Mask),
// not by Σ α. A fully ignored batch has mean 0. Out-of-range labels give NaN, as in
// SoftmaxCrossEntropy.
//
// Gradient (closed form): with m = (1−p_t)^γ and s = (1−p_t)/p_t,
//
//	∂ℓᵢ/∂zᵢₖ = α[yᵢ]·m·(pₖ − [k = yᵢ])·(1 + γ·log1p(s)/s)
//
// (γ = 0 gives softmax(z) − onehot(y), the cross-entropy gradient).
//
// The syllabus's FocalLoss snippet computes p_t = exp(−CE) and α·(1−p_t)^γ·CE:
// for hard labels without class weights or smoothing exp(−CE) is exactly p_t and
// the value agrees with this function times α (tested), but its scalar α only
// rescales the loss (it is not the paper's class-dependent α_t — use
// ClassWeights), and autodiff of (1−p_t)^γ there is NaN at p_t = 1 for γ < 1.
//
// Options: Reduce, Weights, Mask (shape [...]), ClassWeights ([C], per-class α),
// IgnoreIndex, Gamma (default 2).
//
// Equivalents: no PyTorch/Optax built-in; Keras CategoricalFocalCrossentropy
// (from_logits=True, one-hot targets).
func SoftmaxFocalLoss(logits, labels *Node, opts ...Option) *Node {
	const name = "SoftmaxFocalLoss"
	o := parseOptions(name, opts, "Reduce", "Weights", "Mask", "ClassWeights", "IgnoreIndex", "Gamma")
	checkFloat(name, "logits", logits)
	checkFocal(name, o)
	z, dt := upcast(logits)
	lab := prepareIntLabels(name, "logits", z, labels, o)
	if lab.numClasses < 2 {
		fail(name, "logits", "needs at least 2 classes on the last axis, got %s", logits.Shape())
	}
	if isEmpty(z) {
		return downcast(applyReduction(name, emptyElem(z.Graph(), z.DType(), lab.leadDims...), o, nil), dt)
	}
	gamma := o.gamma

	sm := newSoftmaxParts(z)
	logP := sm.logP()
	logPt := lab.pick(logP)
	// log(1 − p_t) = logsumexp of the other classes' log-probabilities.
	others := Where(lab.eq, Scalar(z.Graph(), z.DType(), math.Inf(-1)), logP)
	mo := StopGradient(ReduceAndKeep(others, ReduceMax, -1))
	log1mPt := Add(Squeeze(mo, -1), Log(ReduceSum(Exp(Sub(others, mo)), -1)))
	num := Neg(Mul(lab.wy, logPt))
	coef := lab.wy
	if gamma != 0 { // (1 − p_t)⁰ = 1, also where log(1 − p_t) = −∞
		m := Exp(MulScalar(log1mPt, gamma))
		num = Mul(m, num)
		// h = log1p(s)/s with log s = log(1−p_t) − log p_t, stable at both ends.
		ls := Sub(log1mPt, logPt)
		softplusLs := softplus(ls)
		h := Where(LessThan(ls, AddScalar(ZerosLike(ls), -20)), OneMinus(DivScalar(Exp(ls), 2)), Mul(softplusLs, Exp(Neg(ls))))
		coef = Mul(Mul(lab.wy, m), OnePlus(MulScalar(h, gamma)))
	}
	// NaN on invalid rows enters through the per-row coefficient (see SoftmaxCrossEntropy).
	grad := Mul(InsertAxes(Add(coef, lab.nanRow()), -1), Sub(sm.p, lab.oneHot))
	num = lab.rowValues(num)
	num = withClosedFormGradient(num, z, grad)
	// Ignored rows count in no denominator; invalid rows stay NaN.
	var notIgnored *Node
	if lab.ignored != nil {
		notIgnored = ConvertDType(LogicalNot(lab.ignored), z.DType())
	}
	return downcast(reduceWeighted(name, num, o, notIgnored, true), dt)
}

// checkFocal validates Gamma and Alpha.
func checkFocal(name string, o *options) {
	checkNonNegative(name, "Gamma", o.gamma)
	checkFinite(name, "Gamma", o.gamma)
	if o.hasAlpha && !(o.alpha >= 0 && o.alpha <= 1) {
		fail(name, "Alpha", "must be in [0, 1], got %g", o.alpha)
	}
}
