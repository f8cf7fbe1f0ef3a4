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

	"github.com/gomlx/compute"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	gomlxloss "github.com/gomlx/gomlx/ml/train/loss"
	"github.com/losscourse/losscourse/pkg/backend"
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
			if !chunked {
				benchGraph(b, build, zi, zj)
				return
			}
			// The pure-Go backend of gomlx/compute v0.1.2 deadlocks in its worker pool
			// when many independent large matmuls (NTXentChunked's tiles, here 256×64)
			// run in parallel (matmul.largeNoSIMDGeneric → workerspool.Saturate waits
			// forever; seen at n=64k). Executing the ops sequentially avoids it (each
			// matmul still uses every core).
			be, err := compute.NewWithConfig(backend.GoConfig)
			if err != nil {
				b.Fatal(err)
			}
			defer be.Finalize()
			e, err := NewExec(be, build)
			if err != nil {
				b.Fatal(err)
			}
			defer e.Finalize()
			exec := func() {
				outs, err := e.Exec(zi, zj)
				if err != nil {
					b.Fatal(err)
				}
				for _, o := range outs {
					_ = o.FinalizeAll()
				}
			}
			exec()
			timed(b, exec)
		}
	}
	benchLoss(b, "NTXent", benchImpl{"ours", ntxent(false)})
	benchLoss(b, "NTXentChunked", benchImpl{"ours", func(b *testing.B, n int) {
		if n > 1<<10 && benchBackendIsGo(b) {
			// Several chunk DotGenerals run concurrently; each waits in the Go
			// backend's workerspool.Saturate for a free worker while the others
			// hold them all: on a 2-core machine this hangs (compute v0.1.2).
			b.Skip("hangs on the pure-Go backend (workerspool deadlock between concurrent DotGenerals, compute v0.1.2); see BENCHMARKS.md")
		}
		ntxent(true)(b, n)
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
