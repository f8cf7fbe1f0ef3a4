package regression

// Hidden tests: compiled in by cmd/grade at grading time (as hidden_<file>); never in the learner's folder.

import (
	"testing"

	"github.com/losscourse/losscourse/exercises/internal/check"
)

var hidP, hidT = []float64{0, 2, -4}, []float64{1, 2, 0} // residuals −1, 0, −4

func TestHiddenTask1MSE(t *testing.T) {
	unchanged := check.Keep(t, 1, "MSE([0 2 -4], [1 2 0])", hidP, hidT)
	got := check.Call(t, 1, "MSE([0 2 -4], [1 2 0])", func() float64 { return MSE(hidP, hidT) })
	check.Float(t, 1, "MSE([0 2 -4], [1 2 0])", got, 17.0/3, 1e-12)
	unchanged()
}

func TestHiddenTask2MAE(t *testing.T) {
	unchanged := check.Keep(t, 2, "MAE([0 2 -4], [1 2 0])", hidP, hidT)
	defer unchanged()
	got := check.Call(t, 2, "MAE([0 2 -4], [1 2 0])", func() float64 { return MAE(hidP, hidT) })
	check.Float(t, 2, "MAE([0 2 -4], [1 2 0])", got, 5.0/3, 1e-12)
}

func TestHiddenTask3Huber(t *testing.T) {
	unchanged := check.Keep(t, 3, "Huber([0 2 -4], [1 2 0], 2)", hidP, hidT)
	defer unchanged()
	got := check.Call(t, 3, "Huber([0 2 -4], [1 2 0], 2)", func() float64 { return Huber(hidP, hidT, 2) })
	check.Float(t, 3, "Huber([0 2 -4], [1 2 0], 2)", got, (0.5+0+6)/3, 1e-12)
}

func TestHiddenTask4SmoothL1(t *testing.T) {
	unchanged := check.Keep(t, 4, "SmoothL1([0 2 -4], [1 2 0], 2)", hidP, hidT)
	defer unchanged()
	got := check.Call(t, 4, "SmoothL1([0 2 -4], [1 2 0], 2)", func() float64 { return SmoothL1(hidP, hidT, 2) })
	check.Float(t, 4, "SmoothL1([0 2 -4], [1 2 0], 2)", got, (0.25+0+3)/3, 1e-12)
}

func TestHiddenTask5HuberGrad(t *testing.T) {
	unchanged := check.Keep(t, 5, "HuberGrad([0 2 -4], [1 2 0], 2)", hidP, hidT)
	defer unchanged()
	got := check.Call(t, 5, "HuberGrad([0 2 -4], [1 2 0], 2)", func() []float64 { return HuberGrad(hidP, hidT, 2) })
	check.Floats(t, 5, "HuberGrad([0 2 -4], [1 2 0], 2)", got, []float64{-1.0 / 3, 0, -2.0 / 3}, 1e-12)
}
