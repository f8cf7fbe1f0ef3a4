package losses_test

import (
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/losscourse/losscourse/pkg/losses"
)

func ExampleTripletMargin() {
	// d(a,p) = 1, d(a,n) = 2: max(0, 1 − 2 + margin) with the default margin 1 → 0;
	// a second triplet with the negative closer than the positive → 1 − 0.5 + 1 = 1.5.
	showLoss("%.4f", func(g *Graph) *Node {
		a := Const(g, [][]float32{{0, 0}, {0, 0}})
		p := Const(g, [][]float32{{1, 0}, {1, 0}})
		n := Const(g, [][]float32{{0, 2}, {0, 0.5}})
		return losses.TripletMargin(a, p, n, losses.Eps(0), losses.Reduce(losses.ReductionNone))
	})
	// Output: [0.0000 1.5000]
}

func ExampleMargin() {
	// The first triplet of ExampleTripletMargin with margin 1.5: 1 − 2 + 1.5.
	showLoss("%.4f", func(g *Graph) *Node {
		a, p, n := Const(g, []float32{0, 0}), Const(g, []float32{1, 0}), Const(g, []float32{0, 2})
		return losses.TripletMargin(a, p, n, losses.Eps(0), losses.Margin(1.5))
	})
	// Output: 0.5000
}

func ExampleDist() {
	// Cosine distance ignores the length: p is parallel to a (d = 0), n orthogonal (d = 1).
	showLoss("%.4f", func(g *Graph) *Node {
		a, p, n := Const(g, []float32{1, 0}), Const(g, []float32{5, 0}), Const(g, []float32{0, 3})
		return losses.TripletMargin(a, p, n, losses.Dist(losses.DistanceCosine), losses.Margin(1.2))
	})
	// Output: 0.2000
}

func ExampleSwap() {
	// d(a,p) = 2, d(a,n) = 3 but d(p,n) = 1: the swap uses the harder negative distance 1.
	showLoss("%.4f", func(g *Graph) *Node {
		a, p, n := Const(g, []float32{0, 0}), Const(g, []float32{0, 2}), Const(g, []float32{0, 3})
		return Concatenate([]*Node{
			InsertAxes(losses.TripletMargin(a, p, n, losses.Eps(0)), 0),
			InsertAxes(losses.TripletMargin(a, p, n, losses.Eps(0), losses.Swap()), 0),
		}, 0)
	})
	// Output: [0.0000 2.0000]
}

func ExampleContrastive() {
	// Similar pair at distance 0.5 → 0.5² = 0.25; dissimilar pair at 0.5 < margin 1 →
	// (1 − 0.5)² = 0.25; dissimilar pair at distance 3 → 0.
	showLoss("%.4f", func(g *Graph) *Node {
		x1 := Const(g, [][]float32{{0, 0}, {0, 0}, {0, 0}})
		x2 := Const(g, [][]float32{{0.3, 0.4}, {0.3, 0.4}, {3, 0}})
		similar := Const(g, []bool{true, false, false})
		return losses.Contrastive(x1, x2, similar, losses.Eps(0), losses.Reduce(losses.ReductionNone))
	})
	// Output: [0.2500 0.2500 0.0000]
}

func ExamplePairwiseDistance() {
	showLoss("%.4f", func(g *Graph) *Node {
		a := Const(g, [][]float32{{0, 0}, {1, 1}})
		b := Const(g, [][]float32{{3, 4}, {-1, -1}})
		return Concatenate([]*Node{
			losses.PairwiseDistance(a, b, losses.DistanceL2, 0),
			losses.PairwiseDistance(a, b, losses.DistanceSquaredL2, 0),
			losses.PairwiseDistance(a, b, losses.DistanceCosine, 1e-6), // zero vector: cosine 0, d = 1
		}, 0)
	})
	// Output: [5.0000 2.8284 25.0000 8.0000 1.0000 2.0000]
}

func ExampleNTXent() {
	// Two examples, two views each, all four embeddings orthogonal except the positive
	// pairs (cosine 1): each anchor has 3 candidates with logits 1/τ, 0, 0, so the loss
	// is −log(e²/(e² + 2)) for τ = 0.5.
	showLoss("%.4f", func(g *Graph) *Node {
		zI := Const(g, [][]float32{{1, 0}, {0, 1}})
		zJ := Const(g, [][]float32{{2, 0}, {0, 3}}) // lengths do not matter: cosine similarity
		return losses.NTXent(zI, zJ)
	})
	// Output: 0.2395
}

func ExampleTemperature() {
	// The setting of ExampleNTXent with τ = 0.1: −log(e¹⁰/(e¹⁰ + 2)).
	showLoss("%.6f", func(g *Graph) *Node {
		zI := Const(g, [][]float32{{1, 0}, {0, 1}})
		return losses.NTXent(zI, zI, losses.Temperature(0.1))
	})
	// Output: 0.000091
}

func ExampleNTXentChunked() {
	// Same value (and gradient) as ExampleNTXent, computed in 1-row blocks.
	showLoss("%.4f", func(g *Graph) *Node {
		zI := Const(g, [][]float32{{1, 0}, {0, 1}})
		zJ := Const(g, [][]float32{{2, 0}, {0, 3}})
		return losses.NTXentChunked(zI, zJ, 1)
	})
	// Output: 0.2395
}

func ExampleInfoNCE() {
	// Query 0 matches key 0 (cosine 1) and is orthogonal to key 1: −log(e²/(e² + 1)) at τ = 0.5.
	// Query 1 is equally similar to both keys: −log ½.
	showLoss("%.4f", func(g *Graph) *Node {
		q := Const(g, [][]float32{{1, 0}, {1, 1}})
		k := Const(g, [][]float32{{1, 0}, {0, 1}})
		return losses.InfoNCE(q, k, losses.Reduce(losses.ReductionNone))
	})
	// Output: [0.1269 0.6931]
}

func ExampleSymmetric() {
	// CLIP's symmetric loss averages the query→key rows and key→query columns. The logits
	// (τ = 0.5) are [[2, 0], [√2, √2]]: rows give 0.1269 and log 2 = 0.6931 (ExampleInfoNCE);
	// columns give log(1 + e^(√2−2)) = 0.4425 for key 0 and log(1 + e^(−√2)) = 0.2177 for key 1.
	showLoss("%.4f", func(g *Graph) *Node {
		q := Const(g, [][]float32{{1, 0}, {1, 1}})
		k := Const(g, [][]float32{{1, 0}, {0, 1}})
		return losses.InfoNCE(q, k, losses.Symmetric(), losses.Reduce(losses.ReductionNone))
	})
	// Output: [0.2847 0.4554]
}
