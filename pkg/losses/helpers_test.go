package losses

import (
	"errors"
	"strings"
	"testing"

	"github.com/gomlx/compute"
	"github.com/gomlx/compute/dtypes"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/losscourse/losscourse/pkg/backend"
	"github.com/losscourse/losscourse/pkg/gradcheck"
)

func init() { backend.Quiet = true }

// testBackends is the list of backends every test runs on (Go always, XLA when installed).
func testBackends() []backend.Named { return backend.ForTests() }

// execScalar builds and runs a graph with no inputs returning a scalar, as float64.
func execScalar(t *testing.T, b compute.Backend, build func(g *Graph) *Node) float64 {
	t.Helper()
	e, err := NewExec(b, func(g *Graph) *Node { return ConvertDType(build(g), dtypes.Float64) })
	if err != nil {
		t.Fatalf("building graph: %v", err)
	}
	defer e.Finalize()
	out, err := e.Exec()
	if err != nil {
		t.Fatalf("executing graph: %v", err)
	}
	return tensors.ToScalar[float64](out[0])
}

// execFlat builds and runs a graph with no inputs, returning the flat float64 values of each output.
func execFlat(t *testing.T, b compute.Backend, build func(g *Graph) []*Node) [][]float64 {
	t.Helper()
	e, err := NewExec(b, func(g *Graph) []*Node {
		outs := build(g)
		for i := range outs {
			outs[i] = ConvertDType(outs[i], dtypes.Float64)
		}
		return outs
	})
	if err != nil {
		t.Fatalf("building graph: %v", err)
	}
	defer e.Finalize()
	outs, err := e.Exec()
	if err != nil {
		t.Fatalf("executing graph: %v", err)
	}
	res := make([][]float64, len(outs))
	for i, o := range outs {
		res[i] = append([]float64(nil), tensors.MustCopyFlatData[float64](o)...)
	}
	return res
}

func input(values []float64, dims ...int) gradcheck.Input {
	return gradcheck.Input{Values: append([]float64(nil), values...), Dims: dims}
}

func constInput(values []float64, dims ...int) gradcheck.Input {
	return gradcheck.Input{Values: append([]float64(nil), values...), Dims: dims, NoGrad: true}
}

// checkGradThreeWays checks the gradient of the scalar loss f three ways, on every
// test backend: the closed-form (custom) gradient and GoMLX's plain autodiff of
// the forward formula must each match the float64 finite difference, and each other.
func checkGradThreeWays(t *testing.T, name string, f func(xs []*Node) *Node, inputs ...gradcheck.Input) {
	t.Helper()
	const tol = 1e-6
	for _, nb := range testBackends() {
		closed, err := gradcheck.Graph(nb.Backend, f, cloneInputs(inputs), 0)
		if err != nil {
			t.Fatalf("%s on %s (closed-form gradient): %v", name, nb.Name, err)
		}
		closedFormGradients = false
		auto, err := gradcheck.Graph(nb.Backend, f, cloneInputs(inputs), 0)
		closedFormGradients = true
		if err != nil {
			t.Fatalf("%s on %s (autodiff): %v", name, nb.Name, err)
		}
		if err := closed.Err(tol); err != nil {
			t.Errorf("%s on %s: closed-form gradient vs finite differences: %v", name, nb.Name, err)
		}
		if err := auto.Err(tol); err != nil {
			t.Errorf("%s on %s: autodiff gradient vs finite differences: %v", name, nb.Name, err)
		}
		for i := range closed.Autodiff {
			if closed.Autodiff[i] == nil {
				continue
			}
			if err := gradcheck.Compare(closed.Autodiff[i], auto.Autodiff[i], 1e-9); err != nil {
				t.Errorf("%s on %s: input #%d closed-form vs autodiff: %v", name, nb.Name, i, err)
			}
		}
	}
}

func cloneInputs(in []gradcheck.Input) []gradcheck.Input {
	out := make([]gradcheck.Input, len(in))
	for i, x := range in {
		out[i] = x
		out[i].Values = append([]float64(nil), x.Values...)
	}
	return out
}

// expectLossError builds a graph with build and requires it to fail with a
// *losses.Error whose message contains every one of wants.
func expectLossError(t *testing.T, what string, build func(g *Graph), wants ...string) {
	t.Helper()
	b := testBackends()[0].Backend
	e, err := NewExec(b, func(g *Graph) *Node {
		build(g)
		return Const(g, float32(0))
	})
	if err == nil {
		defer e.Finalize()
		_, err = e.Exec() // graphs are built on first execution
	}
	if err == nil {
		t.Fatalf("%s: got no error, want a *losses.Error mentioning %q", what, wants)
	}
	var lerr *Error
	if !errors.As(err, &lerr) {
		t.Errorf("%s: got error %v, want it to wrap a *losses.Error", what, err)
	}
	for _, w := range wants {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("%s: error %q does not mention %q", what, err.Error(), w)
		}
	}
}
