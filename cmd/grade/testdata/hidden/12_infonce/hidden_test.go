package infonce

// Hidden tests: added by cmd/grade at grading time (go test -overlay); not in the learner's folder.

import (
	"math"
	"testing"

	"github.com/losscourse/losscourse/exercises/internal/check"
)

func TestHiddenTask1CosineSimilarity(t *testing.T) {
	got := check.Call(t, 1, "CosineSimilarity([3 4], [-3 -4])", func() float64 { return CosineSimilarity([]float64{3, 4}, []float64{-3, -4}) })
	check.Float(t, 1, "CosineSimilarity([3 4], [-3 -4])", got, -1, 1e-12)
}

func TestHiddenTask2InfoNCE(t *testing.T) {
	q := [][]float64{{1, 0}, {0, 1}}
	got := check.Call(t, 2, "InfoNCE([[1 0] [0 1]], same, tau=1)", func() float64 { return InfoNCE(q, q, 1) })
	check.Float(t, 2, "InfoNCE([[1 0] [0 1]], same, tau=1)", got, math.Log(1+math.Exp(-1)), 1e-12)
}

func TestHiddenTask3NTXent(t *testing.T) {
	zi, zj := [][]float64{{1, 0}}, [][]float64{{0, 1}}
	// 2 anchors, one candidate each (the positive): the loss is 0.
	got := check.Call(t, 3, "NTXent([[1 0]], [[0 1]], tau=0.1)", func() float64 { return NTXent(zi, zj, 0.1) })
	check.Float(t, 3, "NTXent([[1 0]], [[0 1]], tau=0.1)", got, 0, 1e-12)
	zi, zj = [][]float64{{1, 0}, {0, 1}}, [][]float64{{1, 0.1}, {0.2, 1}}
	got = check.Call(t, 3, "NTXent(hidden, tau=0.001)", func() float64 { return NTXent(zi, zj, 0.001) })
	check.Finite(t, 3, "NTXent(hidden, tau=0.001)", got)
}
