// Package bcegrad: the gradient of binary cross-entropy with logits, in closed form.
package bcegrad

// BCEGrad returns ∂L/∂zᵢ for the mean loss L = (1/n) Σ [softplus(zᵢ) − yᵢ zᵢ]:
//
//	∂L/∂zᵢ = (σ(zᵢ) − yᵢ) / n
//
// Task 1.
func BCEGrad(z, y []float64) []float64 {
	panic("TODO: Task 1 — implement BCEGrad")
}

// PosWeightBCE returns the mean binary cross-entropy with a weight w on the
// positive term (PyTorch BCEWithLogitsLoss(pos_weight=w)):
//
//	L = (1/n) Σ −[w·yᵢ log σ(zᵢ) + (1 − yᵢ) log(1 − σ(zᵢ))]
//	  = (1/n) Σ [w·yᵢ·softplus(−zᵢ) + (1 − yᵢ)·softplus(zᵢ)]
//
// Task 2.
func PosWeightBCE(z, y []float64, w float64) float64 {
	panic("TODO: Task 2 — implement PosWeightBCE")
}

// PosWeightBCEGrad returns ∂L/∂zᵢ of PosWeightBCE:
//
//	∂L/∂zᵢ = [σ(zᵢ)·(1 + (w − 1)·yᵢ) − w·yᵢ] / n
//
// (w = 1 gives back BCEGrad.)
//
// Task 3.
func PosWeightBCEGrad(z, y []float64, w float64) []float64 {
	panic("TODO: Task 3 — implement PosWeightBCEGrad")
}
