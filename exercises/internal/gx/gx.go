// Package gx holds the helpers the tests of the GoMLX exercises (17–22) share.
// They run your graph functions on the course's backend (pkg/backend: the pure-Go
// backend here, XLA where a PJRT plugin is installed) and turn a panic — such as
// the stub's panic("TODO ...") or a shape error raised while your graph is built —
// into a failure that names the task and the call:
//
//	Task 1: BCEWithLogits(logits=[10000 -10000], targets=[0 1]) float32: panicked: TODO: Task 1 — implement BCEWithLogits
//
// Values come back as float64 slices, ready for the check package's comparisons.
// You never need to edit this package.
package gx

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gomlx/compute"
	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/losscourse/losscourse/pkg/backend"
	"github.com/losscourse/losscourse/pkg/gradcheck"
)

// Node is graph.Node, so that test tables can name it briefly.
type Node = graph.Node

// Backend returns the course backend (pkg/backend.Default), without its log line.
func Backend() compute.Backend {
	backend.Quiet = true
	return backend.Default()
}

// Tensor returns a tensor of dtype dt (Float32 or Float64) with the given values
// (row-major) and dimensions (none: a vector of len(values)).
func Tensor(dt dtypes.DType, values []float64, dims ...int) *tensors.Tensor {
	if len(dims) == 0 {
		dims = []int{len(values)}
	}
	t := tensors.FromShape(shapes.Make(dt, dims...))
	if t.Shape().Size() != len(values) {
		panic(fmt.Sprintf("gx.Tensor: %d values do not fill dims %v", len(values), dims))
	}
	switch dt {
	case dtypes.Float32:
		tensors.MustMutableFlatData[float32](t, func(flat []float32) {
			for i, v := range values {
				flat[i] = float32(v)
			}
		})
	case dtypes.Float64:
		tensors.MustMutableFlatData[float64](t, func(flat []float64) { copy(flat, values) })
	default:
		panic(fmt.Sprintf("gx.Tensor: dtype %s not supported", dt))
	}
	return t
}

// Int32s returns an Int32 tensor (labels) with the given values and dimensions
// (none: a vector).
func Int32s(values []int, dims ...int) *tensors.Tensor {
	if len(dims) == 0 {
		dims = []int{len(values)}
	}
	flat := make([]int32, len(values))
	for i, v := range values {
		flat[i] = int32(v)
	}
	return tensors.FromFlatDataAndDimensions(flat, dims...)
}

// Floats returns a float tensor's values as float64.
func Floats(t *tensors.Tensor) []float64 {
	switch t.DType() {
	case dtypes.Float32:
		f := tensors.MustCopyFlatData[float32](t)
		out := make([]float64, len(f))
		for i, v := range f {
			out[i] = float64(v)
		}
		return out
	case dtypes.Float64:
		return tensors.MustCopyFlatData[float64](t)
	}
	panic(fmt.Sprintf("gx.Floats: tensor of dtype %s, want a float tensor", t.DType()))
}

// Result is one output of Exec: its dtype, dimensions and values (as float64).
type Result struct {
	DType  dtypes.DType
	Dims   []int
	Values []float64
}

// Exec builds a graph whose parameters are the inputs, calls build to compute its
// outputs (this is where your code runs), executes it and returns the outputs.
// A panic while building (your code, or GoMLX rejecting a shape) or an error
// while compiling or running fails the test with "Task N: call: ...".
func Exec(t testing.TB, task int, call string, build func(xs []*Node) []*Node, inputs ...*tensors.Tensor) []Result {
	t.Helper()
	var learnerPanic any
	fn := func(xs []*Node) (outs []*Node) {
		defer func() {
			if r := recover(); r != nil {
				learnerPanic = r
				panic(fmt.Errorf("%v", r)) // an error: GoMLX returns it instead of re-panicking
			}
		}()
		return build(xs)
	}
	e, err := graph.NewExec(Backend(), fn)
	if err != nil {
		t.Fatalf("Task %d: %s: building the graph: %v", task, call, firstLine(err))
	}
	args := make([]any, len(inputs))
	for i, in := range inputs {
		args[i] = in
	}
	// GoMLX re-panics some panics of the graph function (strings, such as the
	// stub's) instead of returning them as errors: catch both. The executor is
	// finalised only after a clean run (Finalize blocks after such a panic).
	outs, err := func() (outs []*tensors.Tensor, err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("%v", r)
			}
		}()
		return e.Exec(args...)
	}()
	if learnerPanic != nil {
		t.Fatalf("Task %d: %s: panicked: %v", task, call, firstLine(learnerPanic))
	}
	if err != nil {
		t.Fatalf("Task %d: %s: %v", task, call, firstLine(err))
	}
	defer e.Finalize()
	res := make([]Result, len(outs))
	for i, o := range outs {
		res[i] = Result{DType: o.DType(), Dims: o.Shape().Dimensions}
		if o.DType().IsFloat() {
			res[i].Values = Floats(o)
		}
	}
	return res
}

