package nll

// Hidden tests: compiled in by cmd/grade at grading time (as hidden_<file>); never in the learner's folder.

import (
	"math"
	"testing"

	"github.com/losscourse/losscourse/exercises/internal/check"
)

func TestHiddenTask1LogLikelihood(t *testing.T) {
	got := check.Call(t, 1, "LogLikelihood(1000 × 1e-5)", func() float64 { return LogLikelihood(repeat(1e-5, 1000)) })
	check.Float(t, 1, "LogLikelihood(1000 × 1e-5)", got, 1000*math.Log(1e-5), 1e-12)
	probs := []float64{0, 0.3, 1}
	unchanged := check.Keep(t, 1, "LogLikelihood([0 0.3 1])", probs)
	got = check.Call(t, 1, "LogLikelihood([0 0.3 1])", func() float64 { return LogLikelihood(probs) })
	check.Float(t, 1, "LogLikelihood([0 0.3 1])", got, math.Inf(-1), 0)
	unchanged()
}

func TestHiddenTask2NegativeLogLikelihood(t *testing.T) {
	got := check.Call(t, 2, "NegativeLogLikelihood([0.2 0.2])", func() float64 { return NegativeLogLikelihood([]float64{0.2, 0.2}) })
	check.Float(t, 2, "NegativeLogLikelihood([0.2 0.2])", got, -math.Log(0.2), 1e-12)
	got = check.Call(t, 2, "NegativeLogLikelihood([0.9 0])", func() float64 { return NegativeLogLikelihood([]float64{0.9, 0}) })
	check.Float(t, 2, "NegativeLogLikelihood([0.9 0])", got, math.Inf(1), 0)
}

func TestHiddenTask3Bernoulli(t *testing.T) {
	ys := []int{0, 0, 1, 0}
	got := check.Call(t, 3, "BernoulliNLL(0.6, [0 0 1 0])", func() float64 { return BernoulliNLL(0.6, ys) })
	check.Float(t, 3, "BernoulliNLL(0.6, [0 0 1 0])", got, -(math.Log(0.6)+3*math.Log(0.4))/4, 1e-12)
	got = check.Call(t, 3, "BernoulliMLE([0 0 1 0])", func() float64 { return BernoulliMLE(ys) })
	check.Float(t, 3, "BernoulliMLE([0 0 1 0])", got, 0.25, 1e-12)
	got = check.Call(t, 3, "BernoulliNLL(0, [0 1 0])", func() float64 { return BernoulliNLL(0, []int{0, 1, 0}) })
	check.Float(t, 3, "BernoulliNLL(0, [0 1 0])", got, math.Inf(1), 0)
	got = check.Call(t, 3, "BernoulliNLL(1, [1])", func() float64 { return BernoulliNLL(1, []int{1}) })
	check.Float(t, 3, "BernoulliNLL(1, [1])", got, 0, 1e-15)
	got = check.Call(t, 3, "BernoulliNLL(0, [0 0 0])", func() float64 { return BernoulliNLL(0, []int{0, 0, 0}) })
	check.Float(t, 3, "BernoulliNLL(0, [0 0 0])", got, 0, 1e-15)
	got = check.Call(t, 3, "BernoulliMLE([0 0])", func() float64 { return BernoulliMLE([]int{0, 0}) })
	check.Float(t, 3, "BernoulliMLE([0 0])", got, 0, 1e-15)
}
