package gradcheck

import (
	"errors"
	"math"
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
