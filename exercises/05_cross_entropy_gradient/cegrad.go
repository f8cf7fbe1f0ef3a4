// Package cegrad: the gradient of softmax cross-entropy with respect to the logits.
package cegrad

// Softmax returns softmax(z)_c = e^(z_c − m) / Σ_k e^(z_k − m) with m = max z (stable).
//
// Task 1.
func Softmax(z []float64) []float64 {
	panic("TODO: Task 1 — implement Softmax")
}

// CrossEntropyGrad returns ∂L/∂z for L = −(1/N) Σᵢ log softmax(zᵢ)_{yᵢ}:
//
//	∂L/∂z_{ic} = (softmax(zᵢ)_c − 1[c = yᵢ]) / N
//
// Task 2.
func CrossEntropyGrad(logits [][]float64, labels []int) [][]float64 {
	panic("TODO: Task 2 — implement CrossEntropyGrad")
}

// SoftTargetCrossEntropyGrad returns ∂L/∂z for soft (dense) targets t:
//
//	L = −(1/N) Σᵢ Σ_c t_{ic} log softmax(zᵢ)_c
//	∂L/∂z_{ic} = (softmax(zᵢ)_c · Σ_k t_{ik} − t_{ic}) / N
//
// The targets need not sum to 1 (masked or unnormalised soft labels); when they
// do, this is (softmax − t)/N.
//
// Task 3.
func SoftTargetCrossEntropyGrad(logits, targets [][]float64) [][]float64 {
	panic("TODO: Task 3 — implement SoftTargetCrossEntropyGrad")
}
