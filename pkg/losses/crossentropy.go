package losses

import (
	"fmt"
	"math"
	"slices"

	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
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
// NaN and training visibly breaks, also when every label is out of range.
// Check labels on the host with ValidateLabels to get an error instead. Labels
// may have any integer dtype (see the package documentation); C ≥ 1.
//
// Infinite logits: a logit of −∞ on a class other than the label has
// probability 0 and the loss is finite (as PyTorch), with the softmax
// gradient; −∞ on the label gives +∞ (and with label smoothing any −∞ logit
// does, the smoothed target putting mass ε/C on it); +∞ gives NaN (∞ − ∞).
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
	if isEmpty(z) {
		return downcast(reduceClassWeighted(name, emptyElem(z.Graph(), z.DType(), lab.leadDims...), nil, o, true), dt)
	}
	eps := o.labelSmoothing
	numClasses := float64(lab.numClasses)

	sm := newSoftmaxParts(z)
	// −log p_y = logsumexp(z) − z_y, with z_y selected by the one-hot mask (a
	// Where, not a product: a −∞ logit on another class must not give 0·(−∞));
	// ignored and invalid rows select 0 and have weight w[y] = 0 (invalid rows
	// become NaN below). (A Gather of z_y was measured: slower than a full-size
	// select at 1k and 64k on the Go backend.)
	negLogPy := Sub(Squeeze(sm.lse, -1), lab.pick(z))
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
	num = lab.rowValues(num)
	num = withClosedFormGradient(num, z, grad)
	return downcast(reduceClassWeighted(name, num, lab.wy, o, lab.classW == nil), dt)
}

// NegativeLogLikelihood is the cross-entropy of log-probabilities logp [..., C]
// (for example the output of a LogSoftmax) given integer labels y [...]:
//
//	ℓᵢ = −w[yᵢ]·logpᵢ,yᵢ   (0 for ignored i)
//
// with PyTorch nn.NLLLoss semantics: ReductionMean divides by Σᵢ w[yᵢ] over the
// non-ignored examples (0 for a fully ignored batch, where PyTorch gives NaN).
// Gradient (closed form): ∂ℓᵢ/∂logpᵢₖ = −w[yᵢ]·[k = yᵢ]. Out-of-range labels give
// NaN, as in SoftmaxCrossEntropy. logp is not checked to be normalised; a NaN
// anywhere in a (non-ignored) row makes that row's loss NaN, although only logp
// at the label enters the formula (PyTorch reads only that entry).
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
	if isEmpty(lp) {
		return downcast(reduceClassWeighted(name, emptyElem(lp.Graph(), lp.DType(), lab.leadDims...), nil, o, true), dt)
	}
	num := Neg(Mul(lab.wy, lab.pick(lp)))
	grad := Neg(Mul(InsertAxes(lab.wy, -1), lab.oneHot))
	// The loss reads only logp at the label, but a NaN anywhere in a row means a
	// broken model: the row's loss is NaN (never a finite number hiding it).
	num = Where(LogicalAny(IsNaN(lp), -1), nanLike(num), num)
	num = lab.rowValues(num)
	grad = Where(BroadcastToDims(InsertAxes(lab.invalid, -1), lp.Shape().Dimensions...), nanLike(grad), grad)
	num = withClosedFormGradient(num, lp, grad)
	return downcast(reduceClassWeighted(name, num, lab.wy, o, lab.classW == nil), dt)
}

