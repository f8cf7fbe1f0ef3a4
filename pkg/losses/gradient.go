package losses

import (
	"github.com/gomlx/compute/dtypes"
	. "github.com/gomlx/gomlx/core/graph"
)

// closedFormGradients switches the closed-form (custom) gradients on. Tests turn
// it off to obtain GoMLX's plain autodiff gradient of the same forward formula,
// so every loss is checked three ways: closed form, autodiff, finite differences.
var closedFormGradients = true

// withClosedFormGradient returns a node equal to value whose gradient with
// respect to x is grad (times the incoming adjoint): the backward pass then costs
// one multiply instead of differentiating the forward formula.
//
// value must have the shape of x with zero or more trailing axes reduced (for
// example per-example losses over a class axis); grad has x's shape. Neither
// value nor grad is differentiated further (so this is for first-order use; the
// forward formula stays the reference when closedFormGradients is false).
func withClosedFormGradient(value, x, grad *Node) *Node {
	if !closedFormGradients {
		return value
	}
	grad = StopGradient(grad)
	xc := IdentityWithCustomGradient(x, func(_, v *Node) *Node {
		if s := uniformAdjoint(v); s != nil {
			return Mul(grad, s)
		}
		return Mul(v, grad)
	})
	zero := Sub(xc, StopGradient(xc)) // exactly 0 in the forward pass, adjoint 1 in the backward pass
	if extra := x.Rank() - value.Rank(); extra > 0 {
		axes := make([]int, extra)
		for i := range axes {
			axes[i] = value.Rank() + i
		}
		zero = ReduceSum(zero, axes...)
	}
	return Add(StopGradient(value), zero)
}

// uniformAdjoint returns v as a scalar when v is a broadcast of one value, and
// nil otherwise. That is the usual case: the adjoint of a mean or a sum reaches
// the element-wise losses as BroadcastInDim(Reshape(scalar)), possibly through
// further reshapes and broadcasts. Multiplying the gradient by the scalar then
// costs one pass over it, instead of materialising the broadcast adjoint and
// multiplying two full tensors (the broadcast node is left unused and is never
// executed). The result is the same number for every element either way.
func uniformAdjoint(v *Node) *Node {
	for n := v; ; {
		if n.Shape().Size() == 1 {
			return Reshape(n) // to a scalar
		}
		switch n.Type() {
		case NodeTypeBroadcastInDim, NodeTypeReshape:
			n = n.Inputs()[0]
		default:
			return nil
		}
	}
}

// upcast converts half-precision inputs to float32 for the computation; the
// returned dtype is the one results must be converted back to with downcast.
func upcast(x *Node) (*Node, dtypes.DType) {
	dt := x.DType()
	if dt == dtypes.BFloat16 || dt == dtypes.Float16 {
		return ConvertDType(x, dtypes.Float32), dt
	}
	return x, dt
}

// downcast converts x back to dt if needed.
func downcast(x *Node, dt dtypes.DType) *Node {
	if x.DType() != dt {
		return ConvertDType(x, dt)
	}
	return x
}
