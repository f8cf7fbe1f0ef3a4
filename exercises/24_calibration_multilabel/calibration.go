// Package calibration: expected calibration error, what label smoothing does to
// a classifier's confidence, and multi-label BCE versus a softmax over labels.
package calibration

// ECE returns the expected calibration error (Guo et al. 2017) of predicted class
// probabilities probs [n][C] against the true labels, with `bins` equal-width
// confidence bins:
//
//	confidenceᵢ = maxₖ probs[i][k],   predictionᵢ = argmaxₖ probs[i][k] (first on ties)
//	bin b ∈ {0..M−1} holds the confidences in (b/M, (b+1)/M]
//	ECE = Σ_b (|B_b|/n)·|accuracy(B_b) − mean confidence(B_b)|
//
// Empty bins contribute 0. probs and labels must not be modified.
//
// Task 1.
func ECE(probs [][]float64, labels []int, bins int) float64 {
	panic("TODO: Task 1 — implement ECE")
}

// SmoothedConfidence returns the confidence of the prediction that minimises the
// label-smoothed cross-entropy with C classes and smoothing ε: the minimiser of
// −Σₖ y'ₖ log pₖ is p = y' (Gibbs' inequality), so the predicted class gets
//
//	1 − ε + ε/C
//
// however easy the example. (Plain cross-entropy, ε = 0, pushes it to 1.)
//
// Task 2.
func SmoothedConfidence(classes int, eps float64) float64 {
	panic("TODO: Task 2 — implement SmoothedConfidence")
}

// EpsilonForAccuracy returns the smoothing ε whose capped confidence
// SmoothedConfidence(classes, ε) equals a given accuracy: the ε at which a model
// that reaches its smoothed optimum on every example it gets right is calibrated,
//
//	1 − ε(C − 1)/C = acc   ⇒   ε = (1 − acc)·C/(C − 1)
//
// Task 2.
func EpsilonForAccuracy(acc float64, classes int) float64 {
	panic("TODO: Task 2 — implement EpsilonForAccuracy")
}

// MultiLabelBCE returns the multi-label loss — one independent sigmoid per label,
// BCE averaged over all n·K entries — and its gradient with respect to the
// logits, for logits and targets [n][K] (targets in {0, 1}, any number of 1s
// per row):
//
//	L = (1/nK) Σᵢₖ [max(zᵢₖ, 0) − zᵢₖ·yᵢₖ + log1p(e^(−|zᵢₖ|))],   ∂L/∂zᵢₖ = (σ(zᵢₖ) − yᵢₖ)/(nK)
//
// Task 3.
func MultiLabelBCE(logits, targets [][]float64) (loss float64, grad [][]float64) {
	panic("TODO: Task 3 — implement MultiLabelBCE")
}

// SoftmaxOverLabels returns the "softmax over labels" multi-label loss — one
// softmax per row, cross-entropy against the multi-hot target normalised to sum
// to 1 (q = y/Σy) — averaged over the n rows, and its gradient:
//
//	L = (1/n) Σᵢ [LSE(zᵢ) − Σₖ qᵢₖ zᵢₖ],   ∂L/∂zᵢₖ = (softmax(zᵢ)ₖ − qᵢₖ)/n
//
// A row without any label has no target distribution: it contributes 0 to the
// loss and the gradient (still divided by n). Use the max trick for LSE.
//
// Task 4.
func SoftmaxOverLabels(logits, targets [][]float64) (loss float64, grad [][]float64) {
	panic("TODO: Task 4 — implement SoftmaxOverLabels")
}
