// Package nll: from a likelihood to the negative log-likelihood loss.
package nll

// Mutant bernoulli_generic_formula: y·log θ + (1−y)·log(1−θ) for every y: 0·log 0 = NaN at θ = 0 or 1.

import "math"

// LogLikelihood returns log Π pᵢ = Σ log pᵢ, the log-likelihood of independent
// observations whose model probabilities are probs.
//
// Task 1. Never form the product Π pᵢ: 400 probabilities of 0.001 multiply to
// 1e-1200, which underflows float64 to 0, and log 0 = −Inf. A probability that
// is exactly 0 (an observation the model calls impossible) does give −Inf: do
// not skip or clamp it. Do not modify probs.
func LogLikelihood(probs []float64) float64 {
	sum := 0.0
	for _, p := range probs {
		sum += math.Log(p)
	}
	return sum
}

// NegativeLogLikelihood returns the NLL loss with mean reduction:
//
//	NLL = −(1/n) Σ log pᵢ
//
// Task 2. An empty slice has no mean: return NaN (PyTorch does the same).
func NegativeLogLikelihood(probs []float64) float64 {
	if len(probs) == 0 {
		return math.NaN()
	}
	return -LogLikelihood(probs) / float64(len(probs))
}

// BernoulliNLL returns the mean NLL of binary observations ys ∈ {0, 1} under a
// Bernoulli(θ) model:
//
//	NLL(θ) = −(1/n) Σ [yᵢ log θ + (1 − yᵢ) log(1 − θ)]
//
// This is binary cross-entropy with a single shared probability θ; its minimum
// is at the maximum-likelihood estimate θ* = mean(y) (see BernoulliMLE).
// θ may be exactly 0 or 1: an observation y = 1 contributes only log θ and
// y = 0 only log(1 − θ) (never 0·log 0), so BernoulliNLL(1, [1 1]) = 0 and
// BernoulliNLL(1, [1 0]) = +Inf. No clamping.
//
// Task 3.
func BernoulliNLL(theta float64, ys []int) float64 {
	sum := 0.0
	for _, y := range ys {
		fy := float64(y)
		sum += fy*math.Log(theta) + (1-fy)*math.Log1p(-theta)
	}
	return -sum / float64(len(ys))
}

// BernoulliMLE returns the θ that minimises BernoulliNLL(θ, ys): the fraction of ones.
//
// Task 3.
func BernoulliMLE(ys []int) float64 {
	ones := 0
	for _, y := range ys {
		ones += y
	}
	return float64(ones) / float64(len(ys))
}
