package course

import (
	"fmt"
	"math"
	"slices"
)

// Mean is the arithmetic mean (NaN for no values).
func Mean(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

// Variance is the maximum-likelihood variance (1/n)·Σ(x − mean)² — the
// Gaussian MLE, not the unbiased 1/(n−1) estimator (see Summary for that).
func Variance(x []float64) float64 {
	m := Mean(x)
	s := 0.0
	for _, v := range x {
		s += (v - m) * (v - m)
	}
	return s / float64(len(x))
}

// Median is the middle value of x (the mean of the two middle values for an
// even length); x is not modified.
func Median(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	s := slices.Sorted(slices.Values(x))
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// Linspace returns n evenly spaced values from lo to hi inclusive.
func Linspace(lo, hi float64, n int) []float64 {
	if n < 2 {
		panic(fmt.Sprintf("course.Linspace: need n ≥ 2, got %d", n))
	}
	out := make([]float64, n)
	for i := range out {
		out[i] = lo + (hi-lo)*float64(i)/float64(n-1)
	}
	return out
}

// Map returns f applied to every element of x.
func Map(x []float64, f func(float64) float64) []float64 {
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = f(v)
	}
	return out
}

// Summary describes a metric measured over several runs (seeds).
type Summary struct {
	Values   []float64
	N        int
	Mean     float64
	SD       float64 // sample standard deviation (1/(n−1)); 0 for one value
	Min, Max float64
}

// Summarize computes the Summary of values.
func Summarize(values []float64) Summary {
	s := Summary{Values: slices.Clone(values), N: len(values), Mean: Mean(values)}
	if s.N == 0 {
		s.Min, s.Max, s.SD = math.NaN(), math.NaN(), math.NaN()
		return s
	}
	s.Min, s.Max = slices.Min(values), slices.Max(values)
	if s.N > 1 {
		s.SD = math.Sqrt(Variance(values) * float64(s.N) / float64(s.N-1))
	}
	return s
}

// SE is the standard error of the mean, SD/√N.
func (s Summary) SE() float64 { return s.SD / math.Sqrt(float64(s.N)) }

// String formats the summary as "mean ± sd (n = N)".
func (s Summary) String() string {
	return fmt.Sprintf("%.3f ± %.3f (n = %d)", s.Mean, s.SD, s.N)
}

// Seeds returns the seeds 1, 2, …, n.
func Seeds(n int) []int64 {
	out := make([]int64, n)
	for i := range out {
		out[i] = int64(i + 1)
	}
	return out
}

// OverSeeds runs fn once per seed and summarises the metric it returns. It
// stops at the first error.
func OverSeeds(seeds []int64, fn func(seed int64) (float64, error)) (Summary, error) {
	values := make([]float64, 0, len(seeds))
	for _, s := range seeds {
		v, err := fn(s)
		if err != nil {
			return Summary{}, fmt.Errorf("seed %d: %w", s, err)
		}
		values = append(values, v)
	}
	return Summarize(values), nil
}

// Paired summarises the differences a_i − b_i of two metrics measured on the
// same seeds: a comparison "a beats b" holds across seeds when the mean
// difference is positive and large against its standard error.
func Paired(a, b []float64) Summary {
	if len(a) != len(b) {
		panic(fmt.Sprintf("course.Paired: %d vs %d values", len(a), len(b)))
	}
	d := make([]float64, len(a))
	for i := range a {
		d[i] = a[i] - b[i]
	}
	return Summarize(d)
}
