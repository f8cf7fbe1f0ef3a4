// Package cegrad: the gradient of softmax cross-entropy with respect to the logits.
package cegrad

// Mutant softmax_max_first_element: takes the first logit as the maximum: overflows when the large logit is elsewhere.

import "math"

// Softmax returns softmax(z)_c = e^(z_c − m) / Σ_k e^(z_k − m) with m = max z (stable).
//
// Task 1.
func Softmax(z []float64) []float64 {
	m := z[0]
	out := make([]float64, len(z))
	sum := 0.0
	for c, v := range z {
		out[c] = math.Exp(v - m)
		sum += out[c]
	}
	for c := range out {
		out[c] /= sum
	}
	return out
}

// CrossEntropyGrad returns ∂L/∂z for L = −(1/N) Σᵢ log softmax(zᵢ)_{yᵢ}:
//
//	∂L/∂z_{ic} = (softmax(zᵢ)_c − 1[c = yᵢ]) / N
//
// Task 2.
func CrossEntropyGrad(logits [][]float64, labels []int) [][]float64 {
	n := float64(len(logits))
	g := make([][]float64, len(logits))
	for i, row := range logits {
		p := Softmax(row)
		p[labels[i]] -= 1
		for c := range p {
			p[c] /= n
		}
		g[i] = p
	}
	return g
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
	n := float64(len(logits))
	g := make([][]float64, len(logits))
	for i, row := range logits {
		p := Softmax(row)
		total := 0.0
		for _, t := range targets[i] {
			total += t
		}
		for c := range p {
			p[c] = (p[c]*total - targets[i][c]) / n
		}
		g[i] = p
	}
	return g
}
