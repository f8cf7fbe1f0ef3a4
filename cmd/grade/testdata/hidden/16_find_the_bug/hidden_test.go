package findbug

// Hidden tests: added by cmd/grade at grading time (go test -overlay); not in the learner's folder.

import (
	"math"
	"testing"

	"github.com/losscourse/losscourse/exercises/internal/check"
)

func TestHiddenTask1LogSumExp(t *testing.T) {
	got := check.Call(t, 1, "LogSumExp([-1000 -1000])", func() float64 { return LogSumExp([]float64{-1000, -1000}) })
	check.Float(t, 1, "LogSumExp([-1000 -1000])", got, -1000+math.Ln2, 1e-12)
}

func TestHiddenTask2CrossEntropy(t *testing.T) {
	logits := [][]float64{{1, 2}, {3, -1}, {0.5, 0.5}}
	got := check.Call(t, 2, "CrossEntropy(3×2 hidden)", func() float64 { return CrossEntropy(logits, []int{1, 1, 0}) })
	check.Float(t, 2, "CrossEntropy(3×2 hidden)", got, refCE(logits, []int{1, 1, 0}), 1e-12)
}

func TestHiddenTask3CrossEntropyGrad(t *testing.T) {
	logits := [][]float64{{1, 2, 0, -1}}
	got := check.Call(t, 3, "CrossEntropyGrad([[1 2 0 -1]], [2])", func() [][]float64 { return CrossEntropyGrad(logits, []int{2}) })
	check.Grad(t, 3, "CrossEntropyGrad([[1 2 0 -1]], [2])", func(x []float64) float64 { return refCE(check.Rows(x, 4), []int{2}) }, check.Flat(logits), check.Flat(got), 1e-6)
}
