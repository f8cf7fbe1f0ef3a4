// Package smoothing: label smoothing for softmax cross-entropy.
package smoothing

// SmoothLabels returns the smoothed target distribution for class label out of
// numClasses classes (Szegedy et al. 2016; PyTorch CrossEntropyLoss(label_smoothing=eps)):
//
//	ỹ_c = (1 − ε)·1[c = label] + ε/C
//
// The ε mass is spread over all C classes, the true one included: the true class
// gets 1 − ε + ε/C and every other class ε/C.
//
// Task 1.
func SmoothLabels(label, numClasses int, eps float64) []float64 {
	panic("TODO: Task 1 — implement SmoothLabels")
}

// SmoothedCrossEntropy returns the mean cross-entropy against smoothed labels:
//
//	L = −(1/N) Σᵢ Σ_c ỹ_{ic} log softmax(zᵢ)_c
//
// Task 2.
func SmoothedCrossEntropy(logits [][]float64, labels []int, eps float64) float64 {
	panic("TODO: Task 2 — implement SmoothedCrossEntropy")
}

// SmoothedCrossEntropyGrad returns ∂L/∂z of SmoothedCrossEntropy:
//
//	∂L/∂z_{ic} = (softmax(zᵢ)_c − ỹ_{ic}) / N
//
// Task 3.
func SmoothedCrossEntropyGrad(logits [][]float64, labels []int, eps float64) [][]float64 {
	panic("TODO: Task 3 — implement SmoothedCrossEntropyGrad")
}
