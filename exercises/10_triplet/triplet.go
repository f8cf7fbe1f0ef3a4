// Package triplet: the triplet margin loss and its gradient.
package triplet

// Euclidean returns ‖a − b‖₂.
//
// Task 1.
func Euclidean(a, b []float64) float64 {
	panic("TODO: Task 1 — implement Euclidean")
}

// TripletLoss returns the mean triplet margin loss over a batch of rows
// (Schroff et al. 2015; PyTorch nn.TripletMarginLoss(margin, p=2), up to its eps):
//
//	L = (1/N) Σᵢ max(0, d(aᵢ, pᵢ) − d(aᵢ, nᵢ) + margin),   d = Euclidean
//
// Task 2.
func TripletLoss(anchor, positive, negative [][]float64, margin float64) float64 {
	panic("TODO: Task 2 — implement TripletLoss")
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
	panic("TODO: Task 3 — implement TripletLossGrad")
}
