package losses

import (
	"fmt"
	"math"

	. "github.com/gomlx/gomlx/core/graph"
)

// Error is the error every loss panics with on bad input. It names the loss,
// the argument and (in Msg) the shapes involved.
type Error struct {
	Loss string // e.g. "losses.BinaryCrossEntropyWithLogits"
	Arg  string // e.g. "labels"
	Msg  string // what is wrong, with the shapes or values
}

func (e *Error) Error() string {
	if e.Arg == "" {
		return fmt.Sprintf("%s: %s", e.Loss, e.Msg)
	}
	return fmt.Sprintf("%s: argument %s: %s", e.Loss, e.Arg, e.Msg)
}

// fail panics with an *Error.
func fail(loss, arg, format string, args ...any) {
	panic(&Error{Loss: "losses." + loss, Arg: arg, Msg: fmt.Sprintf(format, args...)})
}

// checkFloat panics unless x is a floating-point node.
func checkFloat(loss, arg string, x *Node) {
	if x == nil {
		fail(loss, arg, "is nil")
	}
	if !x.DType().IsFloat() {
		fail(loss, arg, "must be a floating-point tensor, got %s", x.Shape())
	}
}

// checkSameShape panics unless a and b have the same dimensions and dtype.
func checkSameShape(loss, argA string, a *Node, argB string, b *Node) {
	if !a.Shape().Equal(b.Shape()) {
		fail(loss, argB, "shape %s does not match %s shape %s", b.Shape(), argA, a.Shape())
	}
}

// checkPositive panics unless v > 0.
func checkPositive(loss, arg string, v float64) {
	if !(v > 0) {
		fail(loss, arg, "must be > 0, got %g", v)
	}
}

// checkFinite panics unless v is finite (a NaN is already rejected by the range checks).
func checkFinite(loss, arg string, v float64) {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		fail(loss, arg, "must be finite, got %g", v)
	}
}

// checkNonNegative panics unless v >= 0.
func checkNonNegative(loss, arg string, v float64) {
	if !(v >= 0) {
		fail(loss, arg, "must be >= 0, got %g", v)
	}
}
