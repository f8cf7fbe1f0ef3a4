package crossentropy

// Hidden tests: added by cmd/grade at grading time (go test -overlay); not in the learner's folder.

import (
	"math"
	"testing"

	"github.com/losscourse/losscourse/exercises/internal/check"
)

func TestHiddenTask1LogSoftmax(t *testing.T) {
	got := check.Call(t, 1, "LogSoftmax([-1000 -1000])", func() []float64 { return LogSoftmax([]float64{-1000, -1000}) })
	check.Floats(t, 1, "LogSoftmax([-1000 -1000])", got, []float64{-math.Ln2, -math.Ln2}, 1e-12)
}

func TestHiddenTask2CrossEntropy(t *testing.T) {
	logits := [][]float64{{0.1, 0.2, 0.3, 0.4}}
	got := check.Call(t, 2, "CrossEntropy([[0.1 0.2 0.3 0.4]], [3])", func() float64 { return CrossEntropy(logits, []int{3}) })
	check.Float(t, 2, "CrossEntropy([[0.1 0.2 0.3 0.4]], [3])", got, -refLogSoftmax(logits[0])[3], 1e-12)
}

func TestHiddenTask3CrossEntropyIgnore(t *testing.T) {
	logits := [][]float64{{1, 2}, {3, 1}, {0, 0}}
	want := -(refLogSoftmax(logits[0])[1] + refLogSoftmax(logits[2])[0]) / 2
	got := check.Call(t, 3, "CrossEntropyIgnore([[1 2] [3 1] [0 0]], [1 7 0], 7)", func() float64 { return CrossEntropyIgnore(logits, []int{1, 7, 0}, 7) })
	check.Float(t, 3, "CrossEntropyIgnore([[1 2] [3 1] [0 0]], [1 7 0], 7)", got, want, 1e-12)
}
