package gradcheck

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/losscourse/losscourse/pkg/backend"
)

func TestNumericMatchesKnownGradient(t *testing.T) {
	f := func(x []float64) float64 { return x[0]*x[0]*x[1] + math.Sin(x[1]) }
	x := []float64{1.5, -0.7}
	got := Numeric(f, x, 0)
	want := []float64{2 * 1.5 * -0.7, 1.5*1.5 + math.Cos(-0.7)}
	if e := RelError(got, want); e > 1e-8 {
		t.Fatalf("Numeric(f, %v) = %v, want %v (relative error %.3g)", x, got, want, e)
	}
	if x[0] != 1.5 || x[1] != -0.7 {
		t.Fatalf("Numeric modified its input: %v", x)
	}
}

func TestCheckCatchesWrongSign(t *testing.T) {
	f := func(x []float64) float64 { return x[0] * x[0] }
	good := func(x []float64) []float64 { return []float64{2 * x[0]} }
	bad := func(x []float64) []float64 { return []float64{-2 * x[0]} }
	if err := Check(f, good, []float64{3}, 0); err != nil {
		t.Fatalf("Check(correct gradient) = %v, want nil", err)
	}
	err := Check(f, bad, []float64{3}, 0)
	var m *Mismatch
	if !errors.As(err, &m) || m.Index != 0 {
		t.Fatalf("Check(wrong-sign gradient) = %v, want a *Mismatch at index 0", err)
	}
}

func TestRelErrorNaNIsInf(t *testing.T) {
	if e := RelError([]float64{math.NaN()}, []float64{1}); !math.IsInf(e, 1) {
		t.Fatalf("RelError(NaN, 1) = %g, want +Inf", e)
	}
}

func TestGraphAutodiffVsNumeric(t *testing.T) {
	for _, nb := range backend.ForTests() {
		t.Run(nb.Name, func(t *testing.T) {
			f := func(xs []*graph.Node) *graph.Node {
				// Σ log(1+exp(x))·y: y is a constant input.
				return graph.ReduceAllSum(graph.Mul(graph.Softplus(xs[0]), xs[1]))
			}
			res, err := Graph(nb.Backend, f, []Input{
				{Values: []float64{-2, 0.5, 3}, Dims: []int{3}},
				{Values: []float64{1, 2, 3}, Dims: []int{3}, NoGrad: true},
			}, 0)
			if err != nil {
				t.Fatal(err)
			}
			if err := res.Err(1e-7); err != nil {
				t.Fatal(err)
			}
			if res.Autodiff[1] != nil {
				t.Fatalf("NoGrad input got a gradient")
			}
		})
	}
}

// TestGraphCatchesWrongCustomGradient: the checker's purpose is to catch a wrong
// closed-form gradient. A custom gradient of x² that returns x (half the true 2x)
// must be reported, with the input index, and the value must still be right.
func TestGraphCatchesWrongCustomGradient(t *testing.T) {
	for _, nb := range backend.ForTests() {
		t.Run(nb.Name, func(t *testing.T) {
			f := func(xs []*graph.Node) *graph.Node {
				x := xs[0]
				xc := graph.IdentityWithCustomGradient(x, func(x, v *graph.Node) *graph.Node { return graph.Mul(v, x) })
				return graph.ReduceAllSum(graph.Mul(xc, graph.StopGradient(x)))
			}
			res, err := Graph(nb.Backend, f, []Input{{Values: []float64{1, -2, 3}, Dims: []int{3}}}, 0)
			if err != nil {
				t.Fatal(err)
			}
			if want := 1.0 + 4 + 9; math.Abs(res.Value-want) > 1e-12 {
				t.Errorf("Graph value = %g, want Σx² = %g", res.Value, want)
			}
			wantNumeric := []float64{2, -4, 6}
			if e := RelError(res.Numeric[0], wantNumeric); e > 1e-8 {
				t.Errorf("finite-difference gradient = %v, want 2x = %v", res.Numeric[0], wantNumeric)
			}
			err = res.Err(1e-6)
			var m *Mismatch
			if !errors.As(err, &m) {
				t.Fatalf("Result.Err with a custom gradient of half the true value = %v, want a *Mismatch", err)
			}
			if m.RelError < 0.3 || !strings.Contains(err.Error(), "input #0") {
				t.Errorf("Result.Err = %v, want input #0 named and relative error ≈ 1/3, got %g", err, m.RelError)
			}
		})
	}
}

