// Package regression: MSE, MAE, Huber and Smooth L1.
package regression

// MSE returns the mean squared error (1/n) Σ (ŷᵢ − yᵢ)² (PyTorch nn.MSELoss).
//
// Task 1.
func MSE(pred, target []float64) float64 {
	panic("TODO: Task 1 — implement MSE")
}

// MAE returns the mean absolute error (1/n) Σ |ŷᵢ − yᵢ| (PyTorch nn.L1Loss).
//
// Task 2.
func MAE(pred, target []float64) float64 {
	panic("TODO: Task 2 — implement MAE")
}

// Huber returns the mean Huber loss with threshold δ > 0 (PyTorch nn.HuberLoss(delta)):
//
//	h_δ(r) = ½ r²             if |r| ≤ δ
//	       = δ (|r| − ½ δ)    otherwise,        r = ŷ − y
//
// Task 3.
func Huber(pred, target []float64, delta float64) float64 {
	panic("TODO: Task 3 — implement Huber")
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
	panic("TODO: Task 4 — implement SmoothL1")
}

// HuberGrad returns ∂L/∂ŷᵢ of the mean Huber loss:
//
//	∂L/∂ŷᵢ = clip(ŷᵢ − yᵢ, −δ, δ) / n
//
// Task 5.
func HuberGrad(pred, target []float64, delta float64) []float64 {
	panic("TODO: Task 5 — implement HuberGrad")
}
