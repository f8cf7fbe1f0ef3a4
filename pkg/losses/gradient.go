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
	return withClosedFormGradientsOf(value, []*Node{x}, []*Node{grad})
}

// withClosedFormGradientsOf is withClosedFormGradient for several inputs: the
// gradient of value with respect to xs[k] is grads[k] (times the adjoint), and
// every xs[k] has value's shape with zero or more trailing axes added. The
// gradient with respect to anything else value depends on (targets, labels) is
// zero, as with StopGradient.
//
// How: the returned node is value itself in the forward pass (one Identity of
// value, which the pure-Go backend executes without a copy when value has no
// other use), and carries as its "alternate VJP" a small subgraph
// Σ_k ReduceSum(IdentityWithCustomGradient(xs[k])) that GoMLX's autodiff
// differentiates in its place (the mechanism GoMLX uses for fused ops with a
// decomposed gradient, graph.InternalFusedOpCaller). That subgraph is never
// executed: only its custom VJP, grads[k]·v, is. So the forward pass costs no
// extra work at all (an earlier form, value + (x − StopGradient(x)), cost two
// copies, a Sub and an Add over the whole tensor on the Go backend).
//
// When the mechanism is unavailable (fusion disabled with GOMLX_FUSION=false,
// or value does not depend on any xs[k], so autodiff would never reach the
// alternate), the earlier form is used: the same values and gradients.
func withClosedFormGradientsOf(value *Node, xs, grads []*Node) *Node {
	if !closedFormGradients {
		return value
	}
	sg := make([]*Node, len(grads))
	for k, g := range grads {
		sg[k] = StopGradient(g) // never differentiated (first-order use)
	}
	grads = sg
	if !value.StopGradient() && dependsOnAny(value, xs) {
		alternate := func() *Node {
			var sum *Node
			for k, x := range xs {
				term := reduceTrailing(customGradientIdentity(x, grads[k]), value.Rank())
				if sum == nil {
					sum = term
				} else {
					sum = Add(sum, term)
				}
			}
			return sum
		}
		out, ok := InternalFusedOpCaller(func() *Node { return Identity(value) }, alternate, true)
		if ok {
			return out
		}
	}
	// Fallback: value + Σ (xc − StopGradient(xc)), exactly value in the forward
	// pass, adjoint 1 to every xc in the backward pass.
	out := StopGradient(value)
	for k, x := range xs {
		xc := customGradientIdentity(x, grads[k])
		out = Add(out, reduceTrailing(Sub(xc, StopGradient(xc)), value.Rank()))
	}
	return out
}

// customGradientIdentity is x with the gradient grad·v (v the incoming adjoint).
func customGradientIdentity(x, grad *Node) *Node {
	return IdentityWithCustomGradient(x, func(_, v *Node) *Node {
		if s := uniformAdjoint(v); s != nil {
			return Mul(grad, s)
		}
		return Mul(v, grad)
	})
}

// reduceTrailing sums x over its axes from rank on.
func reduceTrailing(x *Node, rank int) *Node {
	extra := x.Rank() - rank
	if extra <= 0 {
		return x
	}
	axes := make([]int, extra)
	for i := range axes {
		axes[i] = rank + i
	}
	return ReduceSum(x, axes...)
}

// dependsOnAny reports whether value is computed from any of xs (value itself
// included), following node inputs through the whole graph.
func dependsOnAny(value *Node, xs []*Node) bool {
	targets := make(map[NodeId]bool, len(xs))
	for _, x := range xs {
		targets[x.Id()] = true
	}
	seen := make(map[NodeId]bool)
	stack := []*Node{value}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if targets[n.Id()] {
			return true
		}
		if seen[n.Id()] {
			continue
		}
		seen[n.Id()] = true
		stack = append(stack, n.Inputs()...)
	}
	return false
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
