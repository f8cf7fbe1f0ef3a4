package losses_test

import (
	"fmt"

	. "github.com/gomlx/gomlx/core/graph"
	"github.com/losscourse/losscourse/pkg/backend"
	"github.com/losscourse/losscourse/pkg/losses"
)

// showLoss executes a graph with no inputs and prints its float32 result(s).
func showLoss(format string, build func(g *Graph) *Node) {
	t := MustExecOnce(backend.Default(), build)
	fmt.Printf(format+"\n", t.Value())
}

func ExampleMeanSquaredError() {
	showLoss("%.4f", func(g *Graph) *Node {
		return losses.MeanSquaredError(Const(g, []float32{1, 2, 3}), Const(g, []float32{1, 0, 0})) // (0+4+9)/3
	})
	// Output: 4.3333
}

func ExampleMeanAbsoluteError() {
	showLoss("%.4f", func(g *Graph) *Node {
		return losses.MeanAbsoluteError(Const(g, []float32{1, 2, -3}), Const(g, []float32{1, 0, 0})) // (0+2+3)/3
	})
	// Output: 1.6667
}

func ExampleHuber() {
	// d = 0.5 → ½·0.25 = 0.125; d = 3 → δ(|d| − ½δ) = 1·2.5: quadratic inside δ, linear outside.
	showLoss("%.4f", func(g *Graph) *Node {
		return losses.Huber(Const(g, []float32{0.5, 3}), Const(g, []float32{0, 0}), losses.Reduce(losses.ReductionNone))
	})
	// Output: [0.1250 2.5000]
}

func ExampleDelta() {
	// Huber with δ = 2 is 2 × SmoothL1 with β = 2: d = 3 gives 2·(3 − 1) = 4 and 3 − 1 = 2.
	showLoss("%.4f", func(g *Graph) *Node {
		p, y := Const(g, []float32{3}), Const(g, []float32{0})
		return Concatenate([]*Node{losses.Huber(p, y, losses.Delta(2)), losses.SmoothL1(p, y, losses.Beta(2))}, 0)
	})
	// Output: [4.0000 2.0000]
}

func ExampleSmoothL1() {
	// β = 1 (the syllabus' nn.SmoothL1Loss(beta=1.0)) equals Huber with δ = 1.
	showLoss("%.4f", func(g *Graph) *Node {
		return losses.SmoothL1(Const(g, []float32{0.5, 3}), Const(g, []float32{0, 0}), losses.Reduce(losses.ReductionNone))
	})
	// Output: [0.1250 2.5000]
}

func ExampleBeta() {
	// β = 0 turns SmoothL1 into L1; β = 0.5 divides the quadratic part by β.
	showLoss("%.4f", func(g *Graph) *Node {
		p, y := Const(g, []float32{0.25}), Const(g, []float32{0})
		return Concatenate([]*Node{losses.SmoothL1(p, y, losses.Beta(0)), losses.SmoothL1(p, y, losses.Beta(0.5))}, 0)
	})
	// Output: [0.2500 0.0625]
}

func ExampleLogCosh() {
	// log cosh(1) = 0.4338; log cosh(100) = 100 − log 2 without overflowing cosh.
	showLoss("%.4f", func(g *Graph) *Node {
		return losses.LogCosh(Const(g, []float32{1, 100}), Const(g, []float32{0, 0}), losses.Reduce(losses.ReductionNone))
	})
	// Output: [0.4338 99.3069]
}

func ExampleGaussianNLL() {
	// ½(log σ² + (y − μ)²/σ²) with σ² = 4, error 2: ½(log 4 + 1).
	showLoss("%.4f", func(g *Graph) *Node {
		return losses.GaussianNLL(Const(g, []float32{2}), Const(g, []float32{0}), Const(g, []float32{4}))
	})
	// Output: 1.1931
}

func ExampleFull() {
	// Full() adds ½·log 2π = 0.9189 to the value of ExampleGaussianNLL.
	showLoss("%.4f", func(g *Graph) *Node {
		return losses.GaussianNLL(Const(g, []float32{2}), Const(g, []float32{0}), Const(g, []float32{4}), losses.Full())
	})
	// Output: 2.1121
}

func ExampleEps() {
	// A zero variance is clamped to eps: ½(log 0.01 + 0.01/0.01) with error 0.1 and eps = 0.01.
	showLoss("%.4f", func(g *Graph) *Node {
		return losses.GaussianNLL(Const(g, []float32{0.1}), Const(g, []float32{0}), Const(g, []float32{0}), losses.Eps(0.01))
	})
	// Output: -1.8026
}

func ExampleLaplaceNLL() {
	// log(2b) + |y − μ|/b with b = 0.5, error 1: log 1 + 2.
	showLoss("%.4f", func(g *Graph) *Node {
		return losses.LaplaceNLL(Const(g, []float32{1}), Const(g, []float32{0}), Const(g, []float32{0.5}))
	})
	// Output: 2.0000
}
