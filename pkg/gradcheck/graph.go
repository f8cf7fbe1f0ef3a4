package gradcheck

import (
	"fmt"
	"math"

	"github.com/gomlx/compute"
	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
)

// Input is one float64 input of a graph function: its values (row-major) and dimensions.
// Constant inputs (labels, targets) are marked with NoGrad: they are fed but not differentiated.
type Input struct {
	Values []float64
	Dims   []int
	NoGrad bool
}

// Result holds the gradients of a GraphCheck, one slice per input (nil for NoGrad inputs).
type Result struct {
	Value    float64     // f at the given inputs
	Autodiff [][]float64 // gradient by GoMLX reverse-mode autodiff (custom gradients included)
	Numeric  [][]float64 // central finite difference in float64
}

// Err compares Autodiff and Numeric input by input, returning the first mismatch
// (wrapped with the input index) or nil.
func (r *Result) Err(tol float64) error {
	for i := range r.Autodiff {
		if r.Autodiff[i] == nil {
			continue
		}
		if err := Compare(r.Autodiff[i], r.Numeric[i], tol); err != nil {
			return fmt.Errorf("input #%d: %w", i, err)
		}
	}
	return nil
}

// Graph evaluates the scalar graph function f at inputs (converted to float64
// nodes), its autodiff gradient with respect to every input not marked NoGrad,
// and the float64 central finite-difference gradient (h ≤ 0 means DefaultStep).
// f must return a scalar; any error building or running the graph is returned,
// and so are bad arguments (a nil backend or f, a negative dimension, values
// that do not fill the dimensions, a NaN or infinite h).
func Graph(backend compute.Backend, f func(xs []*graph.Node) *graph.Node, inputs []Input, h float64) (res *Result, err error) {
	if backend == nil {
		return nil, fmt.Errorf("gradcheck.Graph: backend is nil")
	}
	if f == nil {
		return nil, fmt.Errorf("gradcheck.Graph: f is nil")
	}
	if math.IsNaN(h) || math.IsInf(h, 0) {
		return nil, fmt.Errorf("gradcheck.Graph: step h must be finite, got %g", h)
	}
	if h <= 0 {
		h = DefaultStep
	}
	for i, in := range inputs {
		size := 1
		for _, d := range in.Dims {
			if d < 0 {
				return nil, fmt.Errorf("gradcheck.Graph: input #%d has a negative dimension in %v", i, in.Dims)
			}
			if d > 0 && size > math.MaxInt32/d {
				return nil, fmt.Errorf("gradcheck.Graph: input #%d dims %v are too large for a finite-difference check", i, in.Dims)
			}
			size *= d
		}
		if size != len(in.Values) {
			return nil, fmt.Errorf("gradcheck.Graph: input #%d has %d values but dims %v need %d", i, len(in.Values), in.Dims, size)
		}
	}
	valueAndGrad := func(xs []*graph.Node) []*graph.Node {
		y := f(xs)
		if !y.Shape().IsScalar() {
			panic(fmt.Errorf("gradcheck.Graph: f must return a scalar, got shape %s", y.Shape()))
		}
		y = graph.ConvertDType(y, dtypes.Float64)
		var wrt []*graph.Node
		for i, x := range xs {
			if !inputs[i].NoGrad {
				wrt = append(wrt, x)
			}
		}
		out := []*graph.Node{y}
		if len(wrt) > 0 {
			out = append(out, graph.Gradient(y, wrt...)...)
		}
		return out
	}
	valueOnly := func(xs []*graph.Node) *graph.Node { return graph.ConvertDType(f(xs), dtypes.Float64) }

	gradExec, err := graph.NewExec(backend, valueAndGrad)
	if err != nil {
		return nil, err
	}
	defer gradExec.Finalize()
	valExec, err := graph.NewExec(backend, valueOnly)
	if err != nil {
		return nil, err
	}
	defer valExec.Finalize()

	toTensors := func() []any {
		args := make([]any, len(inputs))
		for i, in := range inputs {
			t := tensors.FromShape(shapesFloat64(in.Dims))
			tensors.MustMutableFlatData[float64](t, func(flat []float64) { copy(flat, in.Values) })
			args[i] = t
		}
		return args
	}
	outs, err := gradExec.Exec(toTensors()...)
	if err != nil {
		return nil, err
	}
	res = &Result{Value: tensors.ToScalar[float64](outs[0]), Autodiff: make([][]float64, len(inputs)), Numeric: make([][]float64, len(inputs))}
	k := 1
	for i, in := range inputs {
		if in.NoGrad {
			continue
		}
		res.Autodiff[i] = append([]float64(nil), tensors.MustCopyFlatData[float64](outs[k])...)
		k++
	}
	eval := func() (float64, error) {
		o, err := valExec.Exec(toTensors()...)
		if err != nil {
			return 0, err
		}
		return tensors.ToScalar[float64](o[0]), nil
	}
	for i := range inputs {
		if inputs[i].NoGrad {
			continue
		}
		vals := inputs[i].Values
		g := make([]float64, len(vals))
		for j := range vals {
			old := vals[j]
			vals[j] = old + h
			fp, err := eval()
			if err != nil {
				vals[j] = old
				return nil, err
			}
			vals[j] = old - h
			fm, err := eval()
			vals[j] = old
			if err != nil {
				return nil, err
			}
			g[j] = (fp - fm) / (2 * h)
		}
		res.Numeric[i] = g
	}
	return res, nil
}
