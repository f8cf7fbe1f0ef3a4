package losses

// Benchmarks of the classification losses (naming and method: see
// bench_helpers_test.go). n is the number of logits; the class-axis losses use
// n/16 rows of 16 classes. Run with
//
//	go test ./pkg/losses/ -run '^$' -bench Classification -benchtime 5x

import (
	"math"
	"testing"

	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	gomlxloss "github.com/gomlx/gomlx/ml/train/loss"
)

const benchNumClasses = 16

// benchBinaryData returns logits in [−4, 4] and alternating 0/1 targets.
func benchBinaryData(n int) (logits, targets []float32) {
	logits, targets = benchData(n, 4, 0), make([]float32, n)
	for i := range targets {
		targets[i] = float32(i % 2)
	}
	return logits, targets
}

// benchLabels returns n/benchNumClasses int32 labels cycling through the classes.
func benchLabels(n int) []int32 {
	labels := make([]int32, n/benchNumClasses)
	for i := range labels {
		labels[i] = int32((i * 7) % benchNumClasses)
	}
	return labels
}

// benchOneHot is the dense one-hot version of labels.
func benchOneHot(labels []int32) []float32 {
	t := make([]float32, len(labels)*benchNumClasses)
	for r, y := range labels {
		t[r*benchNumClasses+int(y)] = 1
	}
	return t
}

func BenchmarkClassification(b *testing.B) {
	binaryGraph := func(build func(z, y *Node) *Node, probs bool) func(b *testing.B, n int) {
		return func(b *testing.B, n int) {
			z, y := benchBinaryData(n)
			if probs {
				for i, v := range z {
					z[i] = float32(1 / (1 + math.Exp(-float64(v))))
				}
			}
			benchGraph(b, valueAndGrad(build), benchTensor(z, n), benchTensor(y, n))
		}
	}
	gomlxFn := func(fn gomlxloss.LossFn) func(z, y *Node) *Node {
		return func(z, y *Node) *Node { return fn([]*Node{y}, []*Node{z}) }
	}

	benchLoss(b, "BCEWithLogits",
		benchImpl{"ours", binaryGraph(func(z, y *Node) *Node { return BinaryCrossEntropyWithLogits(z, y) }, false)},
		benchImpl{"gomlx", binaryGraph(gomlxFn(gomlxloss.BinaryCrossentropyLogits), false)},
		benchImpl{"plain", func(b *testing.B, n int) {
			z, y := benchBinaryData(n)
			grad := make([]float32, n)
			benchPlain(b, func() float32 { return plainBCEWithLogits(z, y, grad) })
		}})

	benchLoss(b, "BCE",
		benchImpl{"ours", binaryGraph(func(p, y *Node) *Node { return BinaryCrossEntropy(p, y) }, true)},
		benchImpl{"gomlx", binaryGraph(gomlxFn(gomlxloss.BinaryCrossentropy), true)},
		benchImpl{"plain", func(b *testing.B, n int) {
			z, y := benchBinaryData(n)
			for i, v := range z {
				z[i] = float32(1 / (1 + math.Exp(-float64(v))))
			}
			grad := make([]float32, n)
			benchPlain(b, func() float32 { return plainBCE(z, y, grad) })
		}})

	benchLoss(b, "SigmoidFocal",
		benchImpl{"ours", binaryGraph(func(z, y *Node) *Node { return SigmoidFocalLoss(z, y) }, false)})

	classGraph := func(build func(z, y *Node) *Node, dense, gomlxLabels bool) func(b *testing.B, n int) {
		return func(b *testing.B, n int) {
			rows := n / benchNumClasses
			z := benchTensor(benchData(n, 4, 0), rows, benchNumClasses)
			labels := benchLabels(n)
			var y *tensors.Tensor
			switch {
			case dense:
				y = benchTensor(benchOneHot(labels), rows, benchNumClasses)
			case gomlxLabels: // GoMLX wants labels of shape [rows, 1]
				y = tensors.FromFlatDataAndDimensions(labels, rows, 1)
			default:
				y = tensors.FromFlatDataAndDimensions(labels, rows)
			}
			benchGraph(b, valueAndGrad(build), z, y)
		}
	}
	plainCE := func(b *testing.B, n int) {
		z, labels := benchData(n, 4, 0), benchLabels(n)
		grad := make([]float32, n)
		benchPlain(b, func() float32 { return plainSoftmaxCE(z, labels, benchNumClasses, grad) })
	}

	benchLoss(b, "SoftmaxCE",
		benchImpl{"ours", classGraph(func(z, y *Node) *Node { return SoftmaxCrossEntropy(z, y) }, false, false)},
		benchImpl{"gomlx", classGraph(gomlxFn(gomlxloss.SparseCategoricalCrossEntropyLogits), false, true)},
		benchImpl{"plain", plainCE})

	benchLoss(b, "SoftmaxCEDense",
		benchImpl{"ours", classGraph(func(z, y *Node) *Node { return SoftmaxCrossEntropyDense(z, y) }, true, false)},
		benchImpl{"gomlx", classGraph(gomlxFn(gomlxloss.CategoricalCrossEntropyLogits), true, false)},
		benchImpl{"plain", plainCE}) // one-hot targets: the same arithmetic as the integer-label loop

	benchLoss(b, "SoftmaxFocal",
		benchImpl{"ours", classGraph(func(z, y *Node) *Node { return SoftmaxFocalLoss(z, y) }, false, false)})

	// NLL on log-probabilities (the logits' log-softmax, computed outside the timed graph).
	benchLoss(b, "NLL",
		benchImpl{"ours", func(b *testing.B, n int) {
			rows := n / benchNumClasses
			z := benchData(n, 4, 0)
			for r := 0; r < rows; r++ {
				row := z[r*benchNumClasses : (r+1)*benchNumClasses]
				var s float64
				for _, v := range row {
					s += math.Exp(float64(v))
				}
				for k := range row {
					row[k] -= float32(math.Log(s))
				}
			}
			benchGraph(b, valueAndGrad(func(lp, y *Node) *Node { return NegativeLogLikelihood(lp, y) }),
				benchTensor(z, rows, benchNumClasses), tensors.FromFlatDataAndDimensions(benchLabels(n), rows))
		}})

	benchLoss(b, "KLDivergence",
		benchImpl{"ours", func(b *testing.B, n int) {
			rows := n / benchNumClasses
			lq := benchTensor(benchData(n, 4, 0), rows, benchNumClasses)
			t := benchTensor(benchOneHot(benchLabels(n)), rows, benchNumClasses)
			benchGraph(b, valueAndGrad(func(lq, t *Node) *Node {
				return KLDivergence(LogSoftmax(lq), t, Reduce(ReductionBatchMean))
			}), lq, t)
		}})
}

