package triplet

// Hidden tests: compiled in by cmd/grade at grading time (as hidden_<file>); never in the learner's folder.

import (
	"testing"

	"github.com/losscourse/losscourse/exercises/internal/check"
)

var hidA, hidP, hidN = [][]float64{{1, 0, 0}, {0, 1, 1}}, [][]float64{{1, 1, 0}, {0, 0, 1}}, [][]float64{{1, 0.5, 0.2}, {3, 1, 1}}

func TestHiddenTask1Euclidean(t *testing.T) {
	a, b := []float64{1, 2, 2}, []float64{0, 0, 0}
	unchanged := check.Keep(t, 1, "Euclidean([1 2 2], [0 0 0])", a, b)
	got := check.Call(t, 1, "Euclidean([1 2 2], [0 0 0])", func() float64 { return Euclidean(a, b) })
	check.Float(t, 1, "Euclidean([1 2 2], [0 0 0])", got, 3, 1e-12)
	unchanged()
	got = check.Call(t, 1, "Euclidean([-1 5], [2 1])", func() float64 { return Euclidean([]float64{-1, 5}, []float64{2, 1}) })
	check.Float(t, 1, "Euclidean([-1 5], [2 1])", got, 5, 1e-12)
}

func TestHiddenTask2TripletLoss(t *testing.T) {
	unchanged := check.Keep(t, 2, "TripletLoss(hidden, 0.5)", hidA, hidP, hidN)
	got := check.Call(t, 2, "TripletLoss(hidden, 0.5)", func() float64 { return TripletLoss(hidA, hidP, hidN, 0.5) })
	check.Float(t, 2, "TripletLoss(hidden, 0.5)", got, refTriplet(hidA, hidP, hidN, 0.5), 1e-12)
	unchanged()
	// A 3-D tie (d = 3 both) and a semi-hard triplet (d(a,p) = 1 < d(a,n) = 2 < 1 + margin).
	a, p, n := [][]float64{{0, 0, 0}, {0, 0, 0}}, [][]float64{{1, 2, 2}, {0, 0, 1}}, [][]float64{{2, 2, 1}, {0, 2, 0}}
	got = check.Call(t, 2, "TripletLoss(tie and semi-hard, 1.5)", func() float64 { return TripletLoss(a, p, n, 1.5) })
	check.Float(t, 2, "TripletLoss(tie and semi-hard, 1.5)", got, (1.5+0.5)/2, 1e-12)
}

func TestHiddenTask3TripletLossGrad(t *testing.T) {
	var a [][]float64
	unchanged := check.Keep(t, 3, "TripletLossGrad(hidden, 0.5)", hidA, hidP, hidN)
	check.Call(t, 3, "TripletLossGrad(hidden, 0.5)", func() int { a, _, _ = TripletLossGrad(hidA, hidP, hidN, 0.5); return 0 })
	unchanged()
	check.Grad(t, 3, "TripletLossGrad(hidden, 0.5) dAnchor", func(x []float64) float64 { return refTriplet(check.Rows(x, 3), hidP, hidN, 0.5) }, check.Flat(hidA), check.Flat(a), 1e-6)

	// Negative identical to the anchor (v = 0) and a hinge of exactly 0 (d(a,p) = 2, d(a,n) = 3, margin 1).
	pa, pp, pn := [][]float64{{1, 1}, {0, 0}}, [][]float64{{1, 3}, {2, 0}}, [][]float64{{1, 1}, {0, 3}}
	var dA, dP, dN [][]float64
	check.Call(t, 3, "TripletLossGrad(negative = anchor, hinge exactly 0; margin 1)", func() int { dA, dP, dN = TripletLossGrad(pa, pp, pn, 1); return 0 })
	check.Matrix(t, 3, "TripletLossGrad(negative = anchor, hinge exactly 0; margin 1) dAnchor", dA, [][]float64{{0, -0.5}, {0, 0}}, 1e-12)
	check.Matrix(t, 3, "TripletLossGrad(negative = anchor, hinge exactly 0; margin 1) dPositive", dP, [][]float64{{0, 0.5}, {0, 0}}, 1e-12)
	check.Matrix(t, 3, "TripletLossGrad(negative = anchor, hinge exactly 0; margin 1) dNegative", dN, [][]float64{{0, 0}, {0, 0}}, 1e-12)
}
