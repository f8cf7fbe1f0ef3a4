// Package gaussnll: the Gaussian negative log-likelihood with a predicted variance.
package gaussnll

// Mutant logvar_log_of_exp: log σ² recomputed as log(exp(s)): log(+Inf) = +Inf for s = 750 (the loss is 375).

import "math"

// GaussianNLL returns the mean Gaussian NLL (PyTorch nn.GaussianNLLLoss(full, eps)):
//
//	ℓᵢ = ½ [ log v̂ᵢ + (yᵢ − μᵢ)² / v̂ᵢ ] (+ ½ log 2π if full),   v̂ᵢ = max(vᵢ, eps)
//
// Variances below eps are clamped to eps (this keeps log v̂ finite).
//
// Task 1.
func GaussianNLL(mean, target, variance []float64, full bool, eps float64) float64 {
	sum := 0.0
	for i := range mean {
		v := math.Max(variance[i], eps)
		r := target[i] - mean[i]
		sum += 0.5 * (math.Log(v) + r*r/v)
		if full {
			sum += 0.5 * math.Log(2*math.Pi)
		}
	}
	return sum / float64(len(mean))
}

// GaussianNLLLogVar returns the mean Gaussian NLL parameterised by the
// log-variance sᵢ = log σᵢ² (what networks usually predict: no positivity constraint):
//
//	ℓᵢ = ½ [ sᵢ + (yᵢ − μᵢ)² e^(−sᵢ) ]   (constant ½ log 2π dropped)
//
// Task 2.
func GaussianNLLLogVar(mean, target, logVar []float64) float64 {
	sum := 0.0
	for i := range mean {
		r := target[i] - mean[i]
		sum += 0.5 * (math.Log(math.Exp(logVar[i])) + r*r*math.Exp(-logVar[i]))
	}
	return sum / float64(len(mean))
}

// GaussianNLLLogVarGrad returns the gradients of GaussianNLLLogVar:
//
//	∂L/∂μᵢ = −(yᵢ − μᵢ) e^(−sᵢ) / n
//	∂L/∂sᵢ = ½ [1 − (yᵢ − μᵢ)² e^(−sᵢ)] / n
//
// Task 3.
func GaussianNLLLogVarGrad(mean, target, logVar []float64) (dMean, dLogVar []float64) {
	n := float64(len(mean))
	dMean = make([]float64, len(mean))
	dLogVar = make([]float64, len(mean))
	for i := range mean {
		r := target[i] - mean[i]
		e := math.Exp(-logVar[i])
		dMean[i] = -r * e / n
		dLogVar[i] = 0.5 * (1 - r*r*e) / n
	}
	return dMean, dLogVar
}
