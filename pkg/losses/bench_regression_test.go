package losses

// Benchmarks of the regression losses: forward + backward (the loss and its
// gradient with respect to the predictions in one graph execution) on the pure-Go
// backend at 1k, 64k and 1M float32 elements, side by side with GoMLX's own
// ml/train/loss equivalents (MeanSquaredError, MeanAbsoluteError, MakeHuberLoss)
// and a plain-Go scalar loop computing the same value and gradient. Run with
//
//	go test ./pkg/losses/ -run '^$' -bench 'MSE|MAE|Huber' -benchtime 5x
//
// Names: BenchmarkMSE/impl=ours/n=1k, impl=gomlx, impl=plain-go.

import (
	"fmt"
	"math"
	"testing"

	"github.com/gomlx/compute"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	gomlxloss "github.com/gomlx/gomlx/ml/train/loss"
)

var rmBenchSizes = []struct {
	name string
	n    int
}{{"1k", 1 << 10}, {"64k", 1 << 16}, {"1M", 1 << 20}}

// rmBenchData returns deterministic float32 values in [−scale, scale].
func rmBenchData(n int, scale, phase float64) []float32 {
	v := make([]float32, n)
	for i := range v {
		v[i] = float32(scale * math.Sin(float64(i)*0.37+phase))
	}
	return v
}

// rmBenchExec compiles build once, runs it once (warm-up), then b.N timed times.
func rmBenchExec(b *testing.B, be compute.Backend, build func(xs []*Node) []*Node, args ...any) {
	b.Helper()
	e, err := NewExec(be, build)
	if err != nil {
		b.Fatal(err)
	}
	defer e.Finalize()
	run := func() {
		outs, err := e.Exec(args...)
		if err != nil {
			b.Fatal(err)
		}
		for _, o := range outs {
			_ = o.FinalizeAll()
		}
	}
	run()
	b.ResetTimer()
	for range b.N {
		run()
	}
}

// benchRegression runs impl=ours, impl=gomlx and impl=plain-go at every size.
func benchRegression(b *testing.B, ours func(p, y *Node) *Node, gomlx gomlxloss.LossFn, plain func(p, y, grad []float32) float32) {
	be := testBackends()[0].Backend // pure Go
	for _, impl := range []string{"ours", "gomlx", "plain-go"} {
		for _, size := range rmBenchSizes {
			p, y := rmBenchData(size.n, 3, 0), rmBenchData(size.n, 3, 1)
			b.Run(fmt.Sprintf("impl=%s/n=%s", impl, size.name), func(b *testing.B) {
				b.SetBytes(int64(8 * size.n))
				switch impl {
				case "plain-go":
					grad := make([]float32, size.n)
					var sink float32
					for range b.N {
						sink += plain(p, y, grad)
					}
					_ = sink
				default:
					pt, yt := tensors.FromValue(p), tensors.FromValue(y)
					rmBenchExec(b, be, func(xs []*Node) []*Node {
						var l *Node
						if impl == "ours" {
							l = ours(xs[0], xs[1])
						} else {
							l = gomlx([]*Node{xs[1]}, []*Node{xs[0]})
						}
						return []*Node{l, Gradient(l, xs[0])[0]}
					}, pt, yt)
				}
			})
		}
	}
}

func BenchmarkMSE(b *testing.B) {
	benchRegression(b, func(p, y *Node) *Node { return MeanSquaredError(p, y) }, gomlxloss.MeanSquaredError,
		func(p, y, grad []float32) float32 {
			var sum float32
			scale := 2 / float32(len(p))
			for i := range p {
				d := p[i] - y[i]
				sum += d * d
				grad[i] = scale * d
			}
			return sum / float32(len(p))
		})
}

func BenchmarkMAE(b *testing.B) {
	benchRegression(b, func(p, y *Node) *Node { return MeanAbsoluteError(p, y) }, gomlxloss.MeanAbsoluteError,
		func(p, y, grad []float32) float32 {
			var sum float32
			inv := 1 / float32(len(p))
			for i := range p {
				d := p[i] - y[i]
				switch {
				case d > 0:
					sum += d
					grad[i] = inv
				case d < 0:
					sum -= d
					grad[i] = -inv
				default:
					grad[i] = 0
				}
			}
			return sum * inv
		})
}

func BenchmarkHuber(b *testing.B) {
	const delta = 1.0
	benchRegression(b, func(p, y *Node) *Node { return Huber(p, y, Delta(delta)) }, gomlxloss.MakeHuberLoss(delta),
		func(p, y, grad []float32) float32 {
			var sum float32
			inv := 1 / float32(len(p))
			for i := range p {
				d := p[i] - y[i]
				a := float32(math.Abs(float64(d)))
				if a < delta {
					sum += 0.5 * d * d
					grad[i] = d * inv
				} else {
					sum += delta * (a - 0.5*delta)
					grad[i] = float32(math.Copysign(delta, float64(d))) * inv
				}
			}
			return sum * inv
		})
}
