package course

import "math"

// Sigmoid is the logistic function σ(z) = 1/(1 + e^(−z)) in float64, computed
// without overflow for large |z|.
func Sigmoid(z float64) float64 {
	if z >= 0 {
		return 1 / (1 + math.Exp(-z))
	}
	e := math.Exp(z)
	return e / (1 + e)
}

// LogSumExp is log Σ_j e^(z_j), computed stably as m + log Σ_j e^(z_j − m) with m = max z.
func LogSumExp(z []float64) float64 {
	m := math.Inf(-1)
	for _, v := range z {
		m = math.Max(m, v)
	}
	if math.IsInf(m, 0) {
		return m
	}
	s := 0.0
	for _, v := range z {
		s += math.Exp(v - m)
	}
	return m + math.Log(s)
}

// Softmax is softmax(z)_j = e^(z_j) / Σ_k e^(z_k), computed stably.
func Softmax(z []float64) []float64 {
	lse := LogSumExp(z)
	out := make([]float64, len(z))
	for j, v := range z {
		out[j] = math.Exp(v - lse)
	}
	return out
}

// OneHot returns the vector of length n with a 1 at index k.
func OneHot(k, n int) []float64 {
	v := make([]float64, n)
	v[k] = 1
	return v
}
