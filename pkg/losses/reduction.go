package losses

import (
	"math"

	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	. "github.com/gomlx/gomlx/core/graph"
)

// applyReduction combines the element-wise loss `elem` with the weights and mask
// in o (plus any loss-specific extra weights, already multiplied into `extraW`
// when non-nil, same shape as elem) following the package's reduction rule.
// extraNonNegative tells whether extraW is known to be ≥ 0 (a 0/1 indicator).
func applyReduction(loss string, elem *Node, o *options, extraW *Node) *Node {
	return reduceWeighted(loss, elem, o, extraW, extraW == nil)
}

// reduceWeighted is applyReduction with the sign knowledge of extraW made explicit.
func reduceWeighted(loss string, elem *Node, o *options, extraW *Node, extraNonNegative bool) *Node {
	dtype := elem.DType()
	w := extraW
	nonNegative := extraNonNegative // every factor of w is known to be ≥ 0
	var m *Node
	if o.weights != nil {
		checkFloat(loss, "Weights", o.weights)
		if !o.weights.Shape().EqualDimensions(elem.Shape()) {
			fail(loss, "Weights", "shape %s must equal the element-wise loss shape %s", o.weights.Shape(), elem.Shape())
		}
		nonNegative = false
	}
	if o.mask != nil {
		if !o.mask.Shape().EqualDimensions(elem.Shape()) {
			fail(loss, "Mask", "shape %s must equal the element-wise loss shape %s", o.mask.Shape(), elem.Shape())
		}
		if o.mask.DType() != dtypes.Bool && !o.mask.DType().IsFloat() {
			fail(loss, "Mask", "must be a Bool or float tensor, got %s", o.mask.Shape())
		}
		if o.mask.DType() != dtypes.Bool {
			nonNegative = false
		}
	}
	if o.reduction < ReductionMean || o.reduction > ReductionBatchMean {
		fail(loss, "Reduce", "unknown reduction %v", o.reduction)
	}
	if elem.Shape().Size() == 0 {
		// Empty batch: the package's rule is sum 0 and mean 0 (zero gradient).
		// Nothing is computed from the (empty) inputs: the pure-Go backend's
		// Where, among others, fails on empty tensors.
		if o.reduction == ReductionNone {
			return elem
		}
		return ScalarZero(elem.Graph(), dtype)
	}
	if o.weights != nil {
		ow := ConvertDType(o.weights, dtype)
		if w == nil {
			w = ow
		} else {
			w = Mul(w, ow)
		}
	}
	if o.mask != nil {
		m = ConvertDType(o.mask, dtype)
		if w == nil {
			w = m
		} else {
			w = Mul(w, m)
		}
	}
	if w != nil {
		if m != nil {
			// Masked elements may hold garbage (even NaN/Inf): select zero instead of multiplying.
			elem = Where(NotEqual(m, ZerosLike(m)), Mul(w, elem), ZerosLike(elem))
		} else {
			elem = Mul(w, elem)
		}
	}
	switch o.reduction {
	case ReductionNone:
		return elem
	case ReductionSum:
		return sumAll(elem)
	case ReductionMean:
		if w == nil {
			return meanAll(elem)
		}
		return weightedMean(sumAll(elem), w, nonNegative)
	case ReductionElementMean:
		if m == nil {
			return meanAll(elem)
		}
		return weightedMean(sumAll(elem), m, o.mask.DType() == dtypes.Bool)
	case ReductionBatchMean:
		b := 1
		if elem.Rank() > 0 {
			b = elem.Shape().Dimensions[0]
		}
		return DivScalar(sumAll(elem), float64(b))
	}
	panic("unreachable")
}

