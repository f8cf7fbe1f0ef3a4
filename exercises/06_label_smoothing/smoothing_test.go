package smoothing

import (
	"fmt"
	"math"
	"testing"

	"github.com/losscourse/losscourse/exercises/internal/check"
)

// refSmoothedCE computes −(1/N) Σᵢ Σ_c ỹ_ic log softmax(zᵢ)_c with ỹ = (1−ε)·onehot + ε/C.
func refSmoothedCE(logits [][]float64, labels []int, eps float64) float64 {
	s := 0.0
	for i, row := range logits {
		e := 0.0
		for _, v := range row {
			e += math.Exp(v)
		}
		c := float64(len(row))
		for k, v := range row {
			y := eps / c
			if k == labels[i] {
				y += 1 - eps
			}
			s -= y * (v - math.Log(e))
		}
	}
	return s / float64(len(logits))
}

// Task 1
func TestTask1SmoothLabels(t *testing.T) {
	tests := []struct {
		label, classes int
		eps            float64
		want           []float64
	}{
		{1, 4, 0.1, []float64{0.025, 0.925, 0.025, 0.025}},
		{0, 2, 0.2, []float64{0.9, 0.1}},
		{2, 3, 0, []float64{0, 0, 1}},
	}
	for _, tt := range tests {
		call := fmt.Sprintf("SmoothLabels(label=%d, numClasses=%d, eps=%v)", tt.label, tt.classes, tt.eps)
		got := check.Call(t, 1, call, func() []float64 { return SmoothLabels(tt.label, tt.classes, tt.eps) })
		check.Floats(t, 1, call, got, tt.want, 1e-12)
	}
}

// Task 2
func TestTask2SmoothedCrossEntropy(t *testing.T) {
	logits := [][]float64{{2, 1, 0.1}, {0.5, 2.5, -1}}
	labels := []int{0, 2}
	for _, eps := range []float64{0, 0.1, 0.3} {
		call := fmt.Sprintf("SmoothedCrossEntropy(%v, %v, eps=%v)", logits, labels, eps)
		got := check.Call(t, 2, call, func() float64 { return SmoothedCrossEntropy(logits, labels, eps) })
		check.Float(t, 2, call, got, refSmoothedCE(logits, labels, eps), 1e-12)
	}
	// Large logits, the largest in every position: −Σ ỹ_c (z_c − max) exactly.
	for _, tt := range []struct {
		logits [][]float64
		labels []int
		eps    float64
		want   float64
	}{
		{[][]float64{{1000, 0}}, []int{0}, 0.1, 0.05 * 1000},
		{[][]float64{{0, 1000}}, []int{0}, 0.1, 0.95 * 1000},
		{[][]float64{{0, 1000, 0}, {0, 0, 1000}}, []int{1, 2}, 0.3, (0.1*2000 + 0.1*2000) / 2},
	} {
		call := fmt.Sprintf("SmoothedCrossEntropy(%v, %v, eps=%v)", tt.logits, tt.labels, tt.eps)
		unchanged := check.Keep(t, 2, call, tt.logits, tt.labels)
		got := check.Call(t, 2, call, func() float64 { return SmoothedCrossEntropy(tt.logits, tt.labels, tt.eps) })
		check.Float(t, 2, call, got, tt.want, 1e-12)
		unchanged()
	}
}

// Task 3
func TestTask3SmoothedCrossEntropyGrad(t *testing.T) {
	logits := [][]float64{{2, 1, 0.1}, {0.5, 2.5, -1}}
	labels := []int{0, 2}
	eps := 0.2
	call := fmt.Sprintf("SmoothedCrossEntropyGrad(%v, %v, eps=%v)", logits, labels, eps)
	unchanged := check.Keep(t, 3, call, logits, labels)
	got := check.Call(t, 3, call, func() [][]float64 { return SmoothedCrossEntropyGrad(logits, labels, eps) })
	unchanged()
	loss := func(x []float64) float64 { return refSmoothedCE(check.Rows(x, 3), labels, eps) }
	check.Grad(t, 3, call, loss, check.Flat(logits), check.Flat(got), 1e-6)

	// Saturated: softmax is exactly one-hot, the gradient (softmax − ỹ)/N exact.
	big := [][]float64{{0, 1000}}
	call = "SmoothedCrossEntropyGrad([[0 1000]], [0], eps=0.1)"
	got = check.Call(t, 3, call, func() [][]float64 { return SmoothedCrossEntropyGrad(big, []int{0}, 0.1) })
	check.Matrix(t, 3, call, got, [][]float64{{-0.95, 0.95}}, 1e-12)
}
