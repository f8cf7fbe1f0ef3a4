package losses_test

import (
	"errors"
	"fmt"
	"math"

	. "github.com/gomlx/gomlx/core/graph"
	"github.com/losscourse/losscourse/pkg/backend"
	"github.com/losscourse/losscourse/pkg/losses"
)

func ExampleReduce() {
	// The same element-wise losses (1, 4, 9) under each reduction.
	for _, r := range []losses.Reduction{losses.ReductionNone, losses.ReductionSum, losses.ReductionMean} {
		out := MustExecOnce(backend.Default(), func(g *Graph) *Node {
			return losses.MeanSquaredError(Const(g, []float32{1, 2, 3}), Const(g, []float32{0, 0, 0}), losses.Reduce(r))
		})
		fmt.Printf("%s: %v\n", r, out.Value())
	}
	// Output:
	// none: [1 4 9]
	// sum: 14
	// mean: 4.666667
}

func ExampleWeights() {
	// ReductionMean is the weighted mean Σw·ℓ/Σw; ReductionElementMean is PyTorch's Σw·ℓ/n.
	for _, r := range []losses.Reduction{losses.ReductionMean, losses.ReductionElementMean} {
		out := MustExecOnce(backend.Default(), func(g *Graph) *Node {
			w := Const(g, []float32{0, 1, 3})
			return losses.MeanSquaredError(Const(g, []float32{1, 2, 3}), Const(g, []float32{0, 0, 0}), losses.Weights(w), losses.Reduce(r))
		})
		fmt.Printf("%s: %v\n", r, out.Value())
	}
	// Output:
	// mean: 7.75
	// element_mean: 10.333334
}

func ExampleMask() {
	// Masked elements leave the loss and the denominator, even when they hold NaN.
	out := MustExecOnce(backend.Default(), func(g *Graph) *Node {
		pred := Const(g, []float32{1, 2, float32NaN()})
		mask := Const(g, []bool{true, true, false})
		return losses.MeanSquaredError(pred, Const(g, []float32{0, 0, 0}), losses.Mask(mask))
	})
	fmt.Println(out.Value())
	// Output: 2.5
}

func ExampleClassWeights() {
	// Class weights [1, 3]: the mean divides by the weights of the targets (PyTorch's rule): (1·ℓ₀ + 3·ℓ₁)/(1+3).
	out := MustExecOnce(backend.Default(), func(g *Graph) *Node {
		logits := Const(g, [][]float32{{0, 0}, {0, 0}})
		labels := Const(g, []int32{0, 1})
		return losses.SoftmaxCrossEntropy(logits, labels, losses.ClassWeights(Const(g, []float32{1, 3})))
	})
	fmt.Printf("%.4f\n", out.Value()) // ln 2 for every row, so the weighted mean is ln 2
	// Output: 0.6931
}

func ExampleIgnoreIndex() {
	// Rows labelled -100 contribute nothing, not even to the denominator.
	out := MustExecOnce(backend.Default(), func(g *Graph) *Node {
		logits := Const(g, [][]float32{{2, 0}, {-50, 50}})
		labels := Const(g, []int32{0, -100})
		return losses.SoftmaxCrossEntropy(logits, labels, losses.IgnoreIndex(-100))
	})
	fmt.Printf("%.4f\n", out.Value())
	// Output: 0.1269
}

func ExampleLabelSmoothing() {
	// With ε = 0.1 over 2 classes the target becomes (0.95, 0.05): a perfect fit now costs more than 0.
	for _, eps := range []float64{0, 0.1} {
		out := MustExecOnce(backend.Default(), func(g *Graph) *Node {
			logits := Const(g, [][]float32{{10, -10}})
			return losses.SoftmaxCrossEntropy(logits, Const(g, []int32{0}), losses.LabelSmoothing(eps))
		})
		fmt.Printf("ε=%.1f: %.4f\n", eps, out.Value())
	}
	// Output:
	// ε=0.0: 0.0000
	// ε=0.1: 1.0000
}

func ExampleGamma() {
	// γ down-weights easy examples: at p_t = 0.9 the focal factor (1−p_t)^γ is 0.01 for γ = 2.
	for _, gamma := range []float64{0, 2} {
		out := MustExecOnce(backend.Default(), func(g *Graph) *Node {
			logit := Const(g, []float64{2.1972245773362196}) // σ(z) = 0.9
			return losses.SigmoidFocalLoss(logit, Const(g, []float64{1}), losses.Gamma(gamma))
		})
		fmt.Printf("γ=%g: %.6f\n", gamma, out.Value())
	}
	// Output:
	// γ=0: 0.105361
	// γ=2: 0.001054
}

func ExampleAlpha() {
	// α weights positives by α and negatives by 1−α (torchvision's α_t).
	out := MustExecOnce(backend.Default(), func(g *Graph) *Node {
		logits := Const(g, []float64{0, 0})
		targets := Const(g, []float64{1, 0})
		return losses.SigmoidFocalLoss(logits, targets, losses.Alpha(0.25), losses.Gamma(0), losses.Reduce(losses.ReductionNone))
	})
	fmt.Printf("%.4f\n", out.Value())
	// Output: [0.1733 0.5199]
}

func ExampleLogTarget() {
	// The same KL divergence with the target given as probabilities or as log-probabilities.
	for _, logTarget := range []bool{false, true} {
		out := MustExecOnce(backend.Default(), func(g *Graph) *Node {
			logQ := Log(Const(g, [][]float64{{0.5, 0.5}}))
			p := Const(g, [][]float64{{0.9, 0.1}})
			if logTarget {
				return losses.KLDivergence(logQ, Log(p), losses.LogTarget(), losses.Reduce(losses.ReductionBatchMean))
			}
			return losses.KLDivergence(logQ, p, losses.Reduce(losses.ReductionBatchMean))
		})
		fmt.Printf("log target %v: %.4f\n", logTarget, out.Value())
	}
	// Output:
	// log target false: 0.3681
	// log target true: 0.3681
}

func ExampleError() {
	// Bad input fails with an error naming the loss, the argument and the shapes.
	_, err := ExecOnce(backend.Default(), func(g *Graph) *Node {
		return losses.MeanSquaredError(Const(g, []float32{1, 2}), Const(g, []float32{1, 2, 3}))
	})
	var lerr *losses.Error
	fmt.Println(errors.As(err, &lerr), lerr.Loss, lerr.Arg)
	fmt.Println(lerr)
	// Output:
	// true losses.MeanSquaredError targets
	// losses.MeanSquaredError: argument targets: shape (Float32)[3] does not match predictions shape (Float32)[2]
}

func float32NaN() float32 { return float32(math.NaN()) }
