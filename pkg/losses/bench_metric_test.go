package losses

// Benchmarks of the metric-learning losses, forward + backward on the pure-Go
// backend (float32, feature dimension 64, n = elements per embedding tensor):
//
//	go test ./pkg/losses/ -run '^$' -bench 'Triplet|NTXent' -benchtime 5x
//
// BenchmarkTriplet compares TripletMargin (explicit triplets, gradient with respect
// to anchor, positive and negative) with GoMLX's loss.TripletLoss (batch-hard
// mining inside a labelled batch of the same n elements: it builds a B×B distance
// matrix, so it is a different algorithm and is skipped at 1M, where that matrix
// alone is 1 GiB) and with a plain-Go loop. BenchmarkNTXent compares NTXent with
// NTXentChunked (n = elements of zI + zJ).

import (
	"fmt"
	"math"
	"testing"

	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	gomlxloss "github.com/gomlx/gomlx/ml/train/loss"
)

const benchEmbedDim = 64

func BenchmarkTriplet(b *testing.B) {
	be := testBackends()[0].Backend
	for _, impl := range []string{"ours", "gomlx", "plain-go"} {
		for _, size := range rmBenchSizes {
			rows := size.n / benchEmbedDim
			a, p, n := rmBenchData(size.n, 1, 0), rmBenchData(size.n, 1, 0.3), rmBenchData(size.n, 1, 2)
			b.Run(fmt.Sprintf("impl=%s/n=%s", impl, size.name), func(b *testing.B) {
				switch impl {
				case "ours":
					at := tensors.FromFlatDataAndDimensions(a, rows, benchEmbedDim)
					pt := tensors.FromFlatDataAndDimensions(p, rows, benchEmbedDim)
					nt := tensors.FromFlatDataAndDimensions(n, rows, benchEmbedDim)
					rmBenchExec(b, be, func(xs []*Node) []*Node {
						l := TripletMargin(xs[0], xs[1], xs[2])
						return append([]*Node{l}, Gradient(l, xs...)...)
					}, at, pt, nt)
				case "gomlx":
					if rows > 4096 {
						b.Skip("GoMLX TripletLoss mines over a B×B distance matrix: too large at this size")
					}
					labels := make([]int32, rows)
					for i := range labels {
						labels[i] = int32(i % 8)
					}
					et := tensors.FromFlatDataAndDimensions(a, rows, benchEmbedDim)
					rmBenchExec(b, be, func(xs []*Node) []*Node {
						l := gomlxloss.TripletLoss([]*Node{xs[1]}, []*Node{xs[0]}, gomlxloss.TripletMiningStrategyHard, 1, gomlxloss.PairwiseDistanceMetricL2)
						return []*Node{l, Gradient(l, xs[0])[0]}
					}, et, tensors.FromValue(labels))
				case "plain-go":
					ga, gp, gn := make([]float32, size.n), make([]float32, size.n), make([]float32, size.n)
					var sink float32
					for range b.N {
						sink += plainTriplet(a, p, n, ga, gp, gn, rows, 1, 1e-6)
					}
					_ = sink
				}
			})
		}
	}
}

// plainTriplet is TripletMargin (L2 with eps, mean) and its gradient in plain Go.
func plainTriplet(a, p, n, ga, gp, gn []float32, rows int, margin, eps float32) float32 {
	var total float32
	inv := 1 / float32(rows)
	d := len(a) / rows
	for r := range rows {
		o := r * d
		var sp, sn float32
		for k := range d {
			u := a[o+k] - p[o+k] + eps
			v := a[o+k] - n[o+k] + eps
			sp += u * u
			sn += v * v
		}
		dp, dn := float32(math.Sqrt(float64(sp))), float32(math.Sqrt(float64(sn)))
		h := dp - dn + margin
		if h <= 0 {
			for k := range d {
				ga[o+k], gp[o+k], gn[o+k] = 0, 0, 0
			}
			continue
		}
		total += h
		for k := range d {
			u := (a[o+k] - p[o+k] + eps) / dp * inv
			v := (a[o+k] - n[o+k] + eps) / dn * inv
			ga[o+k], gp[o+k], gn[o+k] = u-v, -u, v
		}
	}
	return total * inv
}

func BenchmarkNTXent(b *testing.B) {
	be := testBackends()[0].Backend
	for _, impl := range []string{"ours", "chunked"} {
		for _, size := range rmBenchSizes[:2] { // 1M elements = a 16384² similarity matrix: too slow for a CPU benchmark
			rows := size.n / (2 * benchEmbedDim)
			zi := tensors.FromFlatDataAndDimensions(rmBenchData(size.n/2, 1, 0), rows, benchEmbedDim)
			zj := tensors.FromFlatDataAndDimensions(rmBenchData(size.n/2, 1, 0.2), rows, benchEmbedDim)
			b.Run(fmt.Sprintf("impl=%s/n=%s", impl, size.name), func(b *testing.B) {
				rmBenchExec(b, be, func(xs []*Node) []*Node {
					var l *Node
					if impl == "ours" {
						l = NTXent(xs[0], xs[1])
					} else {
						l = NTXentChunked(xs[0], xs[1], max(2*rows/4, 1))
					}
					return append([]*Node{l}, Gradient(l, xs...)...)
				}, zi, zj)
			})
		}
	}
}
