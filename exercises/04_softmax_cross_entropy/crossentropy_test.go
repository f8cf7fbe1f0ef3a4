package crossentropy

import (
	"fmt"
	"math"
	"testing"

	"github.com/losscourse/losscourse/exercises/internal/check"
)

// refLogSoftmax is the textbook formula (fine for small logits).
func refLogSoftmax(z []float64) []float64 {
	s := 0.0
	for _, v := range z {
		s += math.Exp(v)
	}
	out := make([]float64, len(z))
	for c, v := range z {
		out[c] = v - math.Log(s)
	}
	return out
}

// Task 1
func TestTask1LogSoftmax(t *testing.T) {
	for _, z := range [][]float64{{1, 2, 3}, {0.5, -0.5}, {-2, 0, 2, 4}} {
		call := fmt.Sprintf("LogSoftmax(%v)", z)
		got := check.Call(t, 1, call, func() []float64 { return LogSoftmax(z) })
		check.Floats(t, 1, call, got, refLogSoftmax(z), 1e-12)
	}
	// Large logits, the largest in every position of the row: e¹⁰⁰⁰ overflows unless you subtract the max.
	for _, tt := range []struct{ z, want []float64 }{
		{[]float64{1000, 0, -1000}, []float64{0, -1000, -2000}},
		{[]float64{0, 1000, 0}, []float64{-1000, 0, -1000}},
		{[]float64{-5, 3, 1000}, []float64{-1005, -997, 0}},
	} {
		call := fmt.Sprintf("LogSoftmax(%v)", tt.z)
		unchanged := check.Keep(t, 1, call, tt.z)
		got := check.Call(t, 1, call, func() []float64 { return LogSoftmax(tt.z) })
		check.Floats(t, 1, call, got, tt.want, 1e-12)
		unchanged()
	}
}

// Task 2
func TestTask2CrossEntropy(t *testing.T) {
	logits := [][]float64{{2, 1, 0.1}, {0.5, 2.5, -1}, {1, 1, 3}}
	labels := []int{0, 1, 0}
	want := -(refLogSoftmax(logits[0])[0] + refLogSoftmax(logits[1])[1] + refLogSoftmax(logits[2])[0]) / 3
	call := fmt.Sprintf("CrossEntropy(%v, %v)", logits, labels)
	got := check.Call(t, 2, call, func() float64 { return CrossEntropy(logits, labels) })
	check.Float(t, 2, call, got, want, 1e-12)

	big := [][]float64{{1000, 0}, {0, 1000}}
	call = fmt.Sprintf("CrossEntropy(%v, [1 1])", big)
	got = check.Call(t, 2, call, func() float64 { return CrossEntropy(big, []int{1, 1}) })
	check.Float(t, 2, call, got, 500, 1e-12)

	big = [][]float64{{1000, 0, 0}, {0, 1000, 0}, {0, 0, 1000}}
	labels = []int{0, 2, 1}
	call = fmt.Sprintf("CrossEntropy(%v, %v)", big, labels)
	unchanged := check.Keep(t, 2, call, big, labels)
	got = check.Call(t, 2, call, func() float64 { return CrossEntropy(big, labels) })
	check.Float(t, 2, call, got, 2000.0/3, 1e-12)
	unchanged()
}

// Task 3
func TestTask3CrossEntropyIgnore(t *testing.T) {
	logits := [][]float64{{2, 1, 0.1}, {0.5, 2.5, -1}, {1, 1, 3}}
	labels := []int{0, -100, 2}
	want := -(refLogSoftmax(logits[0])[0] + refLogSoftmax(logits[2])[2]) / 2
	call := fmt.Sprintf("CrossEntropyIgnore(%v, %v, -100)", logits, labels)
	got := check.Call(t, 3, call, func() float64 { return CrossEntropyIgnore(logits, labels, -100) })
	check.Float(t, 3, call, got, want, 1e-12)

	call = fmt.Sprintf("CrossEntropyIgnore(%v, [-100 -100 -100], -100) (every row ignored)", logits)
	got = check.Call(t, 3, call, func() float64 { return CrossEntropyIgnore(logits, []int{-100, -100, -100}, -100) })
	check.Float(t, 3, call, got, math.NaN(), 0)

	// ignoreIndex is any integer, not only −100: rows labelled 0 are skipped.
	labels = []int{0, 1, 2}
	want = -(refLogSoftmax(logits[1])[1] + refLogSoftmax(logits[2])[2]) / 2
	call = fmt.Sprintf("CrossEntropyIgnore(%v, %v, 0)", logits, labels)
	unchanged := check.Keep(t, 3, call, logits, labels)
	got = check.Call(t, 3, call, func() float64 { return CrossEntropyIgnore(logits, labels, 0) })
	check.Float(t, 3, call, got, want, 1e-12)
	unchanged()
}
