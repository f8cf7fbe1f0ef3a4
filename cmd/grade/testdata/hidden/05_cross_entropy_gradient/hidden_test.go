package cegrad

// Hidden tests: added by cmd/grade at grading time (go test -overlay); not in the learner's folder.

import (
	"testing"

	"github.com/losscourse/losscourse/exercises/internal/check"
)

func TestHiddenTask1Softmax(t *testing.T) {
	got := check.Call(t, 1, "Softmax([-1000 -1000])", func() []float64 { return Softmax([]float64{-1000, -1000}) })
	check.Floats(t, 1, "Softmax([-1000 -1000])", got, []float64{0.5, 0.5}, 1e-12)
}

func TestHiddenTask2CrossEntropyGrad(t *testing.T) {
	logits := [][]float64{{0.3, -2, 1, 0.5}}
	got := check.Call(t, 2, "CrossEntropyGrad([[0.3 -2 1 0.5]], [3])", func() [][]float64 { return CrossEntropyGrad(logits, []int{3}) })
	loss := func(x []float64) float64 { return refSoftTargetCE(check.Rows(x, 4), oneHot([]int{3}, 4)) }
	check.Grad(t, 2, "CrossEntropyGrad([[0.3 -2 1 0.5]], [3])", loss, check.Flat(logits), check.Flat(got), 1e-6)
}

func TestHiddenTask3SoftTargetCrossEntropyGrad(t *testing.T) {
	logits := [][]float64{{0.3, -2, 1}, {1, 1, 1}}
	targets := [][]float64{{0, 0, 0.4}, {1, 1, 0}}
	got := check.Call(t, 3, "SoftTargetCrossEntropyGrad(hidden)", func() [][]float64 { return SoftTargetCrossEntropyGrad(logits, targets) })
	loss := func(x []float64) float64 { return refSoftTargetCE(check.Rows(x, 3), targets) }
	check.Grad(t, 3, "SoftTargetCrossEntropyGrad(hidden)", loss, check.Flat(logits), check.Flat(got), 1e-6)
}
