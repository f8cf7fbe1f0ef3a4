package contrastive

import (
	"fmt"
	"math"
	"testing"

	"github.com/losscourse/losscourse/exercises/internal/check"
)

func refContrastive(x1, x2 [][]float64, y []float64, m float64) float64 {
	s := 0.0
	for i := range x1 {
		d := 0.0
		for k := range x1[i] {
			d += (x1[i][k] - x2[i][k]) * (x1[i][k] - x2[i][k])
		}
		d = math.Sqrt(d)
		h := math.Max(0, m-d)
		s += y[i]*d*d + (1-y[i])*h*h
	}
	return s / float64(len(x1))
}

var (
	exX1  = [][]float64{{0, 0}, {1, 2}, {0.5, 0.5}, {3, 3}}
	exX2  = [][]float64{{0.3, 0.4}, {1.5, 2.5}, {0.8, 0.1}, {0, -1}}
	exSim = []float64{1, 0, 0, 1}
)

// Task 1
func TestTask1ContrastiveLoss(t *testing.T) {
	for _, m := range []float64{1, 2} {
		call := fmt.Sprintf("ContrastiveLoss(x1=%v, x2=%v, similar=%v, margin=%v)", exX1, exX2, exSim, m)
		unchanged := check.Keep(t, 1, call, exX1, exX2, exSim)
		got := check.Call(t, 1, call, func() float64 { return ContrastiveLoss(exX1, exX2, exSim, m) })
		check.Float(t, 1, call, got, refContrastive(exX1, exX2, exSim, m), 1e-12)
		unchanged()
	}
	// Dissimilar pairs beyond the margin (d = 5) and exactly at it (d = 2) cost nothing; a similar
	// pair at d = 5 costs d² = 25.
	x1 := [][]float64{{0, 0}, {0, 0}, {1, 1}}
	x2 := [][]float64{{3, 4}, {0, 2}, {4, 5}}
	call := fmt.Sprintf("ContrastiveLoss(x1=%v, x2=%v, similar=[0 0 1], margin=2)", x1, x2)
	got := check.Call(t, 1, call, func() float64 { return ContrastiveLoss(x1, x2, []float64{0, 0, 1}, 2) })
	check.Float(t, 1, call, got, 25.0/3, 1e-12)
}

// Task 2
func TestTask2ContrastiveLossGrad(t *testing.T) {
	m := 1.0
	call := fmt.Sprintf("ContrastiveLossGrad(x1=%v, x2=%v, similar=%v, margin=%v)", exX1, exX2, exSim, m)
	unchanged := check.Keep(t, 2, call, exX1, exX2, exSim)
	got := check.Call(t, 2, call, func() [][]float64 { return ContrastiveLossGrad(exX1, exX2, exSim, m) })
	unchanged()
	check.Grad(t, 2, call, func(x []float64) float64 { return refContrastive(check.Rows(x, 2), exX2, exSim, m) }, check.Flat(exX1), check.Flat(got), 1e-6)

	x := [][]float64{{1, 1}}
	call = "ContrastiveLossGrad(x1=[[1 1]], x2=[[1 1]], similar=[0], margin=1) (identical dissimilar pair)"
	got = check.Call(t, 2, call, func() [][]float64 { return ContrastiveLossGrad(x, x, []float64{0}, 1) })
	check.Matrix(t, 2, call, got, [][]float64{{0, 0}}, 0)

	// Beyond the margin and exactly at it: no push; the similar pair is pulled with 2(x1 − x2)/N.
	x1 := [][]float64{{0, 0}, {0, 0}, {1, 1}}
	x2 := [][]float64{{3, 4}, {0, 2}, {4, 5}}
	call = fmt.Sprintf("ContrastiveLossGrad(x1=%v, x2=%v, similar=[0 0 1], margin=2)", x1, x2)
	got = check.Call(t, 2, call, func() [][]float64 { return ContrastiveLossGrad(x1, x2, []float64{0, 0, 1}, 2) })
	check.Matrix(t, 2, call, got, [][]float64{{0, 0}, {0, 0}, {-2.0, -8.0 / 3}}, 1e-12)
}
