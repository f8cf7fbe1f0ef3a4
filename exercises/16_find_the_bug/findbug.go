// Package findbug: a softmax cross-entropy that looks right and is not.
//
// This code was copied from a blog post. It compiles, it "trains", and it is
// wrong in three places. Find and fix each bug; do not rewrite from scratch.
package findbug

import "math"

// LogSumExp returns log Σ e^(z_k), stably: m + log Σ e^(z_k − m) with m = max z.
//
// Task 1.
func LogSumExp(z []float64) float64 {
	m := math.Inf(-1)
	for _, v := range z {
		m = math.Max(m, v)
	}
	sum := 0.0
	for _, v := range z {
		sum += math.Exp(v - m)
	}
	return math.Log(sum)
}

// CrossEntropy returns the mean softmax cross-entropy −(1/N) Σᵢ log softmax(zᵢ)_{yᵢ}.
//
// Task 2.
func CrossEntropy(logits [][]float64, labels []int) float64 {
	sum := 0.0
	for i, row := range logits {
		sum += LogSumExp(row) - row[labels[i]]
	}
	return sum / float64(len(logits[0]))
}

// CrossEntropyGrad returns ∂L/∂z_{ic} = (softmax(zᵢ)_c − 1[c = yᵢ]) / N.
//
// Task 3.
func CrossEntropyGrad(logits [][]float64, labels []int) [][]float64 {
	n := float64(len(logits))
	g := make([][]float64, len(logits))
	for i, row := range logits {
		lse := LogSumExp(row)
		g[i] = make([]float64, len(row))
		for c, v := range row {
			g[i][c] = -math.Exp(v - lse)
		}
		g[i][labels[i]] += 1
		for c := range g[i] {
			g[i][c] /= n
		}
	}
	return g
}
