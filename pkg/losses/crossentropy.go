package losses

import (
	"fmt"
	"math"
	"slices"

	. "github.com/gomlx/gomlx/core/graph"
)

// SoftmaxCrossEntropy is the multi-class cross-entropy of logits z [..., C] given
// integer class labels y [...] (any integer dtype), with PyTorch's
// nn.CrossEntropyLoss semantics for class weights w (ClassWeights), IgnoreIndex
// and label smoothing ε (LabelSmoothing), alone or combined:
//
//	log pᵢ꜀ = zᵢ꜀ − logsumexp(zᵢ)                        (stable: the max is subtracted first)
//	ℓᵢ = (1−ε)·w[yᵢ]·(−log pᵢ,yᵢ) + (ε/C)·Σ꜀ w꜀·(−log pᵢ꜀)   for non-ignored i, 0 for ignored i
//
// (w ≡ 1 without ClassWeights.) Reduction: ReductionMean divides Σᵢ ℓᵢ by
// Σᵢ w[yᵢ] over the non-ignored examples — for both terms, exactly as PyTorch
// (without class weights that is the number of non-ignored examples);
// ReductionSum is Σᵢ ℓᵢ; ReductionNone returns ℓ (0 on ignored rows). Weights and
// Mask (shape [...]) multiply ℓᵢ and the denominator's w[yᵢ]. A batch in which
// every example is ignored or masked has mean 0 and zero gradient (PyTorch: NaN).
//
// Gradient (closed form, used as a custom gradient), with pᵢ = softmax(zᵢ) and W = Σ꜀ w꜀:
//
//	∂ℓᵢ/∂zᵢₖ = pᵢₖ·((1−ε)·w[yᵢ] + ε·W/C) − ((1−ε)·w[yᵢ]·[k = yᵢ] + ε·wₖ/C)
//
// which is softmax(z) − y_smooth without class weights, and 0 on ignored rows.
//
// Out-of-range labels (y < 0 or y ≥ C, other than the IgnoreIndex) make that
// example's loss and gradient NaN — never a finite wrong value — so the mean is
// NaN and training visibly breaks. Check labels on the host with ValidateLabels
// to get an error instead.
//
// Options: Reduce, Weights, Mask, ClassWeights ([C]), IgnoreIndex, LabelSmoothing.
//
// Equivalents: PyTorch nn.CrossEntropyLoss / F.cross_entropy with class-index
// targets; Optax softmax_cross_entropy_with_integer_labels (no weights/ignore);
// Keras SparseCategoricalCrossentropy(from_logits=True); GoMLX
// loss.SparseCategoricalCrossEntropyLogits.
func SoftmaxCrossEntropy(logits, labels *Node, opts ...Option) *Node {
	const name = "SoftmaxCrossEntropy"
	o := parseOptions(name, opts, "Reduce", "Weights", "Mask", "ClassWeights", "IgnoreIndex", "LabelSmoothing")
	checkFloat(name, "logits", logits)
	checkSmoothing(name, o.labelSmoothing)
	z, dt := upcast(logits)
	lab := prepareIntLabels(name, "logits", z, labels, o)
	eps := o.labelSmoothing
	numClasses := float64(lab.numClasses)

	sm := newSoftmaxParts(z)
	// −log p_y = logsumexp(z) − z_y, with z_y = Σₖ [k = y]·zₖ; ignored and invalid
	// rows have weight w[y] = 0 (and invalid rows become NaN below). (A Gather of
	// z_y was measured: slower than the one-hot product at 1k and 64k on the Go backend.)
	negLogPy := Sub(Squeeze(sm.lse, -1), ReduceSum(Mul(lab.oneHot, z), -1))
	num := Mul(lab.wy, negLogPy) // w[y]·nll
	// Gradient coefficients: ∂/∂zₖ = pₖ·a − b_k.
	a := lab.wy // (1−ε)·w[y] + ε·W/C, below
	b := lab.oneHot
	if lab.classW != nil {
		b = Mul(InsertAxes(lab.wy, -1), lab.oneHot) // w[y]·[k = y]; without class weights w[y]·[k = y] = [k = y]
	}
	if eps > 0 {
		logP := sm.logP()
		var smooth, wSum, wk *Node
		if lab.classW != nil {
			wk = BroadcastToDims(ExpandLeftToRank(lab.classW, z.Rank()), z.Shape().Dimensions...)
			smooth = Neg(ReduceSum(Mul(wk, logP), -1))
			wSum = ReduceAllSum(lab.classW)
		} else {
			wk = OnesLike(z)
			smooth = Neg(ReduceSum(logP, -1))
			wSum = Scalar(z.Graph(), z.DType(), numClasses)
		}
		valid := ConvertDType(lab.valid, z.DType())
		smooth = Mul(smooth, valid)
		num = Add(MulScalar(num, 1-eps), MulScalar(smooth, eps/numClasses))
		a = Add(MulScalar(lab.wy, 1-eps), Mul(valid, MulScalar(wSum, eps/numClasses)))
		b = Add(MulScalar(b, 1-eps), Mul(InsertAxes(valid, -1), MulScalar(wk, eps/numClasses)))
	}
	// Invalid rows: NaN enters through the per-row coefficient a (cheap: one value
	// per row), so pₖ·a and the whole gradient row are NaN without a full-size Where.
	grad := Sub(Mul(sm.p, InsertAxes(Add(a, lab.nanRow()), -1)), b)
	num = Where(lab.invalid, nanLike(num), num)
	num = withClosedFormGradient(num, z, grad)
	return downcast(reduceClassWeighted(name, num, lab.wy, o), dt)
}