func TestGraphBadInputs(t *testing.T) {
	b := backend.ForTests()[0].Backend
	sum := func(xs []*graph.Node) *graph.Node { return graph.ReduceAllSum(xs[0]) }
	if _, err := Graph(b, sum, []Input{{Values: []float64{1, 2, 3}, Dims: []int{2}}}, 0); err == nil || !strings.Contains(err.Error(), "input #0") {
		t.Errorf("Graph with 3 values for dims [2]: got error %v, want one naming input #0", err)
	}
	vector := func(xs []*graph.Node) *graph.Node { return xs[0] }
	if _, err := Graph(b, vector, []Input{{Values: []float64{1, 2}, Dims: []int{2}}}, 0); err == nil || !strings.Contains(err.Error(), "scalar") {
		t.Errorf("Graph with a non-scalar f: got error %v, want one saying f must return a scalar", err)
	}
}

func TestCompareSkipsTinyAndReportsLengths(t *testing.T) {
	if err := Compare([]float64{1e-11, 1}, []float64{-1e-11, 1}, 1e-9); err != nil {
		t.Errorf("Compare with both values below 1e-10 at index 0: got %v, want nil", err)
	}
	if err := Compare([]float64{1e-11, 1}, []float64{1e-3, 1}, 1e-9); err == nil {
		t.Errorf("Compare(1e-11 vs 1e-3): got nil, want a mismatch (only values that are BOTH tiny are skipped)")
	}
	if err := Compare([]float64{1}, []float64{1, 2}, 0); err == nil || !strings.Contains(err.Error(), "1 elements") {
		t.Errorf("Compare with lengths 1 and 2: got %v, want a length error", err)
	}
}

// TestBadToleranceAndStepAreErrors: a NaN or infinite tolerance would accept
// any gradient (NaN comparisons are false), so Compare and Check return an
// error; Graph returns an error for negative dimensions (instead of panicking
// inside GoMLX) and for a NaN step; Numeric panics with a clear message on a
// NaN step.
func TestBadToleranceAndStepAreErrors(t *testing.T) {
	a, b := []float64{1, 2}, []float64{1, -2}
	for _, tol := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if err := Compare(a, b, tol); err == nil || !strings.Contains(err.Error(), "tolerance") {
			t.Errorf("Compare(%v, %v, tol=%g) = %v, want an error about the tolerance", a, b, tol, err)
		}
		f := func(x []float64) float64 { return x[0] * x[0] }
		if err := Check(f, func(x []float64) []float64 { return []float64{-2 * x[0]} }, []float64{3}, tol); err == nil {
			t.Errorf("Check(wrong gradient, tol=%g) = nil, want an error", tol)
		}
	}
	be := backend.ForTests()[0].Backend
	sum := func(xs []*graph.Node) *graph.Node { return graph.ReduceAllSum(xs[0]) }
	for _, in := range []Input{
		{Values: []float64{1, 2}, Dims: []int{-1, -2}},
		{Values: nil, Dims: []int{-3, 0}},
	} {
		var err error
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("Graph with dims %v panicked: %v", in.Dims, r)
				}
			}()
			_, err = Graph(be, sum, []Input{in}, 0)
		}()
		if err == nil || !strings.Contains(err.Error(), "negative dimension") {
			t.Errorf("Graph with dims %v: error %v, want an error naming the negative dimension", in.Dims, err)
		}
	}
	if _, err := Graph(be, sum, []Input{{Values: []float64{1}, Dims: []int{1}}}, math.NaN()); err == nil {
		t.Errorf("Graph with step NaN: nil error, want an error")
	}
	func() {
		defer func() {
			if r := recover(); r == nil || !strings.Contains(r.(string), "finite") {
				t.Errorf("Numeric with step NaN: recovered %v, want a panic about a finite step", r)
			}
		}()
		Numeric(func(x []float64) float64 { return x[0] }, []float64{1}, math.NaN())
	}()
}
