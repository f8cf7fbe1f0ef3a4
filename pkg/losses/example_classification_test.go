package losses_test

import (
	"fmt"

	. "github.com/gomlx/gomlx/core/graph"
	"github.com/losscourse/losscourse/pkg/backend"
	"github.com/losscourse/losscourse/pkg/losses"
)

func ExampleBinaryCrossEntropy() {
	// p = 0 for a positive target: PyTorch clamps log p at −100, so the loss is finite.
	out := MustExecOnce(backend.Default(), func(g *Graph) *Node {
		p := Const(g, []float32{0.9, 0.2, 0})
		y := Const(g, []float32{1, 0, 1})
		return losses.BinaryCrossEntropy(p, y, losses.Reduce(losses.ReductionNone))
	})
	fmt.Printf("%.4f\n", out.Value())
	// Output: [0.1054 0.2231 100.0000]
}

func ExampleBinaryCrossEntropyWithLogits() {
	out := MustExecOnce(backend.Default(), func(g *Graph) *Node {
		logits := Const(g, [][]float32{{2, -1}, {1e4, -3}}) // 1e4 is no problem
		targets := Const(g, [][]float32{{1, 0}, {1, 1}})
		return losses.BinaryCrossEntropyWithLogits(logits, targets)
	})
	fmt.Printf("%.4f\n", out.Value())
	// Output: 0.8722
}

func ExamplePosWeight() {
	// pos_weight = 3 on the first label triples its positive term.
	out := MustExecOnce(backend.Default(), func(g *Graph) *Node {
		logits := Const(g, [][]float32{{0, 0}})
		targets := Const(g, [][]float32{{1, 1}})
		return losses.BinaryCrossEntropyWithLogits(logits, targets, losses.PosWeight(Const(g, []float32{3, 1})), losses.Reduce(losses.ReductionNone))
	})
	fmt.Printf("%.4f\n", out.Value())
	// Output: [[2.0794 0.6931]]
}

func ExampleSoftmaxCrossEntropy() {
	// PyTorch: nn.CrossEntropyLoss(weight=w, ignore_index=-100, label_smoothing=0.1).
	out := MustExecOnce(backend.Default(), func(g *Graph) *Node {
		logits := Const(g, [][]float32{{2, 0, -1}, {0, 1, 0}, {5, 5, 5}})
		labels := Const(g, []int32{0, 2, -100}) // the last example is ignored
		return losses.SoftmaxCrossEntropy(logits, labels,
			losses.ClassWeights(Const(g, []float32{1, 1, 2})), losses.IgnoreIndex(-100), losses.LabelSmoothing(0.1))
	})
	fmt.Printf("%.4f\n", out.Value())
	// Output: 1.1361
}

func ExampleSoftmaxCrossEntropyDense() {
	out := MustExecOnce(backend.Default(), func(g *Graph) *Node {
		logits := Const(g, [][]float32{{2, 0, -1}})
		targets := Const(g, [][]float32{{0.7, 0.2, 0.1}}) // soft labels, e.g. from a teacher
		return losses.SoftmaxCrossEntropyDense(logits, targets)
	})
	fmt.Printf("%.4f\n", out.Value())
	// Output: 0.8698
}

func ExampleNegativeLogLikelihood() {
	out := MustExecOnce(backend.Default(), func(g *Graph) *Node {
		logProbs := LogSoftmax(Const(g, [][]float32{{2, 0, -1}, {0, 1, 0}}))
		return losses.NegativeLogLikelihood(logProbs, Const(g, []int32{0, 1}))
	})
	fmt.Printf("%.4f\n", out.Value())
	// Output: 0.3606
}

func ExampleSmoothLabels() {
	out := MustExecOnce(backend.Default(), func(g *Graph) *Node {
		return losses.SmoothLabels(Const(g, [][]float32{{0, 1, 0, 0}}), 0.1) // (1−ε)y + ε/C
	})
	fmt.Printf("%.3f\n", out.Value())
	// Output: [[0.025 0.925 0.025 0.025]]
}

func ExampleValidateLabels() {
	fmt.Println(losses.ValidateLabels([]int{0, 2, -100}, 3, -100, true))
	fmt.Println(losses.ValidateLabels([]int{0, 3, 1}, 3, -100, true))
	// Output:
	// <nil>
	// losses.ValidateLabels: labels[1] = 3 is outside [0, 3) or the ignore index -100 (1 of 3 labels are invalid)
}

func ExampleKLDivergence() {
	// Use ReductionBatchMean: it is the KL divergence per example.
	out := MustExecOnce(backend.Default(), func(g *Graph) *Node {
		logQ := Log(Const(g, [][]float32{{0.5, 0.25, 0.25}}))
		p := Const(g, [][]float32{{0.5, 0.5, 0}}) // 0·log 0 = 0
		return losses.KLDivergence(logQ, p, losses.Reduce(losses.ReductionBatchMean))
	})
	fmt.Printf("%.4f\n", out.Value()) // ½·log(½/½) + ½·log(½/¼) = ½·log 2
	// Output: 0.3466
}

func ExampleSigmoidFocalLoss() {
	out := MustExecOnce(backend.Default(), func(g *Graph) *Node {
		logits := Const(g, []float32{3, -3, 0.5})
		targets := Const(g, []float32{1, 1, 0})
		return losses.SigmoidFocalLoss(logits, targets, losses.Alpha(0.25), losses.Gamma(2), losses.Reduce(losses.ReductionNone))
	})
	fmt.Printf("%.4f\n", out.Value()) // the easy example (logit 3, target 1) is down-weighted most
	// Output: [0.0000 0.6916 0.2831]
}

func ExampleSoftmaxFocalLoss() {
	out := MustExecOnce(backend.Default(), func(g *Graph) *Node {
		logits := Const(g, [][]float32{{4, 0, 0}, {0, 0, 0}})
		labels := Const(g, []int32{0, 1})
		return losses.SoftmaxFocalLoss(logits, labels, losses.Gamma(0.5), losses.Reduce(losses.ReductionNone))
	})
	fmt.Printf("%.4f\n", out.Value())
	// Output: [0.0068 0.8970]
}