// plainBCEWithLogits is the scalar-loop baseline: mean loss and its gradient.
func plainBCEWithLogits(z, y, grad []float32) float32 {
	var sum float64
	inv := 1 / float32(len(z))
	for i, zi := range z {
		e := math.Exp(-math.Abs(float64(zi)))
		sum += math.Max(float64(zi), 0) - float64(zi*y[i]) + math.Log1p(e)
		s := 1 / (1 + e) // σ(|z|)
		if zi < 0 {
			s = e * s
		}
		grad[i] = (float32(s) - y[i]) * inv
	}
	return float32(sum) * float32(inv)
}

// plainBCE is the scalar-loop baseline on probabilities (PyTorch's clamps).
func plainBCE(p, y, grad []float32) float32 {
	var sum float64
	inv := 1 / float32(len(p))
	for i, pi := range p {
		lp := max(math.Log(float64(pi)), -100)
		l1p := max(math.Log(1-float64(pi)), -100)
		sum -= float64(y[i])*lp + (1-float64(y[i]))*l1p
		grad[i] = (pi - y[i]) / max(pi*(1-pi), 1e-12) * inv
	}
	return float32(sum) * inv
}

// plainSoftmaxCE is the scalar-loop baseline for integer-label softmax cross-entropy.
func plainSoftmaxCE(z []float32, labels []int32, c int, grad []float32) float32 {
	var sum float64
	inv := 1 / float32(len(labels))
	for r, y := range labels {
		row := z[r*c : (r+1)*c]
		mx := row[0]
		for _, v := range row[1:] {
			mx = max(mx, v)
		}
		var s float32
		for _, v := range row {
			s += float32(math.Exp(float64(v - mx)))
		}
		lse := mx + float32(math.Log(float64(s)))
		sum += float64(lse - row[y])
		g := grad[r*c : (r+1)*c]
		for k, v := range row {
			g[k] = float32(math.Exp(float64(v-lse))) * inv
		}
		g[y] -= inv
	}
	return float32(sum) * inv
}