// NegativeLogLikelihood is the cross-entropy of log-probabilities logp [..., C]
// (for example the output of a LogSoftmax) given integer labels y [...]:
//
//	ℓᵢ = −w[yᵢ]·logpᵢ,yᵢ   (0 for ignored i)
//
// with PyTorch nn.NLLLoss semantics: ReductionMean divides by Σᵢ w[yᵢ] over the
// non-ignored examples (0 for a fully ignored batch, where PyTorch gives NaN).
// Gradient (closed form): ∂ℓᵢ/∂logpᵢₖ = −w[yᵢ]·[k = yᵢ]. Out-of-range labels give
// NaN, as in SoftmaxCrossEntropy. logp is not checked to be normalised.
//
// Options: Reduce, Weights, Mask, ClassWeights ([C]), IgnoreIndex.
//
// Equivalents: PyTorch nn.NLLLoss / F.nll_loss; Keras has none (use
// SparseCategoricalCrossentropy on probabilities).
func NegativeLogLikelihood(logProbs, labels *Node, opts ...Option) *Node {
	const name = "NegativeLogLikelihood"
	o := parseOptions(name, opts, "Reduce", "Weights", "Mask", "ClassWeights", "IgnoreIndex")
	checkFloat(name, "logProbs", logProbs)
	lp, dt := upcast(logProbs)
	lab := prepareIntLabels(name, "logProbs", lp, labels, o)
	num := Neg(Mul(lab.wy, ReduceSum(Mul(lab.oneHot, lp), -1)))
	grad := Neg(Mul(InsertAxes(lab.wy, -1), lab.oneHot))
	num = Where(lab.invalid, nanLike(num), num)
	grad = Where(BroadcastToDims(InsertAxes(lab.invalid, -1), lp.Shape().Dimensions...), nanLike(grad), grad)
	num = withClosedFormGradient(num, lp, grad)
	return downcast(reduceClassWeighted(name, num, lab.wy, o), dt)
}

// SoftmaxCrossEntropyDense is the cross-entropy of logits z [..., C] against a
// target distribution t [..., C] (soft labels, same shape, rows summing to 1):
//
//	ℓᵢ = −Σ꜀ t'ᵢ꜀·log softmax(zᵢ)꜀,   t' = (1−ε)·t + ε/C with LabelSmoothing ε
//
// Gradient (closed form): ∂ℓᵢ/∂zᵢₖ = pᵢₖ·Σ꜀ t'ᵢ꜀ − t'ᵢₖ (= softmax(z) − t' when the
// rows of t sum to 1). The targets are treated as constants.
//
// Options: Reduce, Weights, Mask (shape [...]), LabelSmoothing.
//
// Equivalents: PyTorch F.cross_entropy with probability targets; Optax
// softmax_cross_entropy; Keras CategoricalCrossentropy(from_logits=True);
// GoMLX loss.CategoricalCrossEntropyLogits.
func SoftmaxCrossEntropyDense(logits, targets *Node, opts ...Option) *Node {
	const name = "SoftmaxCrossEntropyDense"
	o := parseOptions(name, opts, "Reduce", "Weights", "Mask", "LabelSmoothing")
	checkFloat(name, "logits", logits)
	checkFloat(name, "targets", targets)
	checkSameShape(name, "logits", logits, "targets", targets)
	if logits.Rank() < 1 {
		fail(name, "logits", "must have a class axis (rank ≥ 1), got %s", logits.Shape())
	}
	checkSmoothing(name, o.labelSmoothing)
	z, dt := upcast(logits)
	t, _ := upcast(targets)
	if o.labelSmoothing > 0 {
		t = smoothLabels(t, o.labelSmoothing)
	}
	sm := newSoftmaxParts(z)
	// −Σₖ tₖ·log pₖ = Σₖ tₖ·logsumexp(z) − Σₖ tₖ·zₖ
	tSum := ReduceAndKeep(t, ReduceSum, -1)
	elem := Squeeze(Sub(Mul(tSum, sm.lse), ReduceAndKeep(Mul(t, z), ReduceSum, -1)), -1)
	grad := Sub(Mul(sm.p, tSum), t)
	elem = withClosedFormGradient(elem, z, grad)
	return downcast(applyReduction(name, elem, o, nil), dt)
}

