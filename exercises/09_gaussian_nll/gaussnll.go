// Package gaussnll: the Gaussian negative log-likelihood with a predicted variance.
package gaussnll

// GaussianNLL returns the mean Gaussian NLL (PyTorch nn.GaussianNLLLoss(full, eps)):
//
//	ℓᵢ = ½ [ log v̂ᵢ + (yᵢ − μᵢ)² / v̂ᵢ ] (+ ½ log 2π if full),   v̂ᵢ = max(vᵢ, eps)
//
// Variances below eps are clamped to eps (this keeps log v̂ finite).
//
// Task 1.
func GaussianNLL(mean, target, variance []float64, full bool, eps float64) float64 {
	panic("TODO: Task 1 — implement GaussianNLL")
}

// GaussianNLLLogVar returns the mean Gaussian NLL parameterised by the
// log-variance sᵢ = log σᵢ² (what networks usually predict: no positivity constraint):
//
//	ℓᵢ = ½ [ sᵢ + (yᵢ − μᵢ)² e^(−sᵢ) ]   (constant ½ log 2π dropped)
//
// Task 2.
func GaussianNLLLogVar(mean, target, logVar []float64) float64 {
	panic("TODO: Task 2 — implement GaussianNLLLogVar")
}

// GaussianNLLLogVarGrad returns the gradients of GaussianNLLLogVar:
//
//	∂L/∂μᵢ = −(yᵢ − μᵢ) e^(−sᵢ) / n
//	∂L/∂sᵢ = ½ [1 − (yᵢ − μᵢ)² e^(−sᵢ)] / n
//
// Task 3.
func GaussianNLLLogVarGrad(mean, target, logVar []float64) (dMean, dLogVar []float64) {
	panic("TODO: Task 3 — implement GaussianNLLLogVarGrad")
}
