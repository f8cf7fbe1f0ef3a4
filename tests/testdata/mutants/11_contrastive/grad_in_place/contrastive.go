// Package contrastive: the contrastive (Siamese) loss and its gradient.
package contrastive

// Mutant grad_in_place: computes x1 − x2 in the caller’s x1 rows.

import "math"

func dist(a, b []float64) float64 {
	sum := 0.0
	for k := range a {
		d := a[k] - b[k]
		sum += d * d
	}
	return math.Sqrt(sum)
}

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
	sum := 0.0
	for i := range x1 {
		d := dist(x1[i], x2[i])
		h := math.Max(0, margin-d)
		sum += similar[i]*d*d + (1-similar[i])*h*h
	}
	return sum / float64(len(x1))
}

// ContrastiveLossGrad returns ∂L/∂x1 (∂L/∂x2 is its negative):
//
//	∂L/∂x1ᵢ = [ 2yᵢ − 2(1 − yᵢ)·max(0, m − dᵢ)/dᵢ ] · (x1ᵢ − x2ᵢ) / N
//
// A dissimilar pair with dᵢ = 0 has no defined direction: return zeros for it.
//
// Task 2.
func ContrastiveLossGrad(x1, x2 [][]float64, similar []float64, margin float64) [][]float64 {
	n := float64(len(x1))
	g := make([][]float64, len(x1))
	for i := range x1 {
		g[i] = make([]float64, len(x1[i]))
		d := dist(x1[i], x2[i])
		coef := 2 * similar[i]
		if d > 0 {
			coef -= 2 * (1 - similar[i]) * math.Max(0, margin-d) / d
		}
		for k := range g[i] {
			x1[i][k] -= x2[i][k]
			g[i][k] = coef * x1[i][k] / n
		}
	}
	return g
}
