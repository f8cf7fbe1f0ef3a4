package ntxent

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gomlx/compute/dtypes"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/losscourse/losscourse/exercises/internal/check"
	"github.com/losscourse/losscourse/exercises/internal/gx"
	"github.com/losscourse/losscourse/pkg/gradcheck"
	"github.com/losscourse/losscourse/pkg/losses"
)

var (
	f32 = dtypes.Float32
	f64 = dtypes.Float64
)

func gauss(seed uint64, n int) []float64 {
	r := rand.New(rand.NewPCG(seed, 20))
	v := make([]float64, n)
	for i := range v {
		v[i] = r.NormFloat64()
	}
	return v
}

// refLogits is the [2N, 2N−1] matrix in float64, from the definition.
func refLogits(zi, zj []float64, n, d int, tau float64) [][]float64 {
	z := append(append([]float64(nil), zi...), zj...)
	for r := 0; r < 2*n; r++ {
		s := 0.0
		for k := 0; k < d; k++ {
			s += z[r*d+k] * z[r*d+k]
		}
		s = math.Max(math.Sqrt(s), 1e-12)
		for k := 0; k < d; k++ {
			z[r*d+k] /= s
		}
	}
	out := make([][]float64, 2*n)
	for i := range out {
		for k := 0; k < 2*n; k++ {
			if k == i {
				continue
			}
			dot := 0.0
			for c := 0; c < d; c++ {
				dot += z[i*d+c] * z[k*d+c]
			}
			out[i] = append(out[i], dot/tau)
		}
	}
	return out
}

// Task 1
func TestTask1Normalize(t *testing.T) {
	z := []float64{3, 4, 0, 0, 0, 0, -1, 2, 2}
	call := fmt.Sprintf("Normalize(z=%v as [3,3]) float32", z)
	got := gx.Value(t, 1, call, func(xs []*Node) *Node { return Normalize(xs[0]) }, []int{3, 3}, gx.Tensor(f32, z, 3, 3))
	check.Floats(t, 1, call, got, []float64{0.6, 0.8, 0, 0, 0, 0, -1.0 / 3, 2.0 / 3, 2.0 / 3}, 1e-6)
	// A zero row: its gradient must be finite too (‖z‖ = 0 would give 0/0).
	_, g := gx.ValueGrad(t, 1, "gradient of Σ w·Normalize(z) "+call, func(xs []*Node) *Node {
		return ReduceAllSum(Mul(Normalize(xs[0]), Const(xs[0].Graph(), [][]float32{{1, 2, 3}, {1, -1, 2}, {0.5, 1, 1}})))
	}, []int{0}, gx.Tensor(f32, z, 3, 3))
	check.Finite(t, 1, "gradient of Σ w·Normalize(z) "+call, g[0]...)
	gx.GradCheck(t, 1, "Normalize(z [2,3]) float64: gradient check of Σ w·Normalize(z)", func(xs []*Node) *Node {
		return ReduceAllSum(Mul(Normalize(xs[0]), Const(xs[0].Graph(), [][]float64{{1, 2, 3}, {-1, 0.5, 2}})))
	}, []gradcheck.Input{{Values: []float64{0.3, -1.2, 2, 1, 0.4, -0.5}, Dims: []int{2, 3}}}, 1e-6)
}

// Task 2
func TestTask2SimilarityLogits(t *testing.T) {
	for _, n := range []int{1, 3} {
		d := 4
		zi, zj := gauss(uint64(n), n*d), gauss(uint64(100+n), n*d)
		call := fmt.Sprintf("SimilarityLogits(zI [%d,%d], zJ [%d,%d], tau=0.5) float64", n, d, n, d)
		got := gx.Value(t, 2, call, func(xs []*Node) *Node { return SimilarityLogits(xs[0], xs[1], 0.5) }, []int{2 * n, 2*n - 1},
			gx.Tensor(f64, zi, n, d), gx.Tensor(f64, zj, n, d))
		check.Matrix(t, 2, call, check.Rows(got, 2*n-1), refLogits(zi, zj, n, d, 0.5), 1e-12)
	}
}

