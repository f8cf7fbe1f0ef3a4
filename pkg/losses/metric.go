package losses

import (
	"slices"

	"github.com/gomlx/compute/dtypes"
	. "github.com/gomlx/gomlx/core/graph"
)

// PairwiseDistance returns the distance between a and b along their last
// (feature) axis, one value per row: the result has the shape of a without its
// last axis. a and b must have the same float shape of rank >= 1 with at least
// one feature (a last axis of size 0 is an *Error); eps >= 0.
//
//	DistanceL2:        d = ‖a − b + eps‖₂   (eps added to every component of the difference,
//	                                          exactly PyTorch F.pairwise_distance(a, b, eps=eps))
//	DistanceSquaredL2: d = ‖a − b‖₂²         (no eps: smooth everywhere)
//	DistanceCosine:    d = 1 − a·b / (max(‖a‖, eps)·max(‖b‖, eps))
//	                                         (1 − F.cosine_similarity(a, b, eps=eps))
//
// Gradients are finite everywhere: for DistanceL2 the eps keeps the norm away from
// 0 at a = b (and the gradient is defined as 0 if the norm is exactly 0); for
// DistanceCosine a zero vector is normalised by eps instead of its norm, so its
// cosine with anything is 0 (d = 1) with a finite gradient.
func PairwiseDistance(a, b *Node, dist Distance, eps float64) *Node {
	const name = "PairwiseDistance"
	checkEmbeddings(name, []string{"a", "b"}, a, b)
	checkNonNegative(name, "eps", eps)
	checkFinite(name, "eps", eps)
	x, dt := upcast(a)
	y, _ := upcast(b)
	return downcast(pairwiseDistance(name, x, y, dist, eps), dt)
}

// pairwiseDistance is PairwiseDistance without the checks.
func pairwiseDistance(loss string, a, b *Node, dist Distance, eps float64) *Node {
	last := a.Rank() - 1
	if dist < DistanceL2 || dist > DistanceCosine {
		fail(loss, "Dist", "unknown distance %v", dist)
	}
	if outDims := a.Shape().Dimensions[:last]; prod(outDims) == 0 {
		return emptyElem(a.Graph(), a.DType(), outDims...)
	}
	switch dist {
	case DistanceL2:
		return safeSqrt(ReduceSum(Square(AddScalar(Sub(a, b), eps)), last))
	case DistanceSquaredL2:
		return ReduceSum(Square(Sub(a, b)), last)
	case DistanceCosine:
		return OneMinus(ReduceSum(Mul(safeNormalize(a, eps), safeNormalize(b, eps)), last))
	}
	fail(loss, "Dist", "unknown distance %v", dist)
	return nil
}

// safeSqrt is √s for s >= 0, with gradient 0 (instead of +Inf·0 = NaN) at s = 0.
// A NaN s gives NaN (the guard tests s ≤ 0, which is false for NaN).
func safeSqrt(s *Node) *Node {
	zero := LessOrEqual(s, ZerosLike(s))
	return Where(zero, ZerosLike(s), Sqrt(Where(zero, OnesLike(s), s)))
}

// prod is the product of dims (1 for none).
func prod(dims []int) int {
	p := 1
	for _, d := range dims {
		p *= d
	}
	return p
}

// safeNormalize divides x by max(‖x‖₂, eps) along the last axis, with a finite
// gradient for zero vectors (the √ is never taken of 0 when eps > 0).
func safeNormalize(x *Node, eps float64) *Node {
	sq := ReduceAndKeep(Square(x), ReduceSum, -1)
	if eps > 0 {
		return Div(x, Sqrt(MaxScalar(sq, eps*eps)))
	}
	return Div(x, safeSqrt(sq)) // eps = 0: zero vectors give NaN, as PyTorch with eps=0.
}

// checkEmbeddings validates the [..., D] embedding inputs of a metric loss.
func checkEmbeddings(name string, args []string, xs ...*Node) {
	for i, x := range xs {
		checkFloat(name, args[i], x)
		if i > 0 {
			checkSameShape(name, args[0], xs[0], args[i], x)
		}
	}
	if xs[0].Rank() < 1 {
		fail(name, args[0], "must have rank >= 1 (a feature axis), got shape %s", xs[0].Shape())
	}
	if xs[0].Shape().Dimensions[xs[0].Rank()-1] < 1 {
		fail(name, args[0], "must have at least one feature (last axis), got shape %s", xs[0].Shape())
	}
}

