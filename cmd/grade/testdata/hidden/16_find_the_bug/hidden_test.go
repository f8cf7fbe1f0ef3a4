package findbug

// Hidden tests: compiled in by cmd/grade at grading time (as hidden_<file>); never in the learner's folder.

import (
	"fmt"
	"math"
	"testing"

	"github.com/losscourse/losscourse/exercises/internal/check"
)

func TestHiddenTask1LogSumExp(t *testing.T) {
	got := check.Call(t, 1, "LogSumExp([-1000 -1000])", func() float64 { return LogSumExp([]float64{-1000, -1000}) })
	check.Float(t, 1, "LogSumExp([-1000 -1000])", got, -1000+math.Ln2, 1e-12)
	for _, z := range [][]float64{{800, -800}, {-800, 800}, {1, 1, 1, 900}} {
		call := fmt.Sprintf("LogSumExp(%v)", z)
		got := check.Call(t, 1, call, func() float64 { return LogSumExp(z) })
		want := 800.0
		if len(z) == 4 {
			want = 900
		}
		check.Float(t, 1, call, got, want, 1e-12)
	}
}

func TestHiddenTask2CrossEntropy(t *testing.T) {
	logits := [][]float64{{1, 2}, {3, -1}, {0.5, 0.5}}
	got := check.Call(t, 2, "CrossEntropy(3×2 hidden)", func() float64 { return CrossEntropy(logits, []int{1, 1, 0}) })
	check.Float(t, 2, "CrossEntropy(3×2 hidden)", got, refCE(logits, []int{1, 1, 0}), 1e-12)
	big := [][]float64{{0, 0, 900}, {900, 0, 0}}
	got = check.Call(t, 2, "CrossEntropy([[0 0 900] [900 0 0]], [0 0])", func() float64 { return CrossEntropy(big, []int{0, 0}) })
	check.Float(t, 2, "CrossEntropy([[0 0 900] [900 0 0]], [0 0])", got, 450, 1e-12)
}

func TestHiddenTask3CrossEntropyGrad(t *testing.T) {
	logits := [][]float64{{1, 2, 0, -1}}
	unchanged := check.Keep(t, 3, "CrossEntropyGrad([[1 2 0 -1]], [2])", logits)
	got := check.Call(t, 3, "CrossEntropyGrad([[1 2 0 -1]], [2])", func() [][]float64 { return CrossEntropyGrad(logits, []int{2}) })
	unchanged()
	check.Grad(t, 3, "CrossEntropyGrad([[1 2 0 -1]], [2])", func(x []float64) float64 { return refCE(check.Rows(x, 4), []int{2}) }, check.Flat(logits), check.Flat(got), 1e-6)
	big := [][]float64{{0, 900}, {900, 0}}
	got = check.Call(t, 3, "CrossEntropyGrad([[0 900] [900 0]], [0 0])", func() [][]float64 { return CrossEntropyGrad(big, []int{0, 0}) })
	check.Matrix(t, 3, "CrossEntropyGrad([[0 900] [900 0]], [0 0])", got, [][]float64{{-0.5, 0.5}, {0, 0}}, 1e-12)
}