// weightedMean is num / Σw with the package's rule for a zero denominator:
//
//   - every wᵢ = 0 (a fully masked or fully ignored batch): 0 with a zero
//     gradient — unless num is NaN (an unmasked NaN element, or a row with an
//     out-of-range label), which stays NaN;
//   - Σw = 0 while some wᵢ ≠ 0 (weights that cancel, e.g. [1, −1]): the weighted
//     mean is undefined and the result is NaN.
//
// nonNegative says that every wᵢ ≥ 0, so that Σw = 0 already means every wᵢ = 0.
func weightedMean(num, w *Node, nonNegative bool) *Node {
	den := sumAll(w)
	allZero := den
	if !nonNegative {
		allZero = sumAll(Abs(w))
	}
	g, dt := num.Graph(), num.DType()
	zero := ScalarZero(g, dt)
	denIsZero := Equal(den, zero)
	mean := Div(num, Where(denIsZero, ScalarOne(g, dt), den))
	mean = Where(denIsZero, Scalar(g, dt, math.NaN()), mean)
	return Where(Equal(allZero, zero), Mul(num, zero), mean)
}

// meanAll is the plain mean of every element of x (accurate, see sumAll); 0
// for an empty x.
func meanAll(x *Node) *Node {
	n := x.Shape().Size()
	if n == 0 {
		return ScalarZero(x.Graph(), x.DType())
	}
	return DivScalar(sumAll(x), float64(n))
}

// Blocked summation (see sumAll).
const (
	sumBlockMax = 256 // largest block summed in the tensor's own dtype
	sumBlockMin = 16  // smallest block worth a level
)

// sumAll is ReduceAllSum(x), accurate for float32 tensors of any size.
//
// The pure-Go backend sums element by element in the tensor's dtype, so a
// float32 sum of n terms has a relative error that grows like n·2⁻²⁴ (1.8 % for
// 2²² equal terms). sumAll sums in blocks instead: x is reshaped (no copy) to
// [n/d, d] with d ≤ 256 a divisor of n, each block is summed, and the n/d
// partial sums are summed the same way, level by level (a pairwise-style
// reduction with fan-in d): the error then grows like d·2⁻²⁴ per level, and the
// work is the same single pass over x (the later levels touch n/d, n/d², …
// values). When n has no divisor in [16, 256] the remaining values are summed in
// float64 instead (one extra conversion pass). float64 tensors, and float32
// ones of at most 4096 elements, use ReduceAllSum directly.
//
// The gradient is the one of ReduceAllSum (the adjoint broadcast to x's shape),
// attached as an alternate VJP so that autodiff does not walk the blocks.
func sumAll(x *Node) *Node {
	n := x.Shape().Size()
	if x.DType() == dtypes.Float64 || n <= 4096 {
		return ReduceAllSum(x)
	}
	blocked := func() *Node {
		y := Reshape(x, n)
		for n > sumBlockMax {
			d := 0
			for k := sumBlockMax; k >= sumBlockMin; k-- {
				if n%k == 0 {
					d = k
					break
				}
			}
			if d == 0 {
				return ConvertDType(ReduceAllSum(ConvertDType(y, dtypes.Float64)), x.DType())
			}
			y = ReduceSum(Reshape(y, n/d, d), 1)
			n /= d
		}
		return ReduceAllSum(y)
	}
	out, ok := InternalFusedOpCaller(blocked, func() *Node { return ReduceAllSum(x) }, true)
	if !ok { // fusion disabled (GOMLX_FUSION=false): differentiate the blocks themselves.
		return blocked()
	}
	return out
}

// isEmpty reports whether any of xs has no elements (a batch axis of 0).
func isEmpty(xs ...*Node) bool {
	for _, x := range xs {
		if x != nil && x.Shape().Size() == 0 {
			return true
		}
	}
	return false
}

// emptyElem returns the zero element-wise loss of the given dimensions for an
// empty batch: a constant, so nothing is computed from the (empty) inputs and
// their gradients are zeros of their shapes.
func emptyElem(g *Graph, dt dtypes.DType, dims ...int) *Node {
	return Zeros(g, shapes.Make(dt, dims...))
}
