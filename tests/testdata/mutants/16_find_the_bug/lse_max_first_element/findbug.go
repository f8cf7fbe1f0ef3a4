// Package findbug: a softmax cross-entropy that looked right — fixed.
package findbug

// Mutant lse_max_first_element: takes the first logit as the maximum: overflows when the large logit is elsewhere.

import "math"

// LogSumExp returns log Σ e^(z_k), stably: m + log Σ e^(z_k − m) with m = max z.
//
// Task 1. The bug: the max was subtracted inside the exponentials but never added back.
func LogSumExp(z []float64) float64 {
	m := z[0]
	sum := 0.0
	for _, v := range z {
		sum += math.Exp(v - m)
	}
	return m + math.Log(sum)
}

// CrossEntropy returns the mean softmax cross-entropy −(1/N) Σᵢ log softmax(zᵢ)_{yᵢ}.
//
// Task 2. The bug: the sum was divided by the number of classes instead of the batch size.
func CrossEntropy(logits [][]float64, labels []int) float64 {
	sum := 0.0
	for i, row := range logits {
		sum += LogSumExp(row) - row[labels[i]]
	}
	return sum / float64(len(logits))
}

// CrossEntropyGrad returns ∂L/∂z_{ic} = (softmax(zᵢ)_c − 1[c = yᵢ]) / N.
//
// Task 3. The bug: the sign was flipped (one-hot minus softmax is the negative gradient).
func CrossEntropyGrad(logits [][]float64, labels []int) [][]float64 {
	n := float64(len(logits))
	g := make([][]float64, len(logits))
	for i, row := range logits {
		lse := LogSumExp(row)
		g[i] = make([]float64, len(row))
		for c, v := range row {
			g[i][c] = math.Exp(v - lse)
		}
		g[i][labels[i]] -= 1
		for c := range g[i] {
			g[i][c] /= n
		}
	}
	return g
}
