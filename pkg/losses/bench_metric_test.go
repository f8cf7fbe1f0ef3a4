package losses

// Benchmarks of the metric-learning losses (naming and method: see
// bench_helpers_test.go; float32, feature dimension 64):
//
//	go test ./pkg/losses/ -run '^$' -bench Metric -benchtime 5x
//
// Triplet compares TripletMargin (explicit triplets, gradient with respect
// to anchor, positive and negative) with GoMLX's loss.TripletLoss (batch-hard
// mining inside a labelled batch of the same n elements: it builds a B×B distance
// matrix, so it is a different algorithm and is skipped at 1M, where that matrix
// alone is 1 GiB) and with a plain-Go loop. NTXent and NTXentChunked have no GoMLX equivalent
// (n = elements of zI + zJ).

import (
	"math"
	"testing"

	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	gomlxloss "github.com/gomlx/gomlx/ml/train/loss"
)

const benchEmbedDim = 64

func BenchmarkMetric(b *testing.B) {
	// n = elements per embedding tensor: n/64 rows of dimension 64.
	tripletData := func(n int) (a, p, neg []float32) {
		return benchData(n, 1, 0), benchData(n, 1, 0.3), benchData(n, 1, 2)
	}
	benchLoss(b, "Triplet",
		benchImpl{"ours", func(b *testing.B, n int) {
			rows := n / benchEmbedDim
			a, p, neg := tripletData(n)
			benchGraph(b, func(xs []*Node) []*Node {
				l := TripletMargin(xs[0], xs[1], xs[2])
				return append([]*Node{l}, Gradient(l, xs...)...)
			}, benchTensor(a, rows, benchEmbedDim), benchTensor(p, rows, benchEmbedDim), benchTensor(neg, rows, benchEmbedDim))
		}},
		benchImpl{"gomlx", func(b *testing.B, n int) {
			rows := n / benchEmbedDim
			if rows > 4096 {
				b.Skip("GoMLX TripletLoss mines over a B×B distance matrix: too large at this size")
			}
			labels := make([]int32, rows)
			for i := range labels {
				labels[i] = int32(i % 8)
			}
			a, _, _ := tripletData(n)
			benchGraph(b, func(xs []*Node) []*Node {
				l := gomlxloss.TripletLoss([]*Node{xs[1]}, []*Node{xs[0]}, gomlxloss.TripletMiningStrategyHard, 1, gomlxloss.PairwiseDistanceMetricL2)
				return []*Node{l, Gradient(l, xs[0])[0]}
			}, benchTensor(a, rows, benchEmbedDim), tensors.FromValue(labels))
		}},
		benchImpl{"plain", func(b *testing.B, n int) {
			rows := n / benchEmbedDim
			a, p, neg := tripletData(n)
			ga, gp, gn := make([]float32, n), make([]float32, n), make([]float32, n)
			benchPlain(b, func() float32 { return plainTriplet(a, p, neg, ga, gp, gn, rows, 1, 1e-6) })
		}})

	// n = elements of zI + zJ; 1M elements would be a 16384² similarity matrix:
	// too slow for a CPU benchmark, so that size is skipped.
	ntxent := func(chunked bool) func(b *testing.B, n int) {
		return func(b *testing.B, n int) {
			if n > 1<<16 {
				b.Skip("a 1M-element NT-Xent is a 16384² similarity matrix: too slow for a CPU benchmark")
			}
			rows := n / (2 * benchEmbedDim)
			zi := benchTensor(benchData(n/2, 1, 0), rows, benchEmbedDim)
			zj := benchTensor(benchData(n/2, 1, 0.2), rows, benchEmbedDim)
			build := func(xs []*Node) []*Node {
				var l *Node
				if chunked {
					l = NTXentChunked(xs[0], xs[1], max(2*rows/4, 1))
				} else {
					l = NTXent(xs[0], xs[1])
				}
				return append([]*Node{l}, Gradient(l, xs...)...)
			}
			benchGraph(b, build, zi, zj)
		}
	}
	benchLoss(b, "NTXent", benchImpl{"ours", ntxent(false)})
	benchLoss(b, "NTXentChunked", benchImpl{"ours", ntxent(true)})

	// No GoMLX equivalent: ours only. Contrastive: n/64 pairs of dimension 64.
	benchLoss(b, "Contrastive", benchImpl{"ours", func(b *testing.B, n int) {
		rows := n / benchEmbedDim
		sim := make([]float32, rows)
		for i := range sim {
			sim[i] = float32(i % 2)
		}
		benchGraph(b, func(xs []*Node) []*Node {
			l := Contrastive(xs[0], xs[1], xs[2], Margin(2))
			return append([]*Node{l}, Gradient(l, xs[0], xs[1])...)
		}, benchTensor(benchData(n, 1, 0), rows, benchEmbedDim), benchTensor(benchData(n, 1, 0.7), rows, benchEmbedDim), benchTensor(sim, rows))
	}})
	// InfoNCE: n = elements of queries + keys, as NTXent.
	benchLoss(b, "InfoNCE", benchImpl{"ours", func(b *testing.B, n int) {
		if n > 1<<16 {
			b.Skip("a 1M-element InfoNCE is an 8192² similarity matrix: too slow for a CPU benchmark")
		}
		rows := n / (2 * benchEmbedDim)
		q := benchTensor(benchData(n/2, 1, 0), rows, benchEmbedDim)
		k := benchTensor(benchData(n/2, 1, 0.2), rows, benchEmbedDim)
		benchGraph(b, func(xs []*Node) []*Node {
			l := InfoNCE(xs[0], xs[1], Symmetric())
			return append([]*Node{l}, Gradient(l, xs...)...)
		}, q, k)
	}})
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