// SmoothLabels returns (1−ε)·y + ε/C for one-hot (or soft) labels y [..., C],
// C = the last axis: the syllabus's formula y_smooth = (1−ε)y + ε/C, which is
// exactly what PyTorch's CrossEntropyLoss(label_smoothing=ε), Keras and Optax's
// smooth_labels use, so SoftmaxCrossEntropyDense(z, SmoothLabels(y, ε)) equals
// SoftmaxCrossEntropy(z, labels, LabelSmoothing(ε)). Rows that sum to 1 still sum
// to 1. ε must be in [0, 1]; the dtype of y is kept.
//
// Equivalent: optax.smooth_labels(labels, alpha=ε).
func SmoothLabels(oneHot *Node, eps float64) *Node {
	const name = "SmoothLabels"
	checkFloat(name, "oneHot", oneHot)
	if oneHot.Rank() < 1 {
		fail(name, "oneHot", "must have a class axis (rank ≥ 1), got %s", oneHot.Shape())
	}
	if !(eps >= 0 && eps <= 1) {
		fail(name, "eps", "must be in [0, 1], got %g", eps)
	}
	y, dt := upcast(oneHot)
	return downcast(smoothLabels(y, eps), dt)
}

func smoothLabels(y *Node, eps float64) *Node {
	c := y.Shape().Dimensions[y.Rank()-1]
	return AddScalar(MulScalar(y, 1-eps), eps/float64(c))
}

// ValidateLabels checks integer class labels on the host before they are fed to
// SoftmaxCrossEntropy, NegativeLogLikelihood or SoftmaxFocalLoss: every label
// must be in [0, numClasses), or equal ignoreIndex when hasIgnore is true. It
// returns nil, or an error naming the first bad label's position and value and
// how many labels are bad. (Inside the graph an out-of-range label gives NaN.)
func ValidateLabels(labels []int, numClasses, ignoreIndex int, hasIgnore bool) error {
	if numClasses < 1 {
		return fmt.Errorf("losses.ValidateLabels: numClasses must be ≥ 1, got %d", numClasses)
	}
	first, bad := -1, 0
	for i, l := range labels {
		if l >= 0 && l < numClasses || hasIgnore && l == ignoreIndex {
			continue
		}
		if first < 0 {
			first = i
		}
		bad++
	}
	if bad == 0 {
		return nil
	}
	ign := ""
	if hasIgnore {
		ign = fmt.Sprintf(" or the ignore index %d", ignoreIndex)
	}
	return fmt.Errorf("losses.ValidateLabels: labels[%d] = %d is outside [0, %d)%s (%d of %d labels are invalid)",
		first, labels[first], numClasses, ign, bad, len(labels))
}

// logSoftmaxStable is z − logsumexp(z) over the last axis, with the max subtracted first.
func logSoftmaxStable(z *Node) *Node { return newSoftmaxParts(z).logP() }

// softmaxParts holds the pieces of a stable softmax over the last axis of z, so
// that a loss can take its value and its closed-form gradient from one softmax
// evaluation (the exponentials dominate the cost on the pure-Go backend):
//
//	p   = softmax(z)                   (GoMLX's Softmax: one fused op where the backend has it)
//	m   = max(z)                       ([..., 1])
//	lse = logsumexp(z) = m − log max(p) ([..., 1])
//
// The last line holds because the largest p is exp(0)/Σ exp(z − m) = 1/Σ exp(z − m),
// which is at least 1/C, so its log never underflows: lse is exact to rounding for
// any finite logits (a shifted-logit form without a second pass of exponentials).
// That form is only used for values: with closedFormGradients off (the tests'
// autodiff reference) lse is the classic m + log Σ exp(z − m), whose autodiff is
// right even for tied maxima (the max-based form's is not: ReduceMax sends the
// adjoint to every tied element).
type softmaxParts struct {
	z, p, lse *Node
}

func newSoftmaxParts(z *Node) *softmaxParts {
	p := Softmax(z, -1)
	m := ReduceAndKeep(z, ReduceMax, -1)
	var lse *Node
	if closedFormGradients {
		lse = Sub(m, Log(ReduceAndKeep(p, ReduceMax, -1)))
	} else {
		m = StopGradient(m)
		lse = Add(m, Log(ReduceAndKeep(Exp(Sub(z, m)), ReduceSum, -1)))
	}
	return &softmaxParts{z: z, p: p, lse: lse}
}

