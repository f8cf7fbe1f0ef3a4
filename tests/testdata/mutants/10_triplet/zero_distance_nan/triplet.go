// Package triplet: the triplet margin loss and its gradient.
package triplet

// Mutant zero_distance_nan: divides by d(a, p) even when it is 0: 0/0 = NaN for a positive identical to its anchor.

import "math"

// Euclidean returns ‖a − b‖₂.
//
// Task 1.
func Euclidean(a, b []float64) float64 {
	sum := 0.0
	for k := range a {
		d := a[k] - b[k]
		sum += d * d
	}
	return math.Sqrt(sum)
}

// TripletLoss returns the mean triplet margin loss over a batch of rows
// (Schroff et al. 2015; PyTorch nn.TripletMarginLoss(margin, p=2), up to its eps):
//
//	L = (1/N) Σᵢ max(0, d(aᵢ, pᵢ) − d(aᵢ, nᵢ) + margin),   d = Euclidean
//
// Task 2.
func TripletLoss(anchor, positive, negative [][]float64, margin float64) float64 {
	sum := 0.0
	for i := range anchor {
		sum += math.Max(0, Euclidean(anchor[i], positive[i])-Euclidean(anchor[i], negative[i])+margin)
	}
	return sum / float64(len(anchor))
}

// TripletLossGrad returns the gradients of TripletLoss with respect to the
// anchors, positives and negatives. For an active triplet (hinge > 0), with
// u = (a − p)/d(a, p) and v = (a − n)/d(a, n):
//
//	∂L/∂a = (u − v)/N,   ∂L/∂p = −u/N,   ∂L/∂n = v/N
//
// Inactive triplets (hinge ≤ 0, a hinge of exactly 0 included) have zero
// gradient. A zero distance has no direction: when a = p (or a = n) use 0 for
// u (or v) instead of dividing 0 by 0.
//
// Task 3.
func TripletLossGrad(anchor, positive, negative [][]float64, margin float64) (dA, dP, dN [][]float64) {
	n := float64(len(anchor))
	dA = make([][]float64, len(anchor))
	dP = make([][]float64, len(anchor))
	dN = make([][]float64, len(anchor))
	for i := range anchor {
		dim := len(anchor[i])
		dA[i], dP[i], dN[i] = make([]float64, dim), make([]float64, dim), make([]float64, dim)
		dap := Euclidean(anchor[i], positive[i])
		dan := Euclidean(anchor[i], negative[i])
		if dap-dan+margin <= 0 {
			continue
		}
		for k := 0; k < dim; k++ {
			u := (anchor[i][k] - positive[i][k]) / dap
			v := (anchor[i][k] - negative[i][k]) / dan
			dA[i][k] = (u - v) / n
			dP[i][k] = -u / n
			dN[i][k] = v / n
		}
	}
	return dA, dP, dN
}
