package contrastive

// Hidden tests: added by cmd/grade at grading time (go test -overlay); not in the learner's folder.

import (
	"testing"

	"github.com/losscourse/losscourse/exercises/internal/check"
)

var hidX1, hidX2, hidY = [][]float64{{0, 1, 0}, {2, 2, 2}}, [][]float64{{0.5, 0.5, 0.1}, {1.5, 2.1, 2}}, []float64{0, 0}

func TestHiddenTask1ContrastiveLoss(t *testing.T) {
	got := check.Call(t, 1, "ContrastiveLoss(hidden, 1.5)", func() float64 { return ContrastiveLoss(hidX1, hidX2, hidY, 1.5) })
	check.Float(t, 1, "ContrastiveLoss(hidden, 1.5)", got, refContrastive(hidX1, hidX2, hidY, 1.5), 1e-12)
}

func TestHiddenTask2ContrastiveLossGrad(t *testing.T) {
	got := check.Call(t, 2, "ContrastiveLossGrad(hidden, 1.5)", func() [][]float64 { return ContrastiveLossGrad(hidX1, hidX2, hidY, 1.5) })
	check.Grad(t, 2, "ContrastiveLossGrad(hidden, 1.5)", func(x []float64) float64 { return refContrastive(check.Rows(x, 3), hidX2, hidY, 1.5) }, check.Flat(hidX1), check.Flat(got), 1e-6)
}
