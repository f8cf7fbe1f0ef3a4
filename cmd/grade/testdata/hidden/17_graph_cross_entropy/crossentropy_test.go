package graphce

// Hidden tests: added by cmd/grade at grading time (go test -overlay); not in the learner's folder.
// Self-contained: they use only exercises/internal and pkg/, no helper of the visible tests.

import (
	"math"
	"testing"

	"github.com/gomlx/compute/dtypes"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/losscourse/losscourse/exercises/internal/check"
	"github.com/losscourse/losscourse/exercises/internal/gx"
	"github.com/losscourse/losscourse/pkg/losses"
)

// Rank 3, soft targets, extreme logits in float32: compared with pkg/losses in float64.
func TestHiddenTask1BCEWithLogits(t *testing.T) {
	z := []float64{1e4, -1e4, 2, -3, 5000, -5000, 0.25, -0.75}
	y := []float64{0.2, 0.9, 0, 1, 1, 0, 0.5, 0.1}
	mine := func(xs []*Node) *Node { return BCEWithLogits(xs[0], xs[1]) }
	lib := func(xs []*Node) *Node { return losses.BinaryCrossEntropyWithLogits(xs[0], xs[1]) }
	call := "BCEWithLogits(logits=[1e4 -1e4 2 -3 5000 -5000 0.25 -0.75] as [2,2,2], soft targets) float32"
	got, g := gx.ValueGrad(t, 1, call, mine, []int{0}, gx.Tensor(dtypes.Float32, z, 2, 2, 2), gx.Tensor(dtypes.Float32, y, 2, 2, 2))
	want, wg := gx.ValueGrad(t, 1, "losses.BinaryCrossEntropyWithLogits", lib, []int{0}, gx.Tensor(dtypes.Float64, z, 2, 2, 2), gx.Tensor(dtypes.Float64, y, 2, 2, 2))
	check.Float(t, 1, call, got, want, 1e-6)
	check.Floats(t, 1, call+": gradient", g[0], wg[0], 1e-6)
}

// Rank 3; every row holds −1e4 or 1e4 in every position.
func TestHiddenTask2LogSumExp(t *testing.T) {
	x := []float64{
		-1e4, -1e4, -1e4, // log 3 − 1e4
		1e4, 0, -1e4,
		0, 1e4, 0,
		-1e4, 0, 1e4,
	}
	call := "LogSumExp(x as [2,2,3] with ±1e4 in every position) float32"
	got := gx.Value(t, 2, call, func(xs []*Node) *Node { return LogSumExp(xs[0]) }, []int{2, 2}, gx.Tensor(dtypes.Float32, x, 2, 2, 3))
	check.Floats(t, 2, call, got, []float64{-1e4 + math.Log(3), 1e4, 1e4, 1e4}, 1e-6)
	_, g := gx.ValueGrad(t, 2, call+": gradient", func(xs []*Node) *Node { return ReduceAllSum(LogSumExp(xs[0])) }, []int{0}, gx.Tensor(dtypes.Float32, x, 2, 2, 3))
	third := 1.0 / 3
	check.Floats(t, 2, call+": gradient", g[0], []float64{third, third, third, 1, 0, 0, 0, 1, 0, 0, 0, 1}, 1e-6)
}

// Leading axes [2,3], equal large logits, and pkg/losses in float64 as the reference.
func TestHiddenTask3SoftmaxCrossEntropy(t *testing.T) {
	z := []float64{
		1e4, 1e4, 1e4, 1e4,
		-1e4, 3, 1e4, 2,
		0.5, -0.5, 1, 2,
		1e4, -1e4, 0, 0,
		-3, -1e4, 1e4, 1e4,
		0, 0, 0, 0,
	}
	labels := []int{1, 3, 0, 0, 3, 2}
	mine := func(xs []*Node) *Node { return SoftmaxCrossEntropy(xs[0], xs[1]) }
	lib := func(xs []*Node) *Node { return losses.SoftmaxCrossEntropy(xs[0], xs[1]) }
	call := "SoftmaxCrossEntropy(logits [2,3,4] with ±1e4, labels [2,3]) float32"
	got, g := gx.ValueGrad(t, 3, call, mine, []int{0}, gx.Tensor(dtypes.Float32, z, 2, 3, 4), gx.Int32s(labels, 2, 3))
	want, wg := gx.ValueGrad(t, 3, "losses.SoftmaxCrossEntropy", lib, []int{0}, gx.Tensor(dtypes.Float64, z, 2, 3, 4), gx.Int32s(labels, 2, 3))
	check.Float(t, 3, call, got, want, 1e-6)
	check.Floats(t, 3, call+": gradient", g[0], wg[0], 1e-6)
}
