package cegrad

import (
	"fmt"
	"math"
	"testing"

	"github.com/losscourse/losscourse/exercises/internal/check"
)

// refSoftTargetCE is the loss −(1/N) Σᵢ Σ_c t_ic log softmax(zᵢ)_c, computed stably.
func refSoftTargetCE(logits, targets [][]float64) float64 {
	s := 0.0
	for i, row := range logits {
		m := math.Inf(-1)
		for _, v := range row {
			m = math.Max(m, v)
		}
		e := 0.0
		for _, v := range row {
			e += math.Exp(v - m)
		}
		for c, v := range row {
			s -= targets[i][c] * (v - m - math.Log(e))
		}
	}
	return s / float64(len(logits))
}

func oneHot(labels []int, classes int) [][]float64 {
	out := make([][]float64, len(labels))
	for i, l := range labels {
		out[i] = make([]float64, classes)
		out[i][l] = 1
	}
	return out
}

// Task 1
func TestTask1Softmax(t *testing.T) {
	z := []float64{1, 2, 3}
	e := []float64{math.Exp(1), math.Exp(2), math.Exp(3)}
	s := e[0] + e[1] + e[2]
	call := fmt.Sprintf("Softmax(%v)", z)
	got := check.Call(t, 1, call, func() []float64 { return Softmax(z) })
	check.Floats(t, 1, call, got, []float64{e[0] / s, e[1] / s, e[2] / s}, 1e-12)

	// Large logits, the largest in every position of the row.
	for _, tt := range []struct{ z, want []float64 }{
		{[]float64{1000, 1000, -1000}, []float64{0.5, 0.5, 0}},
		{[]float64{-1000, 1000, 0}, []float64{0, 1, 0}},
		{[]float64{0, 3, 1000}, []float64{0, 0, 1}},
	} {
		call := fmt.Sprintf("Softmax(%v)", tt.z)
		unchanged := check.Keep(t, 1, call, tt.z)
		got := check.Call(t, 1, call, func() []float64 { return Softmax(tt.z) })
		check.Floats(t, 1, call, got, tt.want, 1e-12)
		unchanged()
	}
}

// Task 2
func TestTask2CrossEntropyGrad(t *testing.T) {
	logits := [][]float64{{2, 1, 0.1}, {0.5, 2.5, -1}, {1, 1, 3}}
	labels := []int{0, 2, 1}
	call := fmt.Sprintf("CrossEntropyGrad(%v, %v)", logits, labels)
	unchanged := check.Keep(t, 2, call, logits, labels)
	got := check.Call(t, 2, call, func() [][]float64 { return CrossEntropyGrad(logits, labels) })
	unchanged()
	loss := func(x []float64) float64 { return refSoftTargetCE(check.Rows(x, 3), oneHot(labels, 3)) }
	check.Grad(t, 2, call, loss, check.Flat(logits), check.Flat(got), 1e-6)

	// Saturated rows: softmax is exactly one-hot, the gradient (softmax − one-hot)/N exact.
	big := [][]float64{{0, 1000, 0}, {0, 0, 1000}}
	call = fmt.Sprintf("CrossEntropyGrad(%v, [1 0])", big)
	got = check.Call(t, 2, call, func() [][]float64 { return CrossEntropyGrad(big, []int{1, 0}) })
	check.Matrix(t, 2, call, got, [][]float64{{0, 0, 0}, {-0.5, 0, 0.5}}, 1e-12)
}

// Task 3
func TestTask3SoftTargetCrossEntropyGrad(t *testing.T) {
	logits := [][]float64{{2, 1, 0.1}, {0.5, 2.5, -1}}
	for _, targets := range [][][]float64{
		{{0.7, 0.2, 0.1}, {0, 0.5, 0.5}}, // distributions
		{{0.7, 0.2, 0}, {0.3, 0.5, 0.5}}, // rows that do not sum to 1
		{{0, 0, 0}, {0.2, 0, 0.3}},       // a row with no target mass (masked out): its gradient is 0
	} {
		call := fmt.Sprintf("SoftTargetCrossEntropyGrad(%v, %v)", logits, targets)
		unchanged := check.Keep(t, 3, call, logits, targets)
		got := check.Call(t, 3, call, func() [][]float64 { return SoftTargetCrossEntropyGrad(logits, targets) })
		unchanged()
		loss := func(x []float64) float64 { return refSoftTargetCE(check.Rows(x, 3), targets) }
		check.Grad(t, 3, call, loss, check.Flat(logits), check.Flat(got), 1e-6)
	}
}
