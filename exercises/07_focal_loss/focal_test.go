package focal

import (
	"fmt"
	"math"
	"testing"

	"github.com/losscourse/losscourse/exercises/internal/check"
)

// refSigmoidFocal is the textbook formula through σ(z) (fine for moderate logits).
func refSigmoidFocal(z, y []float64, alpha, gamma float64) float64 {
	s := 0.0
	for i := range z {
		p := 1 / (1 + math.Exp(-z[i]))
		pt, at := p, alpha
		if y[i] == 0 {
			pt, at = 1-p, 1-alpha
		}
		s += -at * math.Pow(1-pt, gamma) * math.Log(pt)
	}
	return s / float64(len(z))
}

var (
	exZ = []float64{-2, -0.4, 0.3, 1.5, 3}
	exY = []float64{0, 1, 0, 1, 1}
)

// Task 1
func TestTask1SigmoidFocal(t *testing.T) {
	for _, p := range [][2]float64{{0.25, 2}, {0.5, 0}, {0.9, 1}} {
		call := fmt.Sprintf("SigmoidFocal(z=%v, y=%v, alpha=%v, gamma=%v)", exZ, exY, p[0], p[1])
		unchanged := check.Keep(t, 1, call, exZ, exY)
		got := check.Call(t, 1, call, func() float64 { return SigmoidFocal(exZ, exY, p[0], p[1]) })
		check.Float(t, 1, call, got, refSigmoidFocal(exZ, exY, p[0], p[1]), 1e-12)
		unchanged()
	}
	// A confidently wrong prediction: p_t = σ(−800) underflows to 0, the loss is α·800.
	call := "SigmoidFocal(z=[-800], y=[1], alpha=0.25, gamma=2)"
	got := check.Call(t, 1, call, func() float64 { return SigmoidFocal([]float64{-800}, []float64{1}, 0.25, 2) })
	check.Float(t, 1, call, got, 200, 1e-12)
}

// Task 2
func TestTask2SoftmaxFocal(t *testing.T) {
	logits := [][]float64{{2, 1, 0.1}, {0.5, 2.5, -1}, {1, 1, 3}}
	labels := []int{0, 2, 2}
	want := 0.0
	for i, row := range logits {
		e := math.Exp(row[0]) + math.Exp(row[1]) + math.Exp(row[2])
		pt := math.Exp(row[labels[i]]) / e
		want += -0.5 * (1 - pt) * (1 - pt) * math.Log(pt)
	}
	want /= 3
	call := fmt.Sprintf("SoftmaxFocal(%v, %v, alpha=0.5, gamma=2)", logits, labels)
	got := check.Call(t, 2, call, func() float64 { return SoftmaxFocal(logits, labels, 0.5, 2) })
	check.Float(t, 2, call, got, want, 1e-12)

	// A dominant logit in every position: p_t is exactly 0 or 1.
	big := [][]float64{{0, 1000}, {1000, 0, 0}, {0, 0, 1000}, {0, 1000, 0}}
	labels = []int{0, 2, 2, 0}
	call = fmt.Sprintf("SoftmaxFocal(%v, %v, alpha=0.5, gamma=2)", big, labels)
	unchanged := check.Keep(t, 2, call, big, labels)
	got = check.Call(t, 2, call, func() float64 { return SoftmaxFocal(big, labels, 0.5, 2) })
	check.Float(t, 2, call, got, 0.5*(1000+1000+0+1000)/4, 1e-12)
	unchanged()
}

// Task 3
func TestTask3SigmoidFocalGrad(t *testing.T) {
	for _, p := range [][2]float64{{0.25, 2}, {0.5, 0}, {0.75, 1.5}} {
		call := fmt.Sprintf("SigmoidFocalGrad(z=%v, y=%v, alpha=%v, gamma=%v)", exZ, exY, p[0], p[1])
		unchanged := check.Keep(t, 3, call, exZ, exY)
		got := check.Call(t, 3, call, func() []float64 { return SigmoidFocalGrad(exZ, exY, p[0], p[1]) })
		unchanged()
		check.Grad(t, 3, call, func(z []float64) float64 { return refSigmoidFocal(z, exY, p[0], p[1]) }, exZ, got, 1e-6)
	}
	// Saturated logits, both labels, right and wrong: p_t is exactly 0 or 1 and log p_t = −softplus(−s·z)
	// is finite (−800); through log σ(z) it is −Inf and γ·p_t·log p_t = 0·(−Inf) = NaN.
	z, y := []float64{-800, 800, 800, -800}, []float64{1, 0, 1, 0}
	for _, gamma := range []float64{2, 0} {
		call := fmt.Sprintf("SigmoidFocalGrad(z=%v, y=%v, alpha=0.25, gamma=%v)", z, y, gamma)
		got := check.Call(t, 3, call, func() []float64 { return SigmoidFocalGrad(z, y, 0.25, gamma) })
		check.Floats(t, 3, call, got, []float64{-0.25 / 4, 0.75 / 4, 0, 0}, 1e-12)
	}
}
