package triplet

import (
	"fmt"
	"math"
	"testing"

	"github.com/losscourse/losscourse/exercises/internal/check"
)

func refDist(a, b []float64) float64 {
	s := 0.0
	for k := range a {
		s += (a[k] - b[k]) * (a[k] - b[k])
	}
	return math.Sqrt(s)
}

func refTriplet(a, p, n [][]float64, margin float64) float64 {
	s := 0.0
	for i := range a {
		s += math.Max(0, refDist(a[i], p[i])-refDist(a[i], n[i])+margin)
	}
	return s / float64(len(a))
}

var (
	exA = [][]float64{{0, 0}, {1, 1}, {0.5, -1}}
	exP = [][]float64{{0.3, 0.4}, {1.2, 0.7}, {2, 1}}
	exN = [][]float64{{1, 0}, {4, 5}, {0.1, -1.6}}
)

// Task 1
func TestTask1Euclidean(t *testing.T) {
	call := "Euclidean([0 0], [3 4])"
	got := check.Call(t, 1, call, func() float64 { return Euclidean([]float64{0, 0}, []float64{3, 4}) })
	check.Float(t, 1, call, got, 5, 1e-12)
	call = "Euclidean([1 -2 0.5], [1 -2 0.5])"
	got = check.Call(t, 1, call, func() float64 { return Euclidean([]float64{1, -2, 0.5}, []float64{1, -2, 0.5}) })
	check.Float(t, 1, call, got, 0, 1e-12)
}

// Task 2
func TestTask2TripletLoss(t *testing.T) {
	for _, m := range []float64{0.2, 1} {
		call := fmt.Sprintf("TripletLoss(a=%v, p=%v, n=%v, margin=%v)", exA, exP, exN, m)
		unchanged := check.Keep(t, 2, call, exA, exP, exN)
		got := check.Call(t, 2, call, func() float64 { return TripletLoss(exA, exP, exN, m) })
		check.Float(t, 2, call, got, refTriplet(exA, exP, exN, m), 1e-12)
		unchanged()
	}
	// One triplet of each kind: a tie d(a,p) = d(a,n) = 1 (loss = margin), a hinge of exactly 0
	// (d(a,p) = 1, d(a,n) = 2, margin 1), and a positive identical to its anchor.
	a := [][]float64{{0, 0}, {0, 0}, {1, 1}}
	p := [][]float64{{1, 0}, {1, 0}, {1, 1}}
	n := [][]float64{{0, 1}, {0, 2}, {1, 1.5}}
	call := fmt.Sprintf("TripletLoss(a=%v, p=%v, n=%v, margin=1)", a, p, n)
	got := check.Call(t, 2, call, func() float64 { return TripletLoss(a, p, n, 1) })
	check.Float(t, 2, call, got, (1+0+0.5)/3, 1e-12)
}

// Task 3
func TestTask3TripletLossGrad(t *testing.T) {
	m := 1.0
	call := fmt.Sprintf("TripletLossGrad(a=%v, p=%v, n=%v, margin=%v)", exA, exP, exN, m)
	type grads struct{ a, p, n [][]float64 }
	got := check.Call(t, 3, call, func() grads {
		a, p, n := TripletLossGrad(exA, exP, exN, m)
		return grads{a, p, n}
	})
	check.Grad(t, 3, call+" dAnchor", func(x []float64) float64 { return refTriplet(check.Rows(x, 2), exP, exN, m) }, check.Flat(exA), check.Flat(got.a), 1e-6)
	check.Grad(t, 3, call+" dPositive", func(x []float64) float64 { return refTriplet(exA, check.Rows(x, 2), exN, m) }, check.Flat(exP), check.Flat(got.p), 1e-6)
	check.Grad(t, 3, call+" dNegative", func(x []float64) float64 { return refTriplet(exA, exP, check.Rows(x, 2), m) }, check.Flat(exN), check.Flat(got.n), 1e-6)

	// The special triplets of Task 2, gradients exact: the tie is active (u = (−1, 0), v = (0, −1)),
	// the hinge of exactly 0 is inactive, and the positive identical to its anchor has u = 0 (v = (0, −1)).
	a := [][]float64{{0, 0}, {0, 0}, {1, 1}}
	p := [][]float64{{1, 0}, {1, 0}, {1, 1}}
	n := [][]float64{{0, 1}, {0, 2}, {1, 1.5}}
	call = fmt.Sprintf("TripletLossGrad(a=%v, p=%v, n=%v, margin=1) (a tie, a hinge of exactly 0, positive = anchor)", a, p, n)
	unchanged := check.Keep(t, 3, call, a, p, n)
	got = check.Call(t, 3, call, func() grads {
		a, p, n := TripletLossGrad(a, p, n, 1)
		return grads{a, p, n}
	})
	unchanged()
	third := 1.0 / 3
	check.Matrix(t, 3, call+" dAnchor", got.a, [][]float64{{-third, third}, {0, 0}, {0, third}}, 1e-12)
	check.Matrix(t, 3, call+" dPositive", got.p, [][]float64{{third, 0}, {0, 0}, {0, 0}}, 1e-12)
	check.Matrix(t, 3, call+" dNegative", got.n, [][]float64{{0, -third}, {0, 0}, {0, -third}}, 1e-12)
}
