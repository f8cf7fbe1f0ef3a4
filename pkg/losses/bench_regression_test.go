package losses

// Benchmarks of the regression losses (naming and method: see
// bench_helpers_test.go): forward + backward at 1k, 64k and 1M float32 elements,
// side by side with GoMLX's own ml/train/loss equivalents (MeanSquaredError,
// MeanAbsoluteError, MakeHuberLoss) and a plain-Go scalar loop computing the same
// value and gradient. Run with
//
//	go test ./pkg/losses/ -run '^$' -bench Regression -benchtime 5x

import (
	"math"
	"testing"

	. "github.com/gomlx/gomlx/core/graph"
	gomlxloss "github.com/gomlx/gomlx/ml/train/loss"
)

// benchRegression runs Regression/<loss>/impl=<ours|gomlx|plain>/n=<size>.
func benchRegression(b *testing.B, loss string, ours func(p, y *Node) *Node, gomlx gomlxloss.LossFn, plain func(p, y, grad []float32) float32) {
	graph := func(build func(p, y *Node) *Node) func(b *testing.B, n int) {
		return func(b *testing.B, n int) {
			b.SetBytes(int64(8 * n))
			p, y := benchData(n, 3, 0), benchData(n, 3, 1)
			benchGraph(b, valueAndGrad(build), benchTensor(p, n), benchTensor(y, n))
		}
	}
	benchLoss(b, loss,
		benchImpl{"ours", graph(ours)},
		benchImpl{"gomlx", graph(func(p, y *Node) *Node { return gomlx([]*Node{y}, []*Node{p}) })},
		benchImpl{"plain", func(b *testing.B, n int) {
			b.SetBytes(int64(8 * n))
			p, y := benchData(n, 3, 0), benchData(n, 3, 1)
			grad := make([]float32, n)
			benchPlain(b, func() float32 { return plain(p, y, grad) })
		}})
}

func BenchmarkRegression(b *testing.B) {
	benchMSE(b)
	benchMAE(b)
	benchHuber(b)
	// No GoMLX equivalent: ours only.
	pair := func(build func(p, y *Node) *Node) func(b *testing.B, n int) {
		return func(b *testing.B, n int) {
			b.SetBytes(int64(8 * n))
			p, y := benchData(n, 3, 0), benchData(n, 3, 1)
			benchGraph(b, valueAndGrad(build), benchTensor(p, n), benchTensor(y, n))
		}
	}
	benchLoss(b, "SmoothL1", benchImpl{"ours", pair(func(p, y *Node) *Node { return SmoothL1(p, y, Beta(0.5)) })})
	benchLoss(b, "LogCosh", benchImpl{"ours", pair(func(p, y *Node) *Node { return LogCosh(p, y) })})
	nll := func(loss func(m, y, s *Node, opts ...Option) *Node) func(b *testing.B, n int) {
		return func(b *testing.B, n int) {
			b.SetBytes(int64(12 * n))
			m, y, s := benchData(n, 3, 0), benchData(n, 3, 1), benchData(n, 1, 2)
			for i, v := range s {
				s[i] = 0.1 + v*v // a positive variance / scale
			}
			benchGraph(b, func(xs []*Node) []*Node {
				l := loss(xs[0], xs[1], xs[2])
				return append([]*Node{l}, Gradient(l, xs[0], xs[2])...)
			}, benchTensor(m, n), benchTensor(y, n), benchTensor(s, n))
		}
	}
	benchLoss(b, "GaussianNLL", benchImpl{"ours", nll(GaussianNLL)})
	benchLoss(b, "LaplaceNLL", benchImpl{"ours", nll(LaplaceNLL)})
}

func benchMSE(b *testing.B) {
	benchRegression(b, "MSE", func(p, y *Node) *Node { return MeanSquaredError(p, y) }, gomlxloss.MeanSquaredError,
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

func benchMAE(b *testing.B) {
	benchRegression(b, "MAE", func(p, y *Node) *Node { return MeanAbsoluteError(p, y) }, gomlxloss.MeanAbsoluteError,
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

func benchHuber(b *testing.B) {
	const delta = 1.0
	benchRegression(b, "Huber", func(p, y *Node) *Node { return Huber(p, y, Delta(delta)) }, gomlxloss.MakeHuberLoss(delta),
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
