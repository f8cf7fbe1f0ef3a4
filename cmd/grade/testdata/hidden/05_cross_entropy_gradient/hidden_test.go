package cegrad

// Hidden tests: compiled in by cmd/grade at grading time (as hidden_<file>); never in the learner's folder.

import (
	"fmt"
	"testing"

	"github.com/losscourse/losscourse/exercises/internal/check"
)

func TestHiddenTask1Softmax(t *testing.T) {
	got := check.Call(t, 1, "Softmax([-1000 -1000])", func() []float64 { return Softmax([]float64{-1000, -1000}) })
	check.Floats(t, 1, "Softmax([-1000 -1000])", got, []float64{0.5, 0.5}, 1e-12)
	for _, tt := range []struct{ z, want []float64 }{
		{[]float64{900, -900}, []float64{1, 0}},
		{[]float64{-900, 900}, []float64{0, 1}},
		{[]float64{1, 1, 1, 800}, []float64{0, 0, 0, 1}},
		{[]float64{-2000, -1000, -2000}, []float64{0, 1, 0}},
	} {
		call := fmt.Sprintf("Softmax(%v)", tt.z)
		unchanged := check.Keep(t, 1, call, tt.z)
		got := check.Call(t, 1, call, func() []float64 { return Softmax(tt.z) })
		check.Floats(t, 1, call, got, tt.want, 1e-12)
		unchanged()
	}
}

func TestHiddenTask2CrossEntropyGrad(t *testing.T) {
	logits := [][]float64{{0.3, -2, 1, 0.5}}
	unchanged := check.Keep(t, 2, "CrossEntropyGrad([[0.3 -2 1 0.5]], [3])", logits)
	got := check.Call(t, 2, "CrossEntropyGrad([[0.3 -2 1 0.5]], [3])", func() [][]float64 { return CrossEntropyGrad(logits, []int{3}) })
	unchanged()
	loss := func(x []float64) float64 { return refSoftTargetCE(check.Rows(x, 4), oneHot([]int{3}, 4)) }
	check.Grad(t, 2, "CrossEntropyGrad([[0.3 -2 1 0.5]], [3])", loss, check.Flat(logits), check.Flat(got), 1e-6)
	big := [][]float64{{900, 0}, {0, 900}, {-900, 0}}
	got = check.Call(t, 2, "CrossEntropyGrad([[900 0] [0 900] [-900 0]], [1 1 1])", func() [][]float64 { return CrossEntropyGrad(big, []int{1, 1, 1}) })
	check.Matrix(t, 2, "CrossEntropyGrad([[900 0] [0 900] [-900 0]], [1 1 1])", got, [][]float64{{1.0 / 3, -1.0 / 3}, {0, 0}, {0, 0}}, 1e-12)
}

func TestHiddenTask3SoftTargetCrossEntropyGrad(t *testing.T) {
	logits := [][]float64{{0.3, -2, 1}, {1, 1, 1}}
	targets := [][]float64{{0, 0, 0.4}, {1, 1, 0}}
	unchanged := check.Keep(t, 3, "SoftTargetCrossEntropyGrad(hidden)", logits, targets)
	got := check.Call(t, 3, "SoftTargetCrossEntropyGrad(hidden)", func() [][]float64 { return SoftTargetCrossEntropyGrad(logits, targets) })
	unchanged()
	loss := func(x []float64) float64 { return refSoftTargetCE(check.Rows(x, 3), targets) }
	check.Grad(t, 3, "SoftTargetCrossEntropyGrad(hidden)", loss, check.Flat(logits), check.Flat(got), 1e-6)

	// Rows with no target mass, one with a saturated logit: zero gradient, never NaN.
	logits = [][]float64{{0, 1000, 0}, {2, -1, 0.5}, {1000, 0, 0}}
	targets = [][]float64{{0, 0, 0}, {0, 0, 0}, {0, 0.5, 0.5}}
	got = check.Call(t, 3, "SoftTargetCrossEntropyGrad(rows without mass)", func() [][]float64 { return SoftTargetCrossEntropyGrad(logits, targets) })
	check.Matrix(t, 3, "SoftTargetCrossEntropyGrad(rows without mass)", got, [][]float64{{0, 0, 0}, {0, 0, 0}, {1.0 / 3, -0.5 / 3, -0.5 / 3}}, 1e-12)
}
