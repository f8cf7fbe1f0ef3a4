// Package bcegrad: the gradient of binary cross-entropy with logits, in closed form.
package bcegrad

// Mutant bcegrad_in_place: writes the gradient into the caller’s logits and returns them.

import "math"

// sigmoid is 1/(1+e^(−z)); in float64 it saturates to exactly 0 or 1 without NaN.
func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

func softplus(x float64) float64 { return math.Max(x, 0) + math.Log1p(math.Exp(-math.Abs(x))) }

// BCEGrad returns ∂L/∂zᵢ for the mean loss L = (1/n) Σ [softplus(zᵢ) − yᵢ zᵢ]:
//
//	∂L/∂zᵢ = (σ(zᵢ) − yᵢ) / n
//
// Task 1.
func BCEGrad(z, y []float64) []float64 {
	n := float64(len(z))
	g := z
	for i := range z {
		g[i] = (sigmoid(z[i]) - y[i]) / n
	}
	return g
}

// PosWeightBCE returns the mean binary cross-entropy with a weight w on the
// positive term (PyTorch BCEWithLogitsLoss(pos_weight=w)):
//
//	L = (1/n) Σ −[w·yᵢ log σ(zᵢ) + (1 − yᵢ) log(1 − σ(zᵢ))]
//	  = (1/n) Σ [w·yᵢ·softplus(−zᵢ) + (1 − yᵢ)·softplus(zᵢ)]
//
// Task 2.
func PosWeightBCE(z, y []float64, w float64) float64 {
	sum := 0.0
	for i := range z {
		sum += w*y[i]*softplus(-z[i]) + (1-y[i])*softplus(z[i])
	}
	return sum / float64(len(z))
}

// PosWeightBCEGrad returns ∂L/∂zᵢ of PosWeightBCE:
//
//	∂L/∂zᵢ = [σ(zᵢ)·(1 + (w − 1)·yᵢ) − w·yᵢ] / n
//
// (w = 1 gives back BCEGrad.)
//
// Task 3.
func PosWeightBCEGrad(z, y []float64, w float64) []float64 {
	n := float64(len(z))
	g := make([]float64, len(z))
	for i := range z {
		g[i] = (sigmoid(z[i])*(1+(w-1)*y[i]) - w*y[i]) / n
	}
	return g
}