// SoftmaxCrossEntropyDense is the cross-entropy of logits z [..., C] against a
// target distribution t [..., C] (soft labels, same shape, rows summing to 1):
//
//	ℓᵢ = −Σ꜀ t'ᵢ꜀·log softmax(zᵢ)꜀,   t' = (1−ε)·t + ε/C with LabelSmoothing ε
//
// Gradient (closed form): ∂ℓᵢ/∂zᵢₖ = pᵢₖ·Σ꜀ t'ᵢ꜀ − t'ᵢₖ (= softmax(z) − t' when the
// rows of t sum to 1). The targets are treated as constants. A logit of −∞ where
// the target is 0 contributes 0 (0·log 0 = 0; PyTorch gives NaN there).
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
	if z.Shape().Dimensions[z.Rank()-1] == 0 {
		fail(name, "logits", "has no classes (last axis 0) in shape %s: at least 1 class is needed", logits.Shape())
	}
	if isEmpty(z) {
		return downcast(applyReduction(name, emptyElem(z.Graph(), z.DType(), z.Shape().Dimensions[:z.Rank()-1]...), o, nil), dt)
	}
	t, _ := upcast(targets)
	if o.labelSmoothing > 0 {
		t = smoothLabels(t, o.labelSmoothing)
	}
	sm := newSoftmaxParts(z)
	// −Σₖ tₖ·log pₖ = Σₖ tₖ·logsumexp(z) − Σₖ tₖ·zₖ, where a term with tₖ = 0 is 0
	// even for zₖ = −∞ (0·log 0 = 0: the limit, where the product would be NaN).
	g := z.Graph()
	zero := ScalarZero(g, z.DType())
	tz := Where(Equal(t, zero), zero, Mul(t, z))
	tSum := ReduceAndKeep(t, ReduceSum, -1)
	elem := Squeeze(Sub(Mul(tSum, sm.lse), ReduceAndKeep(tz, ReduceSum, -1)), -1)
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
	leadDims   []int // the labels' shape: the element-wise loss shape
	eq         *Node // [..., C] bool: [k = y] on valid rows; all false on ignored and invalid rows
	oneHot     *Node // eq as float
	valid      *Node // [...] bool: in range and not ignored
	invalid    *Node // [...] bool: out of range and not ignored
	ignored    *Node // [...] bool, nil without an IgnoreIndex any label can equal
	classW     *Node // [C] float, nil without ClassWeights
	wy         *Node // [...] float: w[y] on valid rows (1 without ClassWeights), 0 elsewhere
}

// labelRange returns the range of values of an integer dtype (as int64: every
// dtype GoMLX supports, with uint64 capped at MaxInt64, which is all a Go int
// option can reach).
func labelRange(dt dtypes.DType) (lo, hi int64) {
	switch dt {
	case dtypes.Int8:
		return math.MinInt8, math.MaxInt8
	case dtypes.Int16:
		return math.MinInt16, math.MaxInt16
	case dtypes.Int32:
		return math.MinInt32, math.MaxInt32
	case dtypes.Uint8:
		return 0, math.MaxUint8
	case dtypes.Uint16:
		return 0, math.MaxUint16
	case dtypes.Uint32:
		return 0, math.MaxUint32
	case dtypes.Uint64:
		return 0, math.MaxInt64
	}
	return math.MinInt64, math.MaxInt64
}

