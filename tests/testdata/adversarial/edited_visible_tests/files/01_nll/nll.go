package nll

import "math"

func LogLikelihood(probs []float64) float64 {
	sum := 0.0
	for _, p := range probs {
		sum += math.Log(p)
	}
	return sum
}

// NegativeLogLikelihood forgets the mean (and the empty-slice NaN).
func NegativeLogLikelihood(probs []float64) float64 { return -LogLikelihood(probs) }

// BernoulliNLL forgets the mean.
func BernoulliNLL(theta float64, ys []int) float64 {
	sum := 0.0
	for _, y := range ys {
		if y == 1 {
			sum += math.Log(theta)
		} else {
			sum += math.Log1p(-theta)
		}
	}
	return -sum
}

func BernoulliMLE(ys []int) float64 {
	ones := 0
	for _, y := range ys {
		ones += y
	}
	return float64(ones) / float64(len(ys))
}
