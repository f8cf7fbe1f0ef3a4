package losses

import (
	. "github.com/gomlx/gomlx/core/graph"
)

// applyReduction combines the element-wise loss `elem` with the weights and mask
// in o (plus any loss-specific extra weights, already multiplied into `extraW`
// when non-nil, same shape as elem) following the package's reduction rule.
func applyReduction(loss string, elem *Node, o *options, extraW *Node) *Node {
	dtype := elem.DType()
	w := extraW
	var m *Node
	if o.weights != nil {
		checkFloat(loss, "Weights", o.weights)
		if !o.weights.Shape().EqualDimensions(elem.Shape()) {
			fail(loss, "Weights", "shape %s must equal the element-wise loss shape %s", o.weights.Shape(), elem.Shape())
		}
		ow := ConvertDType(o.weights, dtype)
		if w == nil {
			w = ow
		} else {
			w = Mul(w, ow)
		}
	}
	if o.mask != nil {
		if !o.mask.Shape().EqualDimensions(elem.Shape()) {
			fail(loss, "Mask", "shape %s must equal the element-wise loss shape %s", o.mask.Shape(), elem.Shape())
		}
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
			zero := ZerosLike(elem)
			elem = Where(NotEqual(m, ZerosLike(m)), Mul(w, elem), zero)
		} else {
			elem = Mul(w, elem)
		}
	}
	switch o.reduction {
	case ReductionNone:
		return elem
	case ReductionSum:
		return ReduceAllSum(elem)
	case ReductionMean:
		if w == nil {
			return ReduceAllMean(elem)
		}
		return safeDiv(ReduceAllSum(elem), ReduceAllSum(w))
	case ReductionElementMean:
		if m == nil {
			return ReduceAllMean(elem)
		}
		return safeDiv(ReduceAllSum(elem), ReduceAllSum(m))
	case ReductionBatchMean:
		b := 1
		if elem.Rank() > 0 {
			b = elem.Shape().Dimensions[0]
		}
		return DivScalar(ReduceAllSum(elem), float64(b))
	}
	fail(loss, "Reduce", "unknown reduction %v", o.reduction)
	return nil
}

// safeDiv returns num/den, or 0 (with zero gradient) where den == 0.
func safeDiv(num, den *Node) *Node {
	isZero := Equal(den, ZerosLike(den))
	safeDen := Where(isZero, OnesLike(den), den)
	return Where(isZero, ZerosLike(num), Div(num, safeDen))
}
