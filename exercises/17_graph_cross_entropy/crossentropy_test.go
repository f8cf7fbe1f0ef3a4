package graphce

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

// uniform returns n seeded values in [lo, hi).
func uniform(seed uint64, n int, lo, hi float64) []float64 {
	r := rand.New(rand.NewPCG(seed, 17))
	v := make([]float64, n)
	for i := range v {
		v[i] = lo + (hi-lo)*r.Float64()
	}
	return v
}

// refBCE is the stable BCE with logits in float64, element by element.
func refBCE(z, y float64) float64 {
	return math.Max(z, 0) - z*y + math.Log1p(math.Exp(-math.Abs(z)))
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// refLSE is log Σ exp(x) of one row in float64.
func refLSE(x []float64) float64 {
	m := math.Inf(-1)
	for _, v := range x {
		m = math.Max(m, v)
	}
	s := 0.0
	for _, v := range x {
		s += math.Exp(v - m)
	}
	return m + math.Log(s)
}

// Task 1
func TestTask1BCEWithLogits(t *testing.T) {
	// Against pkg/losses on moderate float64 inputs: value and gradient.
	z, y := uniform(1, 12, -5, 5), uniform(2, 12, 0, 1)
	call := "BCEWithLogits(logits [3,4] in (-5,5), targets [3,4] in [0,1]) float64"
	mine := func(xs []*Node) *Node { return BCEWithLogits(xs[0], xs[1]) }
	lib := func(xs []*Node) *Node { return losses.BinaryCrossEntropyWithLogits(xs[0], xs[1]) }
	got, gotGrad := gx.ValueGrad(t, 1, call, mine, []int{0}, gx.Tensor(f64, z, 3, 4), gx.Tensor(f64, y, 3, 4))
	want, wantGrad := gx.ValueGrad(t, 1, "losses.BinaryCrossEntropyWithLogits", lib, []int{0}, gx.Tensor(f64, z, 3, 4), gx.Tensor(f64, y, 3, 4))
	check.Float(t, 1, call, got, want, 1e-12)
	check.Floats(t, 1, call+": gradient", gotGrad[0], wantGrad[0], 1e-10)

	// Extreme logits in float32: log σ(−1e4) is log 0 = −Inf, yet the loss is 1e4.
	z = []float64{1e4, -1e4, 1e4, -1e4, 30, -30, 0.5}
	y = []float64{0, 1, 1, 0, 0.3, 0.7, 1}
	call = fmt.Sprintf("BCEWithLogits(logits=%v, targets=%v) float32", z, y)
	got, gotGrad = gx.ValueGrad(t, 1, call, mine, []int{0}, gx.Tensor(f32, z), gx.Tensor(f32, y))
	want = 0.0
	wantG := make([]float64, len(z))
	for i := range z {
		want += refBCE(z[i], y[i]) / float64(len(z))
		wantG[i] = (sigmoid(z[i]) - y[i]) / float64(len(z))
	}
	check.Float(t, 1, call, got, want, 1e-6)
	check.Floats(t, 1, call+": gradient", gotGrad[0], wantG, 1e-6)

	// The gradient against float64 finite differences.
	call = "BCEWithLogits(logits [6], targets [6]) float64: gradient check"
	gx.GradCheck(t, 1, call, mine, []gradcheck.Input{
		{Values: []float64{-3, -0.7, 0.2, 1.1, 2.5, 6}, Dims: []int{6}},
		{Values: []float64{1, 0, 0.5, 1, 0.2, 0}, Dims: []int{6}, NoGrad: true},
	}, 1e-6)
}

// Task 2
func TestTask2LogSumExp(t *testing.T) {
	x := uniform(3, 12, -4, 4)
	call := "LogSumExp(x [3,4] in (-4,4)) float64"
	got := gx.Value(t, 2, call, func(xs []*Node) *Node { return LogSumExp(xs[0]) }, []int{3}, gx.Tensor(f64, x, 3, 4))
	want := []float64{refLSE(x[0:4]), refLSE(x[4:8]), refLSE(x[8:12])}
	check.Floats(t, 2, call, got, want, 1e-12)

	// Without the max trick exp(1e4) = +Inf, and exp(−1e4) = 0 gives log 0 = −Inf.
	x = []float64{1e4, 1e4, -1e4, -1e4, 1e4, -1e4}
	call = fmt.Sprintf("LogSumExp(x=%v as [3,2]) float32", x)
	got = gx.Value(t, 2, call, func(xs []*Node) *Node { return LogSumExp(xs[0]) }, []int{3}, gx.Tensor(f32, x, 3, 2))
	check.Floats(t, 2, call, got, []float64{1e4 + math.Ln2, -1e4 + math.Ln2, 1e4}, 1e-6)

	// Its gradient is the softmax of the row.
	call = fmt.Sprintf("gradient of Σ LogSumExp(x=%v as [3,2]) float32", x)
	_, g := gx.ValueGrad(t, 2, call, func(xs []*Node) *Node { return ReduceAllSum(LogSumExp(xs[0])) }, []int{0}, gx.Tensor(f32, x, 3, 2))
	check.Floats(t, 2, call, g[0], []float64{0.5, 0.5, 0.5, 0.5, 1, 0}, 1e-6)

	call = "LogSumExp(x [2,3]) float64: gradient check of Σ w·LSE(x)"
	gx.GradCheck(t, 2, call, func(xs []*Node) *Node {
		return ReduceAllSum(Mul(LogSumExp(xs[0]), Const(xs[0].Graph(), []float64{1, -2})))
	}, []gradcheck.Input{{Values: []float64{0.3, -1.2, 2, 1, 1, -0.5}, Dims: []int{2, 3}}}, 1e-6)
}

// Task 3
func TestTask3SoftmaxCrossEntropy(t *testing.T) {
	z := uniform(4, 20, -5, 5)
	labels := []int{0, 4, 2, 2}
	call := fmt.Sprintf("SoftmaxCrossEntropy(logits [4,5] in (-5,5), labels=%v) float64", labels)
	mine := func(xs []*Node) *Node { return SoftmaxCrossEntropy(xs[0], xs[1]) }
	lib := func(xs []*Node) *Node { return losses.SoftmaxCrossEntropy(xs[0], xs[1]) }
	got, gotGrad := gx.ValueGrad(t, 3, call, mine, []int{0}, gx.Tensor(f64, z, 4, 5), gx.Int32s(labels))
	want, wantGrad := gx.ValueGrad(t, 3, "losses.SoftmaxCrossEntropy", lib, []int{0}, gx.Tensor(f64, z, 4, 5), gx.Int32s(labels))
	check.Float(t, 3, call, got, want, 1e-12)
	check.Floats(t, 3, call+": gradient", gotGrad[0], wantGrad[0], 1e-10)

	// A logit of 1e4 in every position of a row, with the label in every position:
	// 9 rows of 3 classes. log softmax is 0 at the large logit and −1e4 elsewhere,
	// where Log(Softmax(z)) gives log 0 = −Inf.
	var rows []float64
	labels = nil
	want = 0
	var wantG []float64
	for big := 0; big < 3; big++ {
		for label := 0; label < 3; label++ {
			for k := 0; k < 3; k++ {
				v, p, oh := 0.0, 0.0, 0.0
				if k == big {
					v, p = 1e4, 1
				}
				if k == label {
					oh = 1
				}
				rows = append(rows, v)
				wantG = append(wantG, (p-oh)/9)
			}
			labels = append(labels, label)
			if label != big {
				want += 1e4 / 9
			}
		}
	}
	call = fmt.Sprintf("SoftmaxCrossEntropy(logits=%v as [9,3], labels=%v) float32", rows, labels)
	got, gotGrad = gx.ValueGrad(t, 3, call, mine, []int{0}, gx.Tensor(f32, rows, 9, 3), gx.Int32s(labels))
	check.Float(t, 3, call, got, want, 1e-6)
	check.Floats(t, 3, call+": gradient", gotGrad[0], wantG, 1e-6)

	call = "SoftmaxCrossEntropy(logits [2,3], labels=[2 0]) float64: gradient check"
	gx.GradCheck(t, 3, call, func(xs []*Node) *Node {
		return SoftmaxCrossEntropy(xs[0], Const(xs[0].Graph(), []int32{2, 0}))
	}, []gradcheck.Input{{Values: []float64{0.5, -1, 2, 3, 0.1, -0.4}, Dims: []int{2, 3}}}, 1e-6)
}
