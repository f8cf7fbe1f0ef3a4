// Package smoothing: label smoothing for softmax cross-entropy.
package smoothing

// Mutant logsoftmax_in_place: overwrites the caller’s logits with the log-probabilities.

import "math"

func logSoftmax(z []float64) []float64 {
	m := math.Inf(-1)
	for _, v := range z {
		m = math.Max(m, v)
	}
	sum := 0.0
	for _, v := range z {
		sum += math.Exp(v - m)
	}
	lse := m + math.Log(sum)
	out := z
	for c, v := range z {
		out[c] = v - lse
	}
	return out
}

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
	out := make([]float64, numClasses)
	for c := range out {
		out[c] = eps / float64(numClasses)
	}
	out[label] += 1 - eps
	return out
}

// SmoothedCrossEntropy returns the mean cross-entropy against smoothed labels:
//
//	L = −(1/N) Σᵢ Σ_c ỹ_{ic} log softmax(zᵢ)_c
//
// Task 2.
func SmoothedCrossEntropy(logits [][]float64, labels []int, eps float64) float64 {
	sum := 0.0
	for i, row := range logits {
		lp := logSoftmax(row)
		y := SmoothLabels(labels[i], len(row), eps)
		for c := range row {
			sum -= y[c] * lp[c]
		}
	}
	return sum / float64(len(logits))
}

// SmoothedCrossEntropyGrad returns ∂L/∂z of SmoothedCrossEntropy:
//
//	∂L/∂z_{ic} = (softmax(zᵢ)_c − ỹ_{ic}) / N
//
// Task 3.
func SmoothedCrossEntropyGrad(logits [][]float64, labels []int, eps float64) [][]float64 {
	n := float64(len(logits))
	g := make([][]float64, len(logits))
	for i, row := range logits {
		lp := logSoftmax(row)
		y := SmoothLabels(labels[i], len(row), eps)
		g[i] = make([]float64, len(row))
		for c := range row {
			g[i][c] = (math.Exp(lp[c]) - y[c]) / n
		}
	}
	return g
}
