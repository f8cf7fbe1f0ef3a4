// Package contrastive: the contrastive (Siamese) loss and its gradient.
package contrastive

// ContrastiveLoss returns the mean contrastive loss over pairs of rows
// (Hadsell, Chopra & LeCun 2006, without their ½ factors, as in the syllabus):
//
//	ℓᵢ = yᵢ·dᵢ² + (1 − yᵢ)·max(0, m − dᵢ)²,   dᵢ = ‖x1ᵢ − x2ᵢ‖₂
//
// similar[i] is 1 for a similar pair (pulled together) and 0 for a dissimilar
// pair (pushed apart until it is at least the margin m away).
//
// Task 1.
func ContrastiveLoss(x1, x2 [][]float64, similar []float64, margin float64) float64 {
	panic("TODO: Task 1 — implement ContrastiveLoss")
}

// ContrastiveLossGrad returns ∂L/∂x1 (∂L/∂x2 is its negative):
//
//	∂L/∂x1ᵢ = [ 2yᵢ − 2(1 − yᵢ)·max(0, m − dᵢ)/dᵢ ] · (x1ᵢ − x2ᵢ) / N
//
// A dissimilar pair with dᵢ = 0 has no defined direction: return zeros for it.
//
// Task 2.
func ContrastiveLossGrad(x1, x2 [][]float64, similar []float64, margin float64) [][]float64 {
	panic("TODO: Task 2 — implement ContrastiveLossGrad")
}
