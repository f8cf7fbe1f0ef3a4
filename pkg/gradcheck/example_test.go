package gradcheck_test

import (
	"fmt"
	"math"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/losscourse/losscourse/pkg/backend"
	"github.com/losscourse/losscourse/pkg/gradcheck"
)

// bce is binary cross-entropy with a logit z and a label y: softplus(z) − y·z.
func bce(z, y float64) float64 { return math.Log1p(math.Exp(z)) - y*z }

func ExampleNumeric() {
	f := func(x []float64) float64 { return bce(x[0], 1) }
	g := gradcheck.Numeric(f, []float64{0.5}, 0)
	fmt.Printf("%.6f (σ(0.5) − 1 = %.6f)\n", g[0], 1/(1+math.Exp(-0.5))-1)
	// Output: -0.377541 (σ(0.5) − 1 = -0.377541)
}

func ExampleRelError() {
	fmt.Printf("%.3g\n", gradcheck.RelError([]float64{1, 2}, []float64{1, 2.002}))
	// Output: 0.0005
}

func ExampleCompare() {
	err := gradcheck.Compare([]float64{1, -2}, []float64{1, 2}, 1e-6)
	fmt.Println(err)
	// Output: gradient mismatch at index 1: analytic -2 vs finite-difference 2 (relative error 1 > tolerance 1e-06)
}

func ExampleCheck() {
	// The BCE gradient with respect to the logit is σ(z) − y: check it, and a wrong-sign version.
	f := func(x []float64) float64 { return bce(x[0], 1) }
	right := func(x []float64) []float64 { return []float64{1/(1+math.Exp(-x[0])) - 1} }
	wrong := func(x []float64) []float64 { return []float64{1 - 1/(1+math.Exp(-x[0]))} }
	fmt.Println(gradcheck.Check(f, right, []float64{0.5}, 1e-6))
	fmt.Println(gradcheck.Check(f, wrong, []float64{0.5}, 1e-6) != nil)
	// Output:
	// <nil>
	// true
}

func ExampleGraph() {
	// Σ softplus(z)·y on a GoMLX graph: autodiff against float64 finite differences.
	f := func(xs []*graph.Node) *graph.Node {
		return graph.ReduceAllSum(graph.Mul(graph.Softplus(xs[0]), xs[1]))
	}
	res, err := gradcheck.Graph(backend.Default(), f, []gradcheck.Input{
		{Values: []float64{-2, 0.5, 3}, Dims: []int{3}},
		{Values: []float64{1, 2, 3}, Dims: []int{3}, NoGrad: true}, // a constant input
	}, 0)
	if err != nil {
		panic(err)
	}
	fmt.Printf("autodiff %.4f\n", res.Autodiff[0])
	fmt.Println("agrees with finite differences:", res.Err(1e-7) == nil)
	// Output:
	// autodiff [0.1192 1.2449 2.8577]
	// agrees with finite differences: true
}