// Task 3
func TestTask3PositiveIndex(t *testing.T) {
	for _, tt := range []struct {
		n    int
		want []int
	}{
		{1, []int{0, 0}},
		{2, []int{1, 2, 0, 1}},
		{3, []int{2, 3, 4, 0, 1, 2}},
	} {
		var got []float64
		for i := 0; i < 2*tt.n; i++ {
			call := fmt.Sprintf("PositiveIndex(%d, %d)", i, tt.n)
			got = append(got, float64(check.Call(t, 3, call, func() int { return PositiveIndex(i, tt.n) })))
		}
		want := make([]float64, len(tt.want))
		for i, v := range tt.want {
			want[i] = float64(v)
		}
		check.Floats(t, 3, fmt.Sprintf("PositiveIndex(i, %d) for i = 0..%d", tt.n, 2*tt.n-1), got, want, 0)
	}
}

// Task 4
func TestTask4NTXent(t *testing.T) {
	mine := func(tau float64) func(xs []*Node) *Node {
		return func(xs []*Node) *Node { return NTXent(xs[0], xs[1], tau) }
	}
	lib := func(tau float64) func(xs []*Node) *Node {
		return func(xs []*Node) *Node { return losses.NTXent(xs[0], xs[1], losses.Temperature(tau)) }
	}
	// Batch sizes 1 (the positive is the only candidate: the loss is 0), 2, odd 3 and 5, and 8.
	for _, n := range []int{1, 2, 3, 5, 8} {
		d := 3
		zi, zj := gauss(uint64(10+n), n*d), gauss(uint64(200+n), n*d)
		call := fmt.Sprintf("NTXent(zI [%d,%d], zJ [%d,%d], tau=0.3) float64", n, d, n, d)
		got, g := gx.ValueGrad(t, 4, call, mine(0.3), []int{0, 1}, gx.Tensor(f64, zi, n, d), gx.Tensor(f64, zj, n, d))
		want, wg := gx.ValueGrad(t, 4, "losses.NTXent", lib(0.3), []int{0, 1}, gx.Tensor(f64, zi, n, d), gx.Tensor(f64, zj, n, d))
		check.Float(t, 4, call, got, want, 1e-12)
		check.Floats(t, 4, call+": gradient with respect to zI", g[0], wg[0], 1e-10)
		check.Floats(t, 4, call+": gradient with respect to zJ", g[1], wg[1], 1e-10)
	}
	// τ = 0.005 in float32: logits up to 200, exp(200) overflows float32.
	n, d := 3, 2
	zi := []float64{1, 0, 0.8, 0.6, -1, 0.2}
	zj := []float64{0.9, 0.3, 0.2, 1, -1, 0}
	call := fmt.Sprintf("NTXent(zI=%v, zJ=%v as [3,2], tau=0.005) float32", zi, zj)
	got, g := gx.ValueGrad(t, 4, call, mine(0.005), []int{0}, gx.Tensor(f32, zi, n, d), gx.Tensor(f32, zj, n, d))
	want, wg := gx.ValueGrad(t, 4, "losses.NTXent", lib(0.005), []int{0}, gx.Tensor(f64, zi, n, d), gx.Tensor(f64, zj, n, d))
	check.Float(t, 4, call, got, want, 1e-4)
	check.Floats(t, 4, call+": gradient", g[0], wg[0], 1e-3)

	gx.GradCheck(t, 4, "NTXent(zI [3,2], zJ [3,2], tau=0.5) float64: gradient check", mine(0.5), []gradcheck.Input{
		{Values: []float64{0.5, 1, -1, 0.3, 2, -0.4}, Dims: []int{3, 2}},
		{Values: []float64{0.4, 1.2, -0.8, 0.1, 1.5, 0.3}, Dims: []int{3, 2}},
	}, 1e-6)
}
