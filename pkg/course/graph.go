package course

import (
	"fmt"
	"math"
	"slices"

	"github.com/gomlx/compute"
	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
)

// Floats returns the values of a tensor (any real or integer dtype), flattened
// in row-major order, as float64.
func Floats(t *tensors.Tensor) []float64 {
	switch t.DType() {
	case dtypes.Float64:
		return tensors.MustCopyFlatData[float64](t)
	case dtypes.Float32:
		return convert(tensors.MustCopyFlatData[float32](t))
	case dtypes.Int32:
		return convert(tensors.MustCopyFlatData[int32](t))
	case dtypes.Int64:
		return convert(tensors.MustCopyFlatData[int64](t))
	default:
		panic(fmt.Sprintf("course.Floats: unsupported dtype %s", t.DType()))
	}
}

func convert[T float32 | int32 | int64](v []T) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}

// Scalar returns the single value of a scalar (or one-element) tensor as float64.
func Scalar(t *tensors.Tensor) float64 {
	v := Floats(t)
	if len(v) != 1 {
		panic(fmt.Sprintf("course.Scalar: tensor of shape %s has %d values, want 1", t.Shape(), len(v)))
	}
	return v[0]
}

// Matrix splits flat row-major values into rows of cols values each.
func Matrix(flat []float64, cols int) [][]float64 {
	if cols <= 0 || len(flat)%cols != 0 {
		panic(fmt.Sprintf("course.Matrix: %d values do not split into rows of %d", len(flat), cols))
	}
	out := make([][]float64, len(flat)/cols)
	for i := range out {
		out[i] = slices.Clone(flat[i*cols : (i+1)*cols])
	}
	return out
}

// Tensor32 returns the rows of x as a float32 tensor [len(x), len(x[0])], the
// input format of the course's models.
func Tensor32(x [][]float64) *tensors.Tensor {
	if len(x) == 0 {
		panic("course.Tensor32: no rows")
	}
	d := len(x[0])
	flat := make([]float32, 0, len(x)*d)
	for i, r := range x {
		if len(r) != d {
			panic(fmt.Sprintf("course.Tensor32: row %d has %d values, row 0 has %d", i, len(r), d))
		}
		for _, v := range r {
			flat = append(flat, float32(v))
		}
	}
	return tensors.FromFlatDataAndDimensions(flat, len(x), d)
}

// ValueGrad evaluates the graph function f at x (and the constant inputs rest:
// targets, labels, …) and returns the sum of its outputs — f's value when f is
// a scalar loss — and the gradient of that sum with respect to x, flattened.
// The arguments are anything graph.Exec accepts (Go slices, scalars, tensors);
// x must be float32 or float64, and the gradient has its dtype's precision.
//
// Per-element losses (ReductionNone) give the per-element derivative, since
// ∂(Σ_i ℓ_i)/∂x_i = ∂ℓ_i/∂x_i when ℓ_i depends on x_i only.
func ValueGrad(b compute.Backend, f func(x *graph.Node, rest []*graph.Node) *graph.Node, x any, rest ...any) (value float64, grad []float64, err error) {
	fn := func(xs []*graph.Node) []*graph.Node {
		y := graph.ConvertDType(graph.ReduceAllSum(f(xs[0], xs[1:])), dtypes.Float64)
		return []*graph.Node{y, graph.Gradient(y, xs[0])[0]}
	}
	exec, err := graph.NewExec(b, fn)
	if err != nil {
		return 0, nil, err
	}
	defer exec.Finalize()
	outs, err := exec.Exec(append([]any{x}, rest...)...)
	if err != nil {
		return 0, nil, err
	}
	return Scalar(outs[0]), Floats(outs[1]), nil
}

// Grad is ValueGrad on the process-wide Backend, returning only the gradient and
// panicking on error — the one-liner of a notebook's derivation checks:
//
//	g := course.Grad(func(z *graph.Node, y []*graph.Node) *graph.Node { return losses.BinaryCrossEntropyWithLogits(z, y[0]) }, z, y)
func Grad(f func(x *graph.Node, rest []*graph.Node) *graph.Node, x any, rest ...any) []float64 {
	_, g, err := ValueGrad(Backend(), f, x, rest...)
	if err != nil {
		panic(err)
	}
	return g
}

// GDOptions configures GradientDescent.
type GDOptions struct {
	LearningRate float64 // step size lr (required, > 0)
	Steps        int     // number of steps (required, > 0)
	// Decay makes the step lr/√(1 + t/50) at step t — needed for non-smooth
	// losses (MAE, Laplace NLL), whose gradient does not shrink near the optimum.
	Decay bool
}

// GradientDescent minimises loss(θ, data) over the parameter vector θ by plain
// gradient descent, θ ← θ − lr_t·∇θ loss, with the gradient from GoMLX autodiff.
// θ is float64 [len(theta0)]; data is anything graph.Exec accepts. It returns the
// final θ and the loss before each step. loss must return a scalar.
func GradientDescent(b compute.Backend, loss func(theta, data *graph.Node) *graph.Node, theta0 []float64, data any, opts GDOptions) (theta, history []float64, err error) {
	if opts.LearningRate <= 0 || opts.Steps <= 0 || len(theta0) == 0 {
		return nil, nil, fmt.Errorf("course.GradientDescent: need LearningRate > 0, Steps > 0 and a non-empty θ, got %g, %d, %d values", opts.LearningRate, opts.Steps, len(theta0))
	}
	exec, err := graph.NewExec(b, func(theta, data *graph.Node) (*graph.Node, *graph.Node) {
		l := loss(theta, data)
		return l, graph.Gradient(l, theta)[0]
	})
	if err != nil {
		return nil, nil, err
	}
	defer exec.Finalize()
	theta = slices.Clone(theta0)
	history = make([]float64, 0, opts.Steps)
	for t := range opts.Steps {
		outs, err := exec.Exec(theta, data)
		if err != nil {
			return nil, nil, err
		}
		l, g := Scalar(outs[0]), Floats(outs[1])
		if math.IsNaN(l) || math.IsInf(l, 0) {
			return theta, history, fmt.Errorf("course.GradientDescent: loss is %g at step %d (learning rate %g too large?)", l, t, opts.LearningRate)
		}
		history = append(history, l)
		rate := opts.LearningRate
		if opts.Decay {
			rate /= math.Sqrt(1 + float64(t)/50)
		}
		for i := range theta {
			theta[i] -= rate * g[i]
		}
	}
	return theta, history, nil
}

// Param returns the i-th entry of the parameter vector θ broadcast to the shape
// of like: a constant prediction θ_i for every element of the data.
func Param(theta *graph.Node, i int, like *graph.Node) *graph.Node {
	return graph.BroadcastToDims(graph.Reshape(graph.Slice(theta, graph.AxisElem(i))), like.Shape().Dimensions...)
}
