package findbug

import (
	"fmt"
	"math"
	"testing"

	"github.com/losscourse/losscourse/exercises/internal/check"
)

// refLSE is the textbook log Σ e^z (safe for the small inputs used here).
func refLSE(z []float64) float64 {
	s := 0.0
	for _, v := range z {
		s += math.Exp(v)
	}
	return math.Log(s)
}

func refCE(logits [][]float64, labels []int) float64 {
	s := 0.0
	for i, row := range logits {
		s += refLSE(row) - row[labels[i]]
	}
	return s / float64(len(logits))
}

// Task 1
func TestTask1LogSumExp(t *testing.T) {
	cases := [][]float64{{1, 2, 3}, {-1, 0.5}, {0.3, 0.3, 0.3, 0.3}}
	for _, z := range cases {
		call := fmt.Sprintf("LogSumExp(%v)", z)
		got := check.Call(t, 1, call, func() float64 { return LogSumExp(z) })
		check.Float(t, 1, call, got, refLSE(z), 1e-12)
	}
	// Large logits, the largest in every position: the naive formula overflows, yours must not.
	for _, tt := range []struct {
		z    []float64
		want float64
	}{
		{[]float64{1000, 1000}, 1000 + math.Ln2},
		{[]float64{1000, 0, 0}, 1000},
		{[]float64{0, 1000, -5}, 1000},
		{[]float64{-3, 2, 1000}, 1000},
	} {
		call := fmt.Sprintf("LogSumExp(%v)", tt.z)
		unchanged := check.Keep(t, 1, call, tt.z)
		got := check.Call(t, 1, call, func() float64 { return LogSumExp(tt.z) })
		check.Float(t, 1, call, got, tt.want, 1e-12)
		unchanged()
	}
}

// Task 2
func TestTask2CrossEntropy(t *testing.T) {
	logits := [][]float64{{2, 1, 0.1}, {0.5, 2.5, -1}, {1, 1, 3}, {0, -2, 1}}
	labels := []int{0, 1, 0, 2}
	call := fmt.Sprintf("CrossEntropy(%v, %v)", logits, labels)
	unchanged := check.Keep(t, 2, call, logits, labels)
	got := check.Call(t, 2, call, func() float64 { return CrossEntropy(logits, labels) })
	check.Float(t, 2, call, got, refCE(logits, labels), 1e-12)
	unchanged()
}

// Task 3
func TestTask3CrossEntropyGrad(t *testing.T) {
	logits := [][]float64{{2, 1, 0.1}, {0.5, 2.5, -1}}
	labels := []int{0, 2}
	call := fmt.Sprintf("CrossEntropyGrad(%v, %v)", logits, labels)
	unchanged := check.Keep(t, 3, call, logits, labels)
	got := check.Call(t, 3, call, func() [][]float64 { return CrossEntropyGrad(logits, labels) })
	unchanged()
	loss := func(x []float64) float64 { return refCE(check.Rows(x, 3), labels) }
	check.Grad(t, 3, call, loss, check.Flat(logits), check.Flat(got), 1e-6)
}