// logP is log softmax(z) = z − lse.
func (s *softmaxParts) logP() *Node { return Sub(s.z, s.lse) }

// intLabels is the graph-side view of integer labels shared by the integer-label losses.
type intLabels struct {
	numClasses int
	oneHot     *Node // [..., C] float; all zeros on ignored and invalid rows
	valid      *Node // [...] bool: in range and not ignored
	invalid    *Node // [...] bool: out of range and not ignored
	classW     *Node // [C] float, nil without ClassWeights
	wy         *Node // [...] float: w[y] on valid rows (1 without ClassWeights), 0 elsewhere
}

// prepareIntLabels checks labels (and ClassWeights) against x [..., C] and builds intLabels.
func prepareIntLabels(name, xArg string, x, labels *Node, o *options) *intLabels {
	if labels == nil {
		fail(name, "labels", "is nil")
	}
	if !labels.DType().IsInt() {
		fail(name, "labels", "must be an integer tensor of class indices, got %s (use %s for probability targets)", labels.Shape(), denseHint(name))
	}
	if x.Rank() < 1 {
		fail(name, xArg, "must have a class axis (rank ≥ 1), got %s", x.Shape())
	}
	c := x.Shape().Dimensions[x.Rank()-1]
	lead := x.Shape().Dimensions[:x.Rank()-1]
	if !slices.Equal(labels.Shape().Dimensions, lead) {
		fail(name, "labels", "shape %s must equal %s's shape %s without its class axis, i.e. %v", labels.Shape(), xArg, x.Shape(), lead)
	}
	g := x.Graph()
	dtype := x.DType()
	l := &intLabels{numClasses: c}
	inRange := LogicalAnd(GreaterOrEqual(labels, Scalar(g, labels.DType(), 0)), LessThan(labels, Scalar(g, labels.DType(), c)))
	if o.hasIgnoreIndex {
		ignored := Equal(labels, Scalar(g, labels.DType(), o.ignoreIndex))
		l.valid = LogicalAnd(inRange, LogicalNot(ignored))
		l.invalid = LogicalAnd(LogicalNot(inRange), LogicalNot(ignored))
	} else {
		l.valid = inRange
		l.invalid = LogicalNot(inRange)
	}
	// OneHot of an out-of-range index is an all-zero row; an ignore index inside
	// [0, C) is zeroed explicitly (the only case that needs the extra pass).
	l.oneHot = OneHot(labels, c, dtype)
	if o.hasIgnoreIndex && o.ignoreIndex >= 0 && o.ignoreIndex < c {
		l.oneHot = Mul(l.oneHot, ConvertDType(InsertAxes(l.valid, -1), dtype))
	}
	if o.classWeights != nil {
		checkFloat(name, "ClassWeights", o.classWeights)
		if o.classWeights.Rank() != 1 || o.classWeights.Shape().Dimensions[0] != c {
			fail(name, "ClassWeights", "shape %s must be [%d] (one weight per class of %s %s)", o.classWeights.Shape(), c, xArg, x.Shape())
		}
		l.classW = ConvertDType(o.classWeights, dtype)
		l.wy = ReduceSum(Mul(l.oneHot, BroadcastToDims(ExpandLeftToRank(l.classW, x.Rank()), x.Shape().Dimensions...)), -1)
	} else {
		l.wy = ConvertDType(l.valid, dtype)
	}
	return l
}

// nanRow is NaN on rows with an invalid label and 0 elsewhere ([...], per row):
// adding it to a per-row coefficient makes that row's result NaN cheaply.
func (l *intLabels) nanRow() *Node {
	zero := ScalarZero(l.invalid.Graph(), l.wy.DType())
	return Where(l.invalid, AddScalar(zero, math.NaN()), zero)
}

func denseHint(name string) string {
	if name == "SoftmaxCrossEntropy" {
		return "SoftmaxCrossEntropyDense"
	}
	return "a one-hot encoding"
}

func nanLike(x *Node) *Node { return AddScalar(ZerosLike(x), math.NaN()) }

// reduceClassWeighted reduces num (per-example losses already multiplied by their
// class weight) where ReductionMean divides by Σ den (the class weights of the
// non-ignored examples), PyTorch's CrossEntropyLoss/NLLLoss rule. Weights and
// Mask multiply both. Other reductions follow applyReduction.
func reduceClassWeighted(name string, num, den *Node, o *options) *Node {
	if o.reduction != ReductionMean {
		return applyReduction(name, num, o, nil)
	}
	sum := *o
	sum.reduction = ReductionSum
	return safeDiv(applyReduction(name, num, &sum, nil), applyReduction(name, den, &sum, nil))
}
