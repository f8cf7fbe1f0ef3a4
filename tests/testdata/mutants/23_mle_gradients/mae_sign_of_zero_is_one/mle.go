// Package mle: the gradients of MSE and MAE (with the 1/n the syllabus drops),
// and two maximum-likelihood estimates: categorical (the frequencies) and
// Laplace (the median).
package mle

// Mutant mae_sign_of_zero_is_one: MAE subgradient +1/n at ŷ = y instead of sign(0) = 0.

import (
	"math"
	"slices"
)

// MSEGrad returns the gradient of MSE = (1/n) Σ (ŷᵢ − yᵢ)² with respect to the
// predictions ŷ:
//
//	∂MSE/∂ŷᵢ = (2/n)·(ŷᵢ − yᵢ)
//
// pred and target have the same length n ≥ 1; the result is a new slice.
//
// Task 1.
func MSEGrad(pred, target []float64) []float64 {
	n := float64(len(pred))
	g := make([]float64, len(pred))
	for i := range pred {
		g[i] = 2 * (pred[i] - target[i]) / n
	}
	return g
}

// MAEGrad returns the (sub)gradient of MAE = (1/n) Σ |ŷᵢ − yᵢ| with respect to ŷ:
//
//	∂MAE/∂ŷᵢ = sign(ŷᵢ − yᵢ)/n,   with sign(0) = 0 (PyTorch's choice at the kink)
//
// The syllabus writes sign(ŷ − y): that is the gradient of the SUM of absolute
// errors; the mean's gradient has the 1/n.
//
// Task 2.
func MAEGrad(pred, target []float64) []float64 {
	n := float64(len(pred))
	g := make([]float64, len(pred))
	for i := range pred {
		if d := pred[i] - target[i]; d >= 0 {
			g[i] = 1 / n
		} else if d < 0 {
			g[i] = -1 / n
		}
	}
	return g
}

// CategoricalMLE returns the maximum-likelihood class probabilities of a
// categorical distribution over classes 0..classes−1 given observed labels: the
// minimiser of the NLL −Σᵢ log p[yᵢ] over the probability simplex, which is the
// vector of frequencies p[c] = count(c)/n. len(labels) ≥ 1, labels in range.
//
// Task 3.
func CategoricalMLE(labels []int, classes int) []float64 {
	p := make([]float64, classes)
	for _, y := range labels {
		p[y]++
	}
	for c := range p {
		p[c] /= float64(len(labels))
	}
	return p
}

// LaplaceMLE returns the maximum-likelihood location μ and scale b of a Laplace
// distribution, p(y) = exp(−|y − μ|/b)/(2b), fitted to the observations y
// (len ≥ 1). The NLL is n·log(2b) + Σ|yᵢ − μ|/b, so:
//
//	μ = median(y)  (minimises Σ|yᵢ − μ|; for even n every point between the two
//	                middle values does — return their midpoint, as numpy.median)
//	b = (1/n) Σ |yᵢ − μ|   (the mean absolute deviation from μ)
//
// y must not be modified (sort a copy).
//
// Task 4.
func LaplaceMLE(y []float64) (loc, scale float64) {
	s := slices.Clone(y)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		loc = s[n/2]
	} else {
		loc = (s[n/2-1] + s[n/2]) / 2
	}
	for _, v := range y {
		scale += math.Abs(v - loc)
	}
	return loc, scale / float64(n)
}