// TripletMargin is the triplet margin loss (FaceNet; Balntas et al. for the swap):
//
//	ℓᵢ = max(0, d(aᵢ, pᵢ) − d(aᵢ, nᵢ) + m)
//
// with d the distance of option Dist (default DistanceL2, PyTorch's pairwise
// distance with eps; see PairwiseDistance) and m the option Margin (default 1).
// With Swap(), d(aᵢ, nᵢ) is replaced by min(d(aᵢ, nᵢ), d(pᵢ, nᵢ)): the harder of
// the two negatives distances is used.
//
// Gradient (autodiff): where the hinge is active (ℓᵢ > 0), ∂ℓᵢ/∂a = ∂d(a,p)/∂a −
// ∂d(a,n)/∂a, with ∂‖u‖/∂u = u/‖u‖; inactive triplets have zero gradient. At the
// kink ℓᵢ = 0 exactly GoMLX takes the subgradient of the active side.
//
// anchor, positive and negative have the same float shape [..., D] (feature axis
// last); the element-wise loss has shape [...]. Margin must be >= 0, Eps >= 0.
// Options: Reduce, Weights, Mask (shape [...]), Margin, Dist, Swap, Eps.
//
// Equivalents: PyTorch nn.TripletMarginLoss(margin, p=2, eps, swap) for DistanceL2;
// nn.TripletMarginWithDistanceLoss(distance_function=..., margin, swap) for the
// others; GoMLX loss.TripletLoss mines the triplets inside a labelled batch instead
// (this loss takes explicit triplets).
func TripletMargin(anchor, positive, negative *Node, opts ...Option) *Node {
	const name = "TripletMargin"
	o := parseOptions(name, opts, "Reduce", "Weights", "Mask", "Margin", "Dist", "Swap", "Eps")
	checkNonNegative(name, "Margin", o.margin)
	checkFinite(name, "Margin", o.margin)
	checkNonNegative(name, "Eps", o.eps)
	checkFinite(name, "Eps", o.eps)
	checkEmbeddings(name, []string{"anchor", "positive", "negative"}, anchor, positive, negative)
	a, dt := upcast(anchor)
	if prod(a.Shape().Dimensions[:a.Rank()-1]) == 0 {
		return downcast(applyReduction(name, emptyElem(a.Graph(), a.DType(), a.Shape().Dimensions[:a.Rank()-1]...), o, nil), dt)
	}
	p, _ := upcast(positive)
	n, _ := upcast(negative)
	dPos := pairwiseDistance(name, a, p, o.distance, o.eps)
	dNeg := pairwiseDistance(name, a, n, o.distance, o.eps)
	if o.swap {
		dNeg = Min(dNeg, pairwiseDistance(name, p, n, o.distance, o.eps))
	}
	elem := MaxScalar(AddScalar(Sub(dPos, dNeg), o.margin), 0)
	return downcast(applyReduction(name, elem, o, nil), dt)
}

// Contrastive is the contrastive (Siamese) loss in the syllabus' form, with y = 1
// for similar pairs and y = 0 for dissimilar ones:
//
//	ℓᵢ = yᵢ·dᵢ² + (1 − yᵢ)·max(0, m − dᵢ)²,   dᵢ = d(x1ᵢ, x2ᵢ)
//
// Similar pairs are pulled together; dissimilar pairs are pushed apart until
// they are at least m apart (option Margin, default 1). d is the distance of
// option Dist (default DistanceL2 with eps, see PairwiseDistance).
//
// Convention: Hadsell, Chopra & LeCun (2006) write L = (1−Y)·½·D² + Y·½·max(0, m−D)²
// with Y = 0 for similar pairs: the same loss with the label flipped and a factor
// ½. This function has no ½ (the syllabus' form), so it is exactly twice
// Hadsell's with y = 1 − Y, and its gradients are twice as large.
//
// Gradient (autodiff): ∂ℓᵢ/∂dᵢ = 2yᵢdᵢ − 2(1−yᵢ)·max(0, m − dᵢ).
//
// x1 and x2 have the same float shape [..., D]; similar has shape [...] and is
// bool or float (soft labels in [0, 1] are allowed). Margin >= 0, Eps >= 0.
// Options: Reduce, Weights, Mask (shape [...]), Margin, Dist, Eps.
//
// Equivalents: no built-in in PyTorch/Keras/Optax (pytorch-metric-learning's
// ContrastiveLoss uses margins on both sides); TensorFlow Addons contrastive_loss
// uses the same form as here with y = 1 for similar pairs.
func Contrastive(x1, x2, similar *Node, opts ...Option) *Node {
	const name = "Contrastive"
	o := parseOptions(name, opts, "Reduce", "Weights", "Mask", "Margin", "Dist", "Eps")
	checkNonNegative(name, "Margin", o.margin)
	checkFinite(name, "Margin", o.margin)
	checkNonNegative(name, "Eps", o.eps)
	checkFinite(name, "Eps", o.eps)
	checkEmbeddings(name, []string{"x1", "x2"}, x1, x2)
	if similar == nil {
		fail(name, "similar", "is nil")
	}
	if xd := x1.Shape().Dimensions; !slices.Equal(similar.Shape().Dimensions, xd[:len(xd)-1]) {
		fail(name, "similar", "shape %s must be the shape of x1 %s without its last (feature) axis", similar.Shape(), x1.Shape())
	}
	if !similar.DType().IsFloat() && similar.DType() != dtypes.Bool {
		fail(name, "similar", "must be bool or float, got %s", similar.Shape())
	}
	a, dt := upcast(x1)
	if isEmpty(similar) {
		return downcast(applyReduction(name, emptyElem(a.Graph(), a.DType(), similar.Shape().Dimensions...), o, nil), dt)
	}
	b, _ := upcast(x2)
	y := ConvertDType(similar, a.DType())
	d := pairwiseDistance(name, a, b, o.distance, o.eps)
	pull := Square(d)
	push := Square(MaxScalar(AddScalar(Neg(d), o.margin), 0)) // max(0, m − d)²
	// A zero coefficient gives a zero term (the limit), also for d = ∞ (a
	// dissimilar pair infinitely far apart has loss 0, not 0·∞ = NaN).
	zero := ScalarZero(d.Graph(), d.DType())
	oneMinusY := OneMinus(y)
	elem := Add(Where(Equal(y, zero), zero, Mul(y, pull)), Where(Equal(oneMinusY, zero), zero, Mul(oneMinusY, push)))
	return downcast(applyReduction(name, elem, o, nil), dt)
}
