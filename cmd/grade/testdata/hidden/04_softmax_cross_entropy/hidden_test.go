package crossentropy

// Hidden tests: compiled in by cmd/grade at grading time (as hidden_<file>); never in the learner's folder.

import (
	"fmt"
	"math"
	"testing"

	"github.com/losscourse/losscourse/exercises/internal/check"
)

func TestHiddenTask1LogSoftmax(t *testing.T) {
	got := check.Call(t, 1, "LogSoftmax([-1000 -1000])", func() []float64 { return LogSoftmax([]float64{-1000, -1000}) })
	check.Floats(t, 1, "LogSoftmax([-1000 -1000])", got, []float64{-math.Ln2, -math.Ln2}, 1e-12)
	// One dominant logit, in every position: log softmax = z − max.
	for _, z := range [][]float64{{2000, 1000}, {1000, 2000}, {-1, -1, 900, -1}, {0, 0, 0, 1000}} {
		m := math.Inf(-1)
		for _, v := range z {
			m = math.Max(m, v)
		}
		want := make([]float64, len(z))
		for c := range z {
			want[c] = z[c] - m
		}
		call := fmt.Sprintf("LogSoftmax(%v)", z)
		unchanged := check.Keep(t, 1, call, z)
		got := check.Call(t, 1, call, func() []float64 { return LogSoftmax(z) })
		check.Floats(t, 1, call, got, want, 1e-12)
		unchanged()
	}
}

func TestHiddenTask2CrossEntropy(t *testing.T) {
	logits := [][]float64{{0.1, 0.2, 0.3, 0.4}}
	got := check.Call(t, 2, "CrossEntropy([[0.1 0.2 0.3 0.4]], [3])", func() float64 { return CrossEntropy(logits, []int{3}) })
	check.Float(t, 2, "CrossEntropy([[0.1 0.2 0.3 0.4]], [3])", got, -refLogSoftmax(logits[0])[3], 1e-12)
	big := [][]float64{{-800, 0}, {5, 800}, {800, 0, 0, 0}}
	call := fmt.Sprintf("CrossEntropy(%v, [1 1 3])", big)
	got = check.Call(t, 2, call, func() float64 { return CrossEntropy(big, []int{1, 1, 3}) })
	check.Float(t, 2, call, got, (0+0+800)/3.0, 1e-12)
}

func TestHiddenTask3CrossEntropyIgnore(t *testing.T) {
	logits := [][]float64{{1, 2}, {3, 1}, {0, 0}}
	want := -(refLogSoftmax(logits[0])[1] + refLogSoftmax(logits[2])[0]) / 2
	got := check.Call(t, 3, "CrossEntropyIgnore([[1 2] [3 1] [0 0]], [1 7 0], 7)", func() float64 { return CrossEntropyIgnore(logits, []int{1, 7, 0}, 7) })
	check.Float(t, 3, "CrossEntropyIgnore([[1 2] [3 1] [0 0]], [1 7 0], 7)", got, want, 1e-12)

	// A positive ignore index that is also a class: rows labelled 2 are skipped.
	logits = [][]float64{{1, 2, 3}, {3, 1, 0}, {0, 1000, 0}, {2, 2, 2}}
	labels := []int{2, 0, 2, 1}
	want = -(refLogSoftmax(logits[1])[0] + refLogSoftmax(logits[3])[1]) / 2
	call := fmt.Sprintf("CrossEntropyIgnore(%v, %v, 2)", logits, labels)
	unchanged := check.Keep(t, 3, call, logits, labels)
	got = check.Call(t, 3, call, func() float64 { return CrossEntropyIgnore(logits, labels, 2) })
	check.Float(t, 3, call, got, want, 1e-12)
	unchanged()

	// ignoreIndex 0: a row with another label is kept (here the only one, with a dominant logit last).
	got = check.Call(t, 3, "CrossEntropyIgnore([[0 1000]], [1], 0)", func() float64 { return CrossEntropyIgnore([][]float64{{0, 1000}}, []int{1}, 0) })
	check.Float(t, 3, "CrossEntropyIgnore([[0 1000]], [1], 0)", got, 0, 1e-12)
	got = check.Call(t, 3, "CrossEntropyIgnore([[0 1] [2 3]], [0 0], 0) (every row ignored)", func() float64 {
		return CrossEntropyIgnore([][]float64{{0, 1}, {2, 3}}, []int{0, 0}, 0)
	})
	check.Float(t, 3, "CrossEntropyIgnore([[0 1] [2 3]], [0 0], 0) (every row ignored)", got, math.NaN(), 0)
}
