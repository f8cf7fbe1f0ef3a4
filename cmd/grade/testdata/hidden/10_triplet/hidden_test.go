package triplet

// Hidden tests: added by cmd/grade at grading time (go test -overlay); not in the learner's folder.

import (
	"testing"

	"github.com/losscourse/losscourse/exercises/internal/check"
)

var hidA, hidP, hidN = [][]float64{{1, 0, 0}, {0, 1, 1}}, [][]float64{{1, 1, 0}, {0, 0, 1}}, [][]float64{{1, 0.5, 0.2}, {3, 1, 1}}

func TestHiddenTask1Euclidean(t *testing.T) {
	got := check.Call(t, 1, "Euclidean([1 2 2], [0 0 0])", func() float64 { return Euclidean([]float64{1, 2, 2}, []float64{0, 0, 0}) })
	check.Float(t, 1, "Euclidean([1 2 2], [0 0 0])", got, 3, 1e-12)
}

func TestHiddenTask2TripletLoss(t *testing.T) {
	got := check.Call(t, 2, "TripletLoss(hidden, 0.5)", func() float64 { return TripletLoss(hidA, hidP, hidN, 0.5) })
	check.Float(t, 2, "TripletLoss(hidden, 0.5)", got, refTriplet(hidA, hidP, hidN, 0.5), 1e-12)
}

func TestHiddenTask3TripletLossGrad(t *testing.T) {
	var a [][]float64
	check.Call(t, 3, "TripletLossGrad(hidden, 0.5)", func() int { a, _, _ = TripletLossGrad(hidA, hidP, hidN, 0.5); return 0 })
	check.Grad(t, 3, "TripletLossGrad(hidden, 0.5) dAnchor", func(x []float64) float64 { return refTriplet(check.Rows(x, 3), hidP, hidN, 0.5) }, check.Flat(hidA), check.Flat(a), 1e-6)
}
