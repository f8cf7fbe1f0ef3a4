// Package crossentropy: softmax cross-entropy with integer class labels.
package crossentropy

// Mutant max_skips_last: the max loop stops one element early: overflows when the large logit is last.

import "math"

// LogSoftmax returns log softmax(z) for one row of logits, stably:
//
//	log softmax(z)_c = z_c − logsumexp(z),   logsumexp(z) = m + log Σ_k e^(z_k − m),  m = max_k z_k
//
// Task 1. Without subtracting the max, e^1000 overflows to +Inf and the result is NaN.
func LogSoftmax(z []float64) []float64 {
	m := math.Inf(-1)
	for _, v := range z[:len(z)-1] {
		m = math.Max(m, v)
	}
	sum := 0.0
	for _, v := range z {
		sum += math.Exp(v - m)
	}
	lse := m + math.Log(sum)
	out := make([]float64, len(z))
	for c, v := range z {
		out[c] = v - lse
	}
	return out
}

// CrossEntropy returns the mean softmax cross-entropy of a batch of logit rows
// against integer labels (PyTorch F.cross_entropy(logits, labels)):
//
//	L = −(1/N) Σᵢ log softmax(zᵢ)_{yᵢ}
//
// Task 2.
func CrossEntropy(logits [][]float64, labels []int) float64 {
	sum := 0.0
	for i, row := range logits {
		sum -= LogSoftmax(row)[labels[i]]
	}
	return sum / float64(len(logits))
}

// CrossEntropyIgnore is CrossEntropy where rows whose label equals ignoreIndex
// (PyTorch's default is −100, e.g. padding tokens) are skipped: they add nothing
// to the sum and are not counted in the mean. If every row is ignored the mean
// is 0/0: return NaN, as PyTorch does.
//
// Task 3.
func CrossEntropyIgnore(logits [][]float64, labels []int, ignoreIndex int) float64 {
	sum, count := 0.0, 0
	for i, row := range logits {
		if labels[i] == ignoreIndex {
			continue
		}
		sum -= LogSoftmax(row)[labels[i]]
		count++
	}
	if count == 0 {
		return math.NaN()
	}
	return sum / float64(count)
}
