package mle

// Hidden tests: added by cmd/grade at grading time (go test -overlay); not in the learner's folder.
// Self-contained: they use only exercises/internal and pkg/, no helper of the visible tests.

import (
	"math"
	"slices"
	"testing"

	"github.com/losscourse/losscourse/exercises/internal/check"
)

func TestHiddenTask1MSEGrad(t *testing.T) {
	got := check.Call(t, 1, "MSEGrad([5], [2])", func() []float64 { return MSEGrad([]float64{5}, []float64{2}) })
	check.Floats(t, 1, "MSEGrad([5], [2])", got, []float64{6}, 1e-12)
	p := []float64{1, 1}
	got = check.Call(t, 1, "MSEGrad(p, p)", func() []float64 { return MSEGrad(p, []float64{1, 1}) })
	got[0] = 42
	if p[0] != 1 {
		t.Errorf("Task 1: MSEGrad returned its input slice pred: return a new slice")
	}
}

func TestHiddenTask2MAEGrad(t *testing.T) {
	p, y := []float64{-3, 0, 7, 2, 2, 10}, []float64{-1, 0, 1, 2.5, 1.5, 10}
	got := check.Call(t, 2, "MAEGrad([-3 0 7 2 2 10], [-1 0 1 2.5 1.5 10])", func() []float64 { return MAEGrad(p, y) })
	check.Floats(t, 2, "MAEGrad([-3 0 7 2 2 10], [-1 0 1 2.5 1.5 10])", got, []float64{-1.0 / 6, 0, 1.0 / 6, -1.0 / 6, 1.0 / 6, 0}, 1e-12)
}

func TestHiddenTask3CategoricalMLE(t *testing.T) {
	got := check.Call(t, 3, "CategoricalMLE([4 4 4], 6)", func() []float64 { return CategoricalMLE([]int{4, 4, 4}, 6) })
	check.Floats(t, 3, "CategoricalMLE([4 4 4], 6)", got, []float64{0, 0, 0, 0, 1, 0}, 1e-12)
}

func TestHiddenTask4LaplaceMLE(t *testing.T) {
	y := []float64{-2.5, 7, 0.5, -1, 3, 100, -4}
	keep := slices.Clone(y)
	var loc, scale float64
	check.Call(t, 4, "LaplaceMLE([-2.5 7 0.5 -1 3 100 -4])", func() bool { loc, scale = LaplaceMLE(y); return true })
	if !slices.Equal(y, keep) {
		t.Errorf("Task 4: LaplaceMLE modified its input: was %v, now %v; sort a copy", keep, y)
	}
	nll := func(m, b float64) float64 {
		s := 0.0
		for _, v := range keep {
			s += math.Log(2*b) + math.Abs(v-m)/b
		}
		return s
	}
	check.Float(t, 4, "LaplaceMLE([-2.5 7 0.5 -1 3 100 -4]) location", loc, 0.5, 1e-12)
	for _, d := range [][2]float64{{0.1, 0}, {-0.1, 0}, {0, 0.05}, {0, -0.05}} {
		if nll(loc+d[0], scale*(1+d[1])) < nll(loc, scale) {
			t.Errorf("Task 4: LaplaceMLE(...) = (%v, %v) is not the NLL minimum: (%v, %v) does better", loc, scale, loc+d[0], scale*(1+d[1]))
		}
	}
	var l1, s1 float64
	check.Call(t, 4, "LaplaceMLE([3])", func() bool { l1, s1 = LaplaceMLE([]float64{3}); return true })
	check.Float(t, 4, "LaplaceMLE([3]) location", l1, 3, 1e-12)
	check.Float(t, 4, "LaplaceMLE([3]) scale", s1, 0, 1e-12)
}
