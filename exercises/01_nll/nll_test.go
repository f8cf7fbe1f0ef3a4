package nll

import (
	"fmt"
	"math"
	"testing"

	"github.com/losscourse/losscourse/exercises/internal/check"
)

func repeat(p float64, n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = p
	}
	return out
}

// Task 1
func TestTask1LogLikelihood(t *testing.T) {
	tests := []struct {
		name  string
		probs []float64
		want  float64
	}{
		{"three observations", []float64{0.5, 0.25, 0.8}, math.Log(0.5) + math.Log(0.25) + math.Log(0.8)},
		{"certain event", []float64{1}, 0},
		{"400 × 0.001 (the product underflows)", repeat(0.001, 400), 400 * math.Log(0.001)},
		{"an impossible observation [0.5 0]", []float64{0.5, 0}, math.Inf(-1)}, // log 0 = −Inf: never skip or clamp it
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			call := fmt.Sprintf("LogLikelihood(%s)", tt.name)
			unchanged := check.Keep(t, 1, call, tt.probs)
			got := check.Call(t, 1, call, func() float64 { return LogLikelihood(tt.probs) })
			check.Float(t, 1, call, got, tt.want, 1e-12)
			unchanged()
		})
	}
}

// Task 2
func TestTask2NegativeLogLikelihood(t *testing.T) {
	probs := []float64{0.9, 0.6, 0.3, 0.05}
	want := -(math.Log(0.9) + math.Log(0.6) + math.Log(0.3) + math.Log(0.05)) / 4
	call := fmt.Sprintf("NegativeLogLikelihood(%v)", probs)
	unchanged := check.Keep(t, 2, call, probs)
	got := check.Call(t, 2, call, func() float64 { return NegativeLogLikelihood(probs) })
	check.Float(t, 2, call, got, want, 1e-12)
	unchanged()

	call = "NegativeLogLikelihood([1 1]) (certain observations cost nothing)"
	got = check.Call(t, 2, call, func() float64 { return NegativeLogLikelihood([]float64{1, 1}) })
	check.Float(t, 2, call, got, 0, 1e-12)

	call = "NegativeLogLikelihood(400 × 0.001)"
	got = check.Call(t, 2, call, func() float64 { return NegativeLogLikelihood(repeat(0.001, 400)) })
	check.Float(t, 2, call, got, -math.Log(0.001), 1e-12)

	call = "NegativeLogLikelihood([])"
	got = check.Call(t, 2, call, func() float64 { return NegativeLogLikelihood(nil) })
	check.Float(t, 2, call, got, math.NaN(), 0)
}

// Task 3
func TestTask3Bernoulli(t *testing.T) {
	ys := []int{1, 0, 1, 1, 0, 1, 1, 1}
	theta := 0.3
	want := -(6*math.Log(0.3) + 2*math.Log(0.7)) / 8
	call := fmt.Sprintf("BernoulliNLL(%v, %v)", theta, ys)
	unchanged := check.Keep(t, 3, call, ys)
	got := check.Call(t, 3, call, func() float64 { return BernoulliNLL(theta, ys) })
	check.Float(t, 3, call, got, want, 1e-12)
	unchanged()

	call = fmt.Sprintf("BernoulliMLE(%v)", ys)
	mle := check.Call(t, 3, call, func() float64 { return BernoulliMLE(ys) })
	check.Float(t, 3, call, mle, 0.75, 1e-12)

	// Probabilities of exactly 0 and 1: 0·log 0 is not a term of the sum (a y = 1
	// observation has no log(1 − θ) term), so certainty that comes true costs 0
	// and certainty that fails costs +Inf. No clamping to [ε, 1 − ε].
	for _, tt := range []struct {
		theta float64
		ys    []int
		want  float64
	}{
		{1, []int{1, 1, 1}, 0},
		{0, []int{0, 0}, 0},
		{1, []int{1, 0}, math.Inf(1)},
	} {
		call := fmt.Sprintf("BernoulliNLL(%v, %v)", tt.theta, tt.ys)
		got := check.Call(t, 3, call, func() float64 { return BernoulliNLL(tt.theta, tt.ys) })
		check.Float(t, 3, call, got, tt.want, 1e-12)
	}
	call = "BernoulliMLE([1 1 1])"
	mle = check.Call(t, 3, call, func() float64 { return BernoulliMLE([]int{1, 1, 1}) })
	check.Float(t, 3, call, mle, 1, 1e-12)

	// The MLE is the minimum of the NLL: moving θ either way must increase it.
	at := check.Call(t, 3, "BernoulliNLL(0.75, ys)", func() float64 { return BernoulliNLL(0.75, ys) })
	for _, th := range []float64{0.7, 0.8} {
		other := check.Call(t, 3, "BernoulliNLL", func() float64 { return BernoulliNLL(th, ys) })
		if !(other > at) {
			t.Errorf("Task 3: BernoulliNLL(%v, %v) = %.10g is not larger than BernoulliNLL(0.75, ys) = %.10g: the MLE should be the minimum", th, ys, other, at)
		}
	}
}
