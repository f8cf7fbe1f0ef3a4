package ntxent

// Hidden tests: added by cmd/grade at grading time (go test -overlay); not in the learner's folder.
// Self-contained: they use only exercises/internal and pkg/, no helper of the visible tests.

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gomlx/compute/dtypes"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/losscourse/losscourse/exercises/internal/check"
	"github.com/losscourse/losscourse/exercises/internal/gx"
	"github.com/losscourse/losscourse/pkg/losses"
)

func hiddenGauss(seed uint64, n int) []float64 {
	r := rand.New(rand.NewPCG(seed, 2020))
	v := make([]float64, n)
	for i := range v {
		v[i] = r.NormFloat64()
	}
	return v
}

func TestHiddenTask1Normalize(t *testing.T) {
	z := []float64{0, 0, 1e-3, 0, -2, 2}
	call := "Normalize(z=[0 0 1e-3 0 -2 2] as [3,2]) float64"
	got := gx.Value(t, 1, call, func(xs []*Node) *Node { return Normalize(xs[0]) }, []int{3, 2}, gx.Tensor(dtypes.Float64, z, 3, 2))
	check.Floats(t, 1, call, got, []float64{0, 0, 1, 0, -math.Sqrt2 / 2, math.Sqrt2 / 2}, 1e-12)
}

func TestHiddenTask2SimilarityLogits(t *testing.T) {
	// Every row identical: all off-diagonal cosines are 1, and there are 2N−1 of them per row.
	n := 5
	z := make([]float64, n*2)
	for i := range z {
		z[i] = float64(1 + i%2)
	}
	call := "SimilarityLogits(zI = zJ = [5,2] of identical rows, tau=0.1) float32"
	got := gx.Value(t, 2, call, func(xs []*Node) *Node { return SimilarityLogits(xs[0], xs[1], 0.1) }, []int{10, 9},
		gx.Tensor(dtypes.Float32, z, n, 2), gx.Tensor(dtypes.Float32, z, n, 2))
	want := make([]float64, 90)
	for i := range want {
		want[i] = 10
	}
	check.Floats(t, 2, call, got, want, 1e-5)
}

func TestHiddenTask3PositiveIndex(t *testing.T) {
	for _, n := range []int{4, 5} {
		for i := 0; i < 2*n; i++ {
			want := (i + n) % (2 * n)
			if want > i {
				want--
			}
			call := fmt.Sprintf("PositiveIndex(%d, %d)", i, n)
			got := check.Call(t, 3, call, func() int { return PositiveIndex(i, n) })
			if got != want {
				t.Errorf("Task 3: %s: got %d, want %d", call, got, want)
			}
		}
	}
}

func TestHiddenTask4NTXent(t *testing.T) {
	n, d := 7, 5
	zi, zj := hiddenGauss(1, n*d), hiddenGauss(2, n*d)
	call := "NTXent(zI [7,5], zJ [7,5], tau=0.1) float32"
	got, g := gx.ValueGrad(t, 4, call, func(xs []*Node) *Node { return NTXent(xs[0], xs[1], 0.1) }, []int{0, 1},
		gx.Tensor(dtypes.Float32, zi, n, d), gx.Tensor(dtypes.Float32, zj, n, d))
	want, wg := gx.ValueGrad(t, 4, "losses.NTXent", func(xs []*Node) *Node {
		return losses.NTXent(xs[0], xs[1], losses.Temperature(0.1))
	}, []int{0, 1}, gx.Tensor(dtypes.Float64, zi, n, d), gx.Tensor(dtypes.Float64, zj, n, d))
	check.Float(t, 4, call, got, want, 1e-5)
	check.Floats(t, 4, call+": gradient with respect to zI", g[0], wg[0], 1e-4)
	check.Floats(t, 4, call+": gradient with respect to zJ", g[1], wg[1], 1e-4)

	// Identical embeddings: all 2N−1 candidates tie, the loss is log(2N−1).
	z := []float64{1, 2, 1, 2, 1, 2}
	call = "NTXent(zI = zJ = [[1 2] [1 2] [1 2]], tau=0.5) float64"
	got = gx.Value(t, 4, call, func(xs []*Node) *Node { return NTXent(xs[0], xs[1], 0.5) }, nil,
		gx.Tensor(dtypes.Float64, z, 3, 2), gx.Tensor(dtypes.Float64, z, 3, 2))[0]
	check.Float(t, 4, call, got, math.Log(5), 1e-12)
}
