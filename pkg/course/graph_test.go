package course

import (
	"math"
	"strings"
	"testing"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
)

func TestFloats(t *testing.T) {
	tests := []struct {
		name string
		t    *tensors.Tensor
		want []float64
	}{
		{"float32", tensors.FromValue([][]float32{{1, 2}, {3, 4}}), []float64{1, 2, 3, 4}},
		{"float64", tensors.FromValue([]float64{0.5, -1}), []float64{0.5, -1}},
		{"int32", tensors.FromValue([]int32{7, -7}), []float64{7, -7}},
		{"int64", tensors.FromValue([]int64{9}), []float64{9}},
	}
	for _, tc := range tests {
		got := Floats(tc.t)
		if MaxAbsDiff(got, tc.want) != 0 {
			t.Errorf("%s: Floats = %v, want %v", tc.name, got, tc.want)
		}
	}
	if got := Scalar(tensors.FromValue(float32(2.5))); got != 2.5 {
		t.Errorf("Scalar = %g, want 2.5", got)
	}
}

func TestMatrixAndTensor32(t *testing.T) {
	m := Matrix([]float64{1, 2, 3, 4, 5, 6}, 3)
	if len(m) != 2 || m[1][0] != 4 {
		t.Errorf("Matrix = %v, want [[1 2 3] [4 5 6]]", m)
	}
	x := Tensor32(m)
	if dims := x.Shape().Dimensions; len(dims) != 2 || dims[0] != 2 || dims[1] != 3 {
		t.Errorf("Tensor32 shape %v, want [2 3]", dims)
	}
}

func TestValueGrad(t *testing.T) {
	b := Backend()
	// f(x, y) = Σ (x − y)², ∂f/∂x = 2(x − y).
	x, y := []float64{1, 2, 3}, []float64{0, 2, 5}
	v, g, err := ValueGrad(b, func(x *graph.Node, rest []*graph.Node) *graph.Node {
		return graph.Square(graph.Sub(x, rest[0]))
	}, x, y)
	if err != nil {
		t.Fatal(err)
	}
	if v != 5 {
		t.Errorf("value = %g, want 1 + 0 + 4 = 5", v)
	}
	if want := []float64{2, 0, -4}; MaxAbsDiff(g, want) != 0 {
		t.Errorf("gradient = %v, want %v", g, want)
	}
}

func TestGradientDescentFindsTheMean(t *testing.T) {
	b := Backend()
	data := []float64{1, 2, 6}
	theta, hist, err := GradientDescent(b, func(theta, d *graph.Node) *graph.Node {
		diff := graph.Sub(Param(theta, 0, d), d)
		return graph.ReduceAllMean(graph.Square(diff))
	}, []float64{0}, data, GDOptions{LearningRate: 0.2, Steps: 200})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(theta[0]-3) > 1e-9 {
		t.Errorf("θ = %g, want the mean 3", theta[0])
	}
	if len(hist) != 200 || hist[len(hist)-1] >= hist[0] {
		t.Errorf("history: %d values, %g → %g; want 200 values, decreasing", len(hist), hist[0], hist[len(hist)-1])
	}
	_, _, err = GradientDescent(b, nil, []float64{0}, data, GDOptions{})
	if err == nil || !strings.Contains(err.Error(), "LearningRate") {
		t.Errorf("zero options: err = %v, want an error naming LearningRate", err)
	}
	_, _, err = GradientDescent(b, func(theta, d *graph.Node) *graph.Node {
		return graph.ReduceAllSum(graph.Exp(graph.MulScalar(Param(theta, 0, d), 1000)))
	}, []float64{1}, data, GDOptions{LearningRate: 1, Steps: 3})
	if err == nil {
		t.Error("an exploding loss gave no error; want one that says the loss is NaN or infinite")
	}
}

func TestGradPanicsOnError(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Grad of a graph that cannot be built (shapes [2] + [3]) did not panic")
		}
	}()
	Grad(func(x *graph.Node, r []*graph.Node) *graph.Node { return graph.Add(x, r[0]) }, []float64{1, 2}, []float64{1, 2, 3})
}