// prepareIntLabels checks labels (and ClassWeights) against x [..., C] and builds intLabels.
//
// Label dtypes: every integer dtype of 8 to 64 bits is accepted (the sub-byte
// dtypes Int1/2/4 and Uint1/2/4 are an error). 8- and 16-bit labels are
// converted to int32 first, so a class count or ignore index beyond their range
// (int8 labels with 200 classes) never wraps around; 32- and 64-bit labels are
// compared in their own dtype with constants that fit it. An IgnoreIndex the
// label dtype cannot represent (IgnoreIndex(−100) with uint8 labels, where a
// wrapped-around 156 would otherwise be silently ignored) is an error.
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
	if c == 0 {
		fail(name, xArg, "has no classes (last axis 0) in shape %s: at least 1 class is needed", x.Shape())
	}
	ldt := labels.DType()
	switch ldt {
	case dtypes.Int8, dtypes.Int16, dtypes.Int32, dtypes.Int64, dtypes.Uint8, dtypes.Uint16, dtypes.Uint32, dtypes.Uint64:
	default: // the sub-byte integer dtypes (Int1/2/4, Uint1/2/4)
		fail(name, "labels", "dtype %s is not supported for class labels, got %s: use an integer dtype of 8 to 64 bits (int8 … int64, uint8 … uint64)", ldt, labels.Shape())
	}
	if o.hasIgnoreIndex {
		lo, hi := labelRange(ldt)
		if int64(o.ignoreIndex) < lo || int64(o.ignoreIndex) > hi {
			fail(name, "IgnoreIndex", "%d cannot be represented by the %s labels (range %d..%d): no label could equal it; use a signed label dtype or an ignore index in range",
				o.ignoreIndex, ldt, lo, hi)
		}
	}
	l := &intLabels{numClasses: c, leadDims: slices.Clone(lead)}
	if o.classWeights != nil {
		checkFloat(name, "ClassWeights", o.classWeights)
		if o.classWeights.Rank() != 1 || o.classWeights.Shape().Dimensions[0] != c {
			fail(name, "ClassWeights", "shape %s must be [%d] (one weight per class of %s %s)", o.classWeights.Shape(), c, xArg, x.Shape())
		}
	}
	if isEmpty(x) {
		return l // the loss returns its empty-batch value; nothing else is needed
	}
	switch ldt {
	case dtypes.Int8, dtypes.Int16, dtypes.Uint8, dtypes.Uint16:
		labels = ConvertDType(labels, dtypes.Int32)
		ldt = dtypes.Int32
	}
	g := x.Graph()
	dtype := x.DType()
	// c ≤ MaxInt32 (a dimension) fits every remaining label dtype.
	inRange := LessThan(labels, Scalar(g, ldt, c))
	if !ldt.IsUnsigned() {
		inRange = LogicalAnd(GreaterOrEqual(labels, Scalar(g, ldt, 0)), inRange)
	}
	if o.hasIgnoreIndex {
		l.ignored = Equal(labels, Scalar(g, ldt, o.ignoreIndex))
		l.valid = LogicalAnd(inRange, LogicalNot(l.ignored))
		l.invalid = LogicalAnd(LogicalNot(inRange), LogicalNot(l.ignored))
	} else {
		l.valid = inRange
		l.invalid = LogicalNot(inRange)
	}
	// [k = y]: an out-of-range index matches no k; an ignore index inside
	// [0, C) is cleared explicitly (the only case that needs the extra pass).
	iotaShape := shapes.Make(ldt, append(onesInts(len(lead)), c)...)
	l.eq = Equal(InsertAxes(labels, -1), Iota(g, iotaShape, -1))
	if o.hasIgnoreIndex && o.ignoreIndex >= 0 && o.ignoreIndex < c {
		l.eq = LogicalAnd(l.eq, InsertAxes(l.valid, -1))
	}
	l.oneHot = ConvertDType(l.eq, dtype)
	if o.classWeights != nil {
		l.classW = ConvertDType(o.classWeights, dtype)
		l.wy = ReduceSum(Mul(l.oneHot, BroadcastToDims(ExpandLeftToRank(l.classW, x.Rank()), x.Shape().Dimensions...)), -1)
	} else {
		l.wy = ConvertDType(l.valid, dtype)
	}
	return l
}

// pick returns x[..., y] ([...]): x at the label, 0 on ignored and invalid rows.
// It selects (a Where) instead of multiplying by the one-hot, so that infinite
// values on the other classes (a logit of −∞, a log-probability of −∞) do not
// turn into 0·∞ = NaN.
func (l *intLabels) pick(x *Node) *Node {
	return ReduceSum(Where(l.eq, x, ScalarZero(x.Graph(), x.DType())), -1)
}

// rowValues finishes per-row losses: NaN on rows with an invalid label, 0 on
// ignored rows (whatever their logits hold, as for masked elements), v elsewhere.
func (l *intLabels) rowValues(v *Node) *Node {
	v = Where(l.invalid, nanLike(v), v)
	if l.ignored != nil {
		v = Where(l.ignored, ZerosLike(v), v)
	}
	return v
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
// Mask multiply both. Other reductions follow applyReduction. denNonNegative
// says den ≥ 0 (no class weights); see weightedMean for a zero denominator.
func reduceClassWeighted(name string, num, den *Node, o *options, denNonNegative bool) *Node {
	if o.reduction != ReductionMean || den == nil {
		return applyReduction(name, num, o, nil)
	}
	sum := *o
	sum.reduction = ReductionNone
	w := applyReduction(name, den, &sum, nil) // den·weights·mask, element-wise
	nonNegative := denNonNegative && o.weights == nil && (o.mask == nil || o.mask.DType() == dtypes.Bool)
	sum.reduction = ReductionSum
	return weightedMean(applyReduction(name, num, &sum, nil), w, nonNegative)
}