// Value runs f on the inputs and returns its output, which must have the given
// dimensions (none: a scalar) and the dtype of the first input.
func Value(t testing.TB, task int, call string, f func(xs []*Node) *Node, dims []int, inputs ...*tensors.Tensor) []float64 {
	t.Helper()
	out := Exec(t, task, call, func(xs []*Node) []*Node { return []*Node{f(xs)} }, inputs...)[0]
	checkShape(t, task, call, out, inputs[0].DType(), dims)
	return out.Values
}

// ValueGrad runs the scalar function f on the inputs and returns its value and
// its gradient (GoMLX autodiff, custom gradients included) with respect to the
// inputs listed in wrt. The value must be a scalar of the first input's dtype.
func ValueGrad(t testing.TB, task int, call string, f func(xs []*Node) *Node, wrt []int, inputs ...*tensors.Tensor) (float64, [][]float64) {
	t.Helper()
	var bad *shapes.Shape
	outs := Exec(t, task, call, func(xs []*Node) []*Node {
		y := f(xs)
		if !y.Shape().IsScalar() || y.DType() != xs[0].DType() {
			s := y.Shape()
			bad = &s
			return []*Node{y}
		}
		nodes := make([]*Node, len(wrt))
		for i, k := range wrt {
			nodes[i] = xs[k]
		}
		return append([]*Node{y}, graph.Gradient(y, nodes...)...)
	}, inputs...)
	if bad != nil {
		t.Fatalf("Task %d: %s: returned shape %s, want a scalar of dtype %s", task, call, *bad, inputs[0].DType())
	}
	grads := make([][]float64, len(wrt))
	for i := range wrt {
		grads[i] = outs[1+i].Values
	}
	return outs[0].Values[0], grads
}

// GradCheck compares the autodiff gradient of the scalar function f (float64
// inputs) with the float64 central finite difference (pkg/gradcheck.Graph) and
// fails the test if they differ by more than tol (relative error).
func GradCheck(t testing.TB, task int, call string, f func(xs []*Node) *Node, inputs []gradcheck.Input, tol float64) {
	t.Helper()
	var learnerPanic any
	wrapped := func(xs []*Node) (y *Node) {
		defer func() {
			if r := recover(); r != nil {
				if learnerPanic == nil {
					learnerPanic = r
				}
				panic(fmt.Errorf("%v", r)) // an error: GoMLX returns it instead of re-panicking
			}
		}()
		return f(xs)
	}
	res, err := gradcheck.Graph(Backend(), wrapped, inputs, 0)
	if learnerPanic != nil {
		t.Fatalf("Task %d: %s: panicked: %v", task, call, firstLine(learnerPanic))
	}
	if err != nil {
		t.Fatalf("Task %d: %s: %v", task, call, firstLine(err))
	}
	for i := range res.Autodiff {
		if res.Autodiff[i] == nil {
			continue
		}
		if err := gradcheck.Compare(res.Autodiff[i], res.Numeric[i], tol); err != nil {
			t.Errorf("Task %d: %s: gradient with respect to input #%d, autodiff vs finite differences: %v\n\tautodiff %.6g\n\tnumeric  %.6g",
				task, call, i, err, res.Autodiff[i], res.Numeric[i])
		}
	}
}

func checkShape(t testing.TB, task int, call string, out Result, dt dtypes.DType, dims []int) {
	t.Helper()
	if out.DType != dt || fmt.Sprint(out.Dims) != fmt.Sprint(dims) {
		t.Fatalf("Task %d: %s: returned a %s tensor of shape %v, want %s of shape %v", task, call, out.DType, out.Dims, dt, dims)
	}
}

// firstLine is the first line of a panic value or error (GoMLX errors carry a stack trace).
func firstLine(v any) string {
	s := fmt.Sprint(v)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}
