package losses

import (
	"fmt"
	"math"
	"testing"

	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/train/loss"
)

// BenchmarkClassification measures forward + backward (the mean loss and its
// gradient with respect to the logits, in one exec) on the pure-Go backend:
// ours (closed-form gradient), GoMLX's ml/train/loss equivalent (autodiff), and a
// plain-Go float32 scalar loop. Run:
//
//	go test -run x -bench Classification -benchtime 5x ./pkg/losses/
func BenchmarkClassification(b *testing.B) {
	be := testBackends()[0] // always the pure-Go backend
	if be.Name != "go" {
		b.Fatalf("first test backend is %q, want the pure-Go backend", be.Name)
	}
	sizes := []struct {
		name string
		n    int
	}{{"1k", 1 << 10}, {"64k", 1 << 16}, {"1M", 1 << 20}}
	const numClasses = 16

	for _, sz := range sizes {
		n := sz.n
		logits, targets := make([]float32, n), make([]float32, n)
		for i := range logits {
			logits[i] = float32(math.Sin(float64(i)) * 4)
			targets[i] = float32(i % 2)
		}
		zT := tensorF32(logits, n)
		yT := tensorF32(targets, n)
		graphs := map[string]func(z, y *Node) []*Node{
			"ours": func(z, y *Node) []*Node {
				l := BinaryCrossEntropyWithLogits(z, y)
				return []*Node{l, Gradient(l, z)[0]}
			},
			"gomlx": func(z, y *Node) []*Node {
				l := loss.BinaryCrossentropyLogits([]*Node{y}, []*Node{z})
				return []*Node{l, Gradient(l, z)[0]}
			},
		}
		for _, impl := range []string{"ours", "gomlx", "plaingo"} {
			b.Run(fmt.Sprintf("BCEWithLogits/impl=%s/n=%s", impl, sz.name), func(b *testing.B) {
				if impl == "plaingo" {
					grad := make([]float32, n)
					b.ResetTimer()
					for range b.N {
						plainBCEWithLogits(logits, targets, grad)
					}
					return
				}
				e := MustNewExec(be.Backend, graphs[impl])
				defer e.Finalize()
				e.MustExec(zT, yT) // compile
				b.ResetTimer()
				for range b.N {
					for _, t := range e.MustExec(zT, yT) {
						t.FinalizeAll()
					}
				}
			})
		}

		rows := n / numClasses
		labels := make([]int32, rows)
		for i := range labels {
			labels[i] = int32(i % numClasses)
		}
		zCE := tensorF32(logits, rows, numClasses)
		labT := tensors.FromValue(labels)
		labGomlx := tensors.FromFlatDataAndDimensions(labels, rows, 1)
		for _, impl := range []string{"ours", "gomlx", "plaingo"} {
			b.Run(fmt.Sprintf("SoftmaxCE/impl=%s/n=%s", impl, sz.name), func(b *testing.B) {
				switch impl {
				case "plaingo":
					grad := make([]float32, n)
					b.ResetTimer()
					for range b.N {
						plainSoftmaxCE(logits, labels, numClasses, grad)
					}
					return
				case "ours":
					e := MustNewExec(be.Backend, func(z, y *Node) []*Node {
						l := SoftmaxCrossEntropy(z, y)
						return []*Node{l, Gradient(l, z)[0]}
					})
					defer e.Finalize()
					benchExec(b, e, zCE, labT)
				case "gomlx":
					e := MustNewExec(be.Backend, func(z, y *Node) []*Node {
						l := loss.SparseCategoricalCrossEntropyLogits([]*Node{y}, []*Node{z})
						return []*Node{l, Gradient(l, z)[0]}
					})
					defer e.Finalize()
					benchExec(b, e, zCE, labGomlx)
				}
			})
		}
	}
}

func benchExec(b *testing.B, e *Exec, args ...any) {
	e.MustExec(args...) // compile
	b.ResetTimer()
	for range b.N {
		for _, t := range e.MustExec(args...) {
			t.FinalizeAll()
		}
	}
}

func tensorF32(v []float32, dims ...int) *tensors.Tensor {
	t := tensors.FromShape(shapes.Make(dtypes.Float32, dims...))
	tensors.MustMutableFlatData[float32](t, func(flat []float32) { copy(flat, v) })
	return t
}

// plainBCEWithLogits is the scalar-loop baseline: mean loss and its gradient.
func plainBCEWithLogits(z, y, grad []float32) float32 {
	var sum float64
	inv := 1 / float32(len(z))
	for i, zi := range z {
		a := math.Abs(float64(zi))
		sum += math.Max(float64(zi), 0) - float64(zi*y[i]) + math.Log1p(math.Exp(-a))
		grad[i] = (float32(1/(1+math.Exp(-float64(zi)))) - y[i]) * inv
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
