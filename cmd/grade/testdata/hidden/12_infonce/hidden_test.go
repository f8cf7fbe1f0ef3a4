package infonce

// Hidden tests: compiled in by cmd/grade at grading time (as hidden_<file>); never in the learner's folder.

import (
	"math"
	"testing"

	"github.com/losscourse/losscourse/exercises/internal/check"
)

func TestHiddenTask1CosineSimilarity(t *testing.T) {
	u, v := []float64{3, 4}, []float64{-3, -4}
	unchanged := check.Keep(t, 1, "CosineSimilarity([3 4], [-3 -4])", u, v)
	got := check.Call(t, 1, "CosineSimilarity([3 4], [-3 -4])", func() float64 { return CosineSimilarity(u, v) })
	check.Float(t, 1, "CosineSimilarity([3 4], [-3 -4])", got, -1, 1e-12)
	unchanged()
	got = check.Call(t, 1, "CosineSimilarity([0 2 0], [1 1 0])", func() float64 { return CosineSimilarity([]float64{0, 2, 0}, []float64{1, 1, 0}) })
	check.Float(t, 1, "CosineSimilarity([0 2 0], [1 1 0])", got, 1/math.Sqrt2, 1e-12)
}

func TestHiddenTask2InfoNCE(t *testing.T) {
	q := [][]float64{{1, 0}, {0, 1}}
	got := check.Call(t, 2, "InfoNCE([[1 0] [0 1]], same, tau=1)", func() float64 { return InfoNCE(q, q, 1) })
	check.Float(t, 2, "InfoNCE([[1 0] [0 1]], same, tau=1)", got, math.Log(1+math.Exp(-1)), 1e-12)
	// τ = 0.001 with three keys: query 0 finds its positive, query 1's positive is orthogonal while
	// a negative has cosine 1 (ℓ ≈ 1000), query 2's positive ties with a negative.
	q = [][]float64{{1, 0}, {0, 1}, {1, 1}}
	k := [][]float64{{1, 0}, {-1, 0}, {1, 1}}
	unchanged := check.Keep(t, 2, "InfoNCE(3 queries, tau=0.001)", q, k)
	got = check.Call(t, 2, "InfoNCE(3 queries, tau=0.001)", func() float64 { return InfoNCE(q, k, 0.001) })
	check.Float(t, 2, "InfoNCE(3 queries, tau=0.001)", got, hidInfoNCE(q, k, 0.001), 1e-12)
	unchanged()
}

// hidInfoNCE is InfoNCE written out with the visible tests' stable refCE.
func hidInfoNCE(q, k [][]float64, tau float64) float64 {
	total := 0.0
	for i := range q {
		row := make([]float64, len(k))
		for j := range k {
			row[j] = refCos(q[i], k[j]) / tau
		}
		total += refCE(row, i)
	}
	return total / float64(len(q))
}

func TestHiddenTask3NTXent(t *testing.T) {
	zi, zj := [][]float64{{1, 0}}, [][]float64{{0, 1}}
	// 2 anchors, one candidate each (the positive): the loss is 0.
	got := check.Call(t, 3, "NTXent([[1 0]], [[0 1]], tau=0.1)", func() float64 { return NTXent(zi, zj, 0.1) })
	check.Float(t, 3, "NTXent([[1 0]], [[0 1]], tau=0.1)", got, 0, 1e-12)
	zi, zj = [][]float64{{1, 0}, {0, 1}}, [][]float64{{1, 0.1}, {0.2, 1}}
	unchanged := check.Keep(t, 3, "NTXent(hidden, tau=0.001)", zi, zj)
	got = check.Call(t, 3, "NTXent(hidden, tau=0.001)", func() float64 { return NTXent(zi, zj, 0.001) })
	check.Float(t, 3, "NTXent(hidden, tau=0.001)", got, refNTXent(zi, zj, 0.001), 1e-12)
	unchanged()
}
