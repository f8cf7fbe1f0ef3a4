package mle

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/losscourse/losscourse/exercises/internal/check"
)

func mse(p, y []float64) float64 {
	s := 0.0
	for i := range p {
		s += (p[i] - y[i]) * (p[i] - y[i])
	}
	return s / float64(len(p))
}

func mae(p, y []float64) float64 {
	s := 0.0
	for i := range p {
		s += math.Abs(p[i] - y[i])
	}
	return s / float64(len(p))
}

// unchanged fails the test if f modified any of the slices.
func unchanged(t *testing.T, task int, call string, f func(), slicesIn ...[]float64) {
	t.Helper()
	var before [][]float64
	for _, s := range slicesIn {
		before = append(before, slices.Clone(s))
	}
	f()
	for i, s := range slicesIn {
		if !slices.Equal(s, before[i]) {
			t.Errorf("Task %d: %s modified its argument %d: was %v, now %v; work on a copy", task, call, i+1, before[i], s)
		}
	}
}

// Task 1
func TestTask1MSEGrad(t *testing.T) {
	p, y := []float64{1, 2, 3}, []float64{0, 2, 5}
	call := fmt.Sprintf("MSEGrad(pred=%v, target=%v)", p, y)
	var got []float64
	unchanged(t, 1, call, func() { got = check.Call(t, 1, call, func() []float64 { return MSEGrad(p, y) }) }, p, y)
	check.Floats(t, 1, call, got, []float64{2.0 / 3, 0, -4.0 / 3}, 1e-12)

	p, y = []float64{0.3, -1.2, 2.5, 4, -0.7}, []float64{1, -1, 0, 4.5, 0.2}
	call = fmt.Sprintf("MSEGrad(pred=%v, target=%v)", p, y)
	got = check.Call(t, 1, call, func() []float64 { return MSEGrad(p, y) })
	check.Grad(t, 1, call, func(x []float64) float64 { return mse(x, y) }, p, got, 1e-6)
}

// Task 2
func TestTask2MAEGrad(t *testing.T) {
	// The third prediction is exact: MAE has a kink there, and PyTorch's gradient is sign(0) = 0.
	p, y := []float64{1, 2, 3, 4}, []float64{0, 2.5, 3, 6}
	call := fmt.Sprintf("MAEGrad(pred=%v, target=%v)", p, y)
	var got []float64
	unchanged(t, 2, call, func() { got = check.Call(t, 2, call, func() []float64 { return MAEGrad(p, y) }) }, p, y)
	check.Floats(t, 2, call, got, []float64{0.25, -0.25, 0, -0.25}, 1e-12)

	p, y = []float64{0.3, -1.2, 2.5, 4, -0.7}, []float64{1, -1, 0, 4.5, 0.2}
	call = fmt.Sprintf("MAEGrad(pred=%v, target=%v)", p, y)
	got = check.Call(t, 2, call, func() []float64 { return MAEGrad(p, y) })
	check.Grad(t, 2, call, func(x []float64) float64 { return mae(x, y) }, p, got, 1e-6)
}

// Task 3
func TestTask3CategoricalMLE(t *testing.T) {
	labels := []int{0, 2, 2, 1, 2}
	call := fmt.Sprintf("CategoricalMLE(labels=%v, classes=4)", labels)
	got := check.Call(t, 3, call, func() []float64 { return CategoricalMLE(labels, 4) })
	check.Floats(t, 3, call, got, []float64{0.2, 0.2, 0.6, 0}, 1e-12)

	// It is the minimiser of the NLL: every other point of the simplex does worse.
	r := rand.New(rand.NewPCG(23, 3))
	labels = []int{1, 1, 0, 2, 1, 0, 1, 2, 1, 1}
	call = fmt.Sprintf("CategoricalMLE(labels=%v, classes=3)", labels)
	p := check.Call(t, 3, call, func() []float64 { return CategoricalMLE(labels, 3) })
	nll := func(q []float64) float64 {
		s := 0.0
		for _, y := range labels {
			s -= math.Log(q[y])
		}
		return s
	}
	if len(p) != 3 {
		t.Fatalf("Task 3: %s: got %d probabilities, want 3", call, len(p))
	}
	best := nll(p)
	for k := 0; k < 200; k++ {
		q := []float64{r.Float64() + 1e-3, r.Float64() + 1e-3, r.Float64() + 1e-3}
		s := q[0] + q[1] + q[2]
		for i := range q {
			q[i] /= s
		}
		if v := nll(q); v < best-1e-12 {
			t.Fatalf("Task 3: %s = %v has NLL %.6f, but %v has a lower NLL %.6f: not the maximum-likelihood estimate", call, p, best, q, v)
		}
	}
}

// Task 4
func TestTask4LaplaceMLE(t *testing.T) {
	for _, tt := range []struct {
		y          []float64
		loc, scale float64
	}{
		{[]float64{3, -1, 10, 2, 0}, 2, 14.0 / 5},                         // odd n: the middle value
		{[]float64{4, 1, 3, 2}, 2.5, 1},                                   // even n: the midpoint of the two middle values
		{[]float64{1, 2, 3, 1e6}, 2.5, (1.5 + .5 + .5 + (1e6 - 2.5)) / 4}, // an outlier moves the mean by 250,000, the median not at all
	} {
		call := fmt.Sprintf("LaplaceMLE(%v)", tt.y)
		var loc, scale float64
		unchanged(t, 4, call, func() {
			check.Call(t, 4, call, func() bool { loc, scale = LaplaceMLE(tt.y); return true })
		}, tt.y)
		check.Float(t, 4, call+" location", loc, tt.loc, 1e-12)
		check.Float(t, 4, call+" scale", scale, tt.scale, 1e-12)
	}
}
