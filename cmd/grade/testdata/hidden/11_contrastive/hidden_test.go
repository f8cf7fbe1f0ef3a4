package contrastive

// Hidden tests: compiled in by cmd/grade at grading time (as hidden_<file>); never in the learner's folder.

import (
	"testing"

	"github.com/losscourse/losscourse/exercises/internal/check"
)

var hidX1, hidX2, hidY = [][]float64{{0, 1, 0}, {2, 2, 2}}, [][]float64{{0.5, 0.5, 0.1}, {1.5, 2.1, 2}}, []float64{0, 0}

func TestHiddenTask1ContrastiveLoss(t *testing.T) {
	unchanged := check.Keep(t, 1, "ContrastiveLoss(hidden, 1.5)", hidX1, hidX2, hidY)
	got := check.Call(t, 1, "ContrastiveLoss(hidden, 1.5)", func() float64 { return ContrastiveLoss(hidX1, hidX2, hidY, 1.5) })
	check.Float(t, 1, "ContrastiveLoss(hidden, 1.5)", got, refContrastive(hidX1, hidX2, hidY, 1.5), 1e-12)
	unchanged()
	// A dissimilar pair far beyond the margin next to one inside it (d = 0.5: (1 − 0.5)² = 0.25).
	x1, x2 := [][]float64{{0, 0, 0}, {1, 0, 0}}, [][]float64{{2, 3, 6}, {1, 0.5, 0}}
	got = check.Call(t, 1, "ContrastiveLoss(beyond and inside the margin, 1)", func() float64 { return ContrastiveLoss(x1, x2, []float64{0, 0}, 1) })
	check.Float(t, 1, "ContrastiveLoss(beyond and inside the margin, 1)", got, 0.25/2, 1e-12)
}

func TestHiddenTask2ContrastiveLossGrad(t *testing.T) {
	unchanged := check.Keep(t, 2, "ContrastiveLossGrad(hidden, 1.5)", hidX1, hidX2, hidY)
	got := check.Call(t, 2, "ContrastiveLossGrad(hidden, 1.5)", func() [][]float64 { return ContrastiveLossGrad(hidX1, hidX2, hidY, 1.5) })
	unchanged()
	check.Grad(t, 2, "ContrastiveLossGrad(hidden, 1.5)", func(x []float64) float64 { return refContrastive(check.Rows(x, 3), hidX2, hidY, 1.5) }, check.Flat(hidX1), check.Flat(got), 1e-6)
	x1, x2 := [][]float64{{0, 0, 0}, {1, 0, 0}}, [][]float64{{2, 3, 6}, {1, 0.5, 0}}
	got = check.Call(t, 2, "ContrastiveLossGrad(beyond and inside the margin, 1)", func() [][]float64 {
		return ContrastiveLossGrad(x1, x2, []float64{0, 0}, 1)
	})
	// inside: −2(m − d)/d·(x1 − x2)/N = −2·0.5/0.5·(0, −0.5, 0)/2 = (0, 0.5, 0)
	check.Matrix(t, 2, "ContrastiveLossGrad(beyond and inside the margin, 1)", got, [][]float64{{0, 0, 0}, {0, 0.5, 0}}, 1e-12)
}
