// Package regression: MSE, MAE, Huber and Smooth L1.
package regression

// Mutant smoothl1_signed_residual: compares the signed residual with β: a large negative residual gets the quadratic branch.

import "math"

// MSE returns the mean squared error (1/n) Σ (ŷᵢ − yᵢ)² (PyTorch nn.MSELoss).
//
// Task 1.
func MSE(pred, target []float64) float64 {
	sum := 0.0
	for i := range pred {
		r := pred[i] - target[i]
		sum += r * r
	}
	return sum / float64(len(pred))
}

// MAE returns the mean absolute error (1/n) Σ |ŷᵢ − yᵢ| (PyTorch nn.L1Loss).
//
// Task 2.
func MAE(pred, target []float64) float64 {
	sum := 0.0
	for i := range pred {
		sum += math.Abs(pred[i] - target[i])
	}
	return sum / float64(len(pred))
}

// Huber returns the mean Huber loss with threshold δ > 0 (PyTorch nn.HuberLoss(delta)):
//
//	h_δ(r) = ½ r²             if |r| ≤ δ
//	       = δ (|r| − ½ δ)    otherwise,        r = ŷ − y
//
// Task 3.
func Huber(pred, target []float64, delta float64) float64 {
	sum := 0.0
	for i := range pred {
		r := math.Abs(pred[i] - target[i])
		if r <= delta {
			sum += 0.5 * r * r
		} else {
			sum += delta * (r - 0.5*delta)
		}
	}
	return sum / float64(len(pred))
}

// SmoothL1 returns the mean Smooth L1 loss with threshold β ≥ 0 (PyTorch nn.SmoothL1Loss(beta)):
//
//	s_β(r) = ½ r²/β     if |r| < β
//	       = |r| − ½ β  otherwise
//
// It is Huber divided by β (s_β = h_β/β), so the two coincide only for β = δ = 1.
// β = 0 is plain L1 (MAE): handle it without dividing by zero.
//
// Task 4.
func SmoothL1(pred, target []float64, beta float64) float64 {
	sum := 0.0
	for i := range pred {
		r := pred[i] - target[i]
		if r < beta {
			sum += 0.5 * r * r / beta
		} else {
			sum += r - 0.5*beta
		}
	}
	return sum / float64(len(pred))
}

// HuberGrad returns ∂L/∂ŷᵢ of the mean Huber loss:
//
//	∂L/∂ŷᵢ = clip(ŷᵢ − yᵢ, −δ, δ) / n
//
// Task 5.
func HuberGrad(pred, target []float64, delta float64) []float64 {
	n := float64(len(pred))
	g := make([]float64, len(pred))
	for i := range pred {
		g[i] = math.Max(-delta, math.Min(delta, pred[i]-target[i])) / n
	}
	return g
}
