package losses

import (
	"math"
	"math/rand/v2"
	"testing"

	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
)

// TestFloat32MeansAtScale: the float32 mean of 2²² element-wise losses agrees
// with a float64 reference (computed on the host from the same float32 inputs)
// to a relative error ≤ 1e-5 — the pure-Go backend's ReduceSum adds float32
// values one by one, which is off by up to 1.8 % at this size; sumAll sums in
// blocks. A prime size (no block divisor) takes the float64 fallback.
func TestFloat32MeansAtScale(t *testing.T) {
	if testing.Short() {
		t.Skip("4M-element graphs: skipped with -short")
	}
	const tol = 1e-5
	for _, n := range []int{1 << 22, 4194301} {
		r := rand.New(rand.NewPCG(7, uint64(n)))
		a := make([]float32, n) // predictions / logits / means
		y := make([]float32, n) // targets in [0, 1]
		v := make([]float32, n) // variances in [0.5, 2.5]
		for i := range a {
			a[i] = float32(3 * r.NormFloat64())
			y[i] = float32(r.Float64())
			v[i] = float32(0.5 + 2*r.Float64())
		}
		ref := func(f func(a, y, v float64) float64) float64 {
			s := 0.0
			for i := range a {
				s += f(float64(a[i]), float64(y[i]), float64(v[i]))
			}
			return s / float64(n)
		}
		cases := []struct {
			name string
			loss func(a, y, v *Node) *Node
			want float64
		}{
			{"MeanSquaredError", func(a, y, _ *Node) *Node { return MeanSquaredError(a, y) },
				ref(func(a, y, _ float64) float64 { return (a - y) * (a - y) })},
			{"MeanSquaredError (constant error 0.1)", func(a, _, _ *Node) *Node { return MeanSquaredError(AddScalar(ZerosLike(a), 0.1), ZerosLike(a)) },
				float64(float32(0.1)) * float64(float32(0.1))},
			{"BinaryCrossEntropyWithLogits", func(a, y, _ *Node) *Node { return BinaryCrossEntropyWithLogits(a, y) },
				ref(func(z, y, _ float64) float64 { return math.Max(z, 0) - z*y + math.Log1p(math.Exp(-math.Abs(z))) })},
			{"SigmoidFocalLoss", func(a, y, _ *Node) *Node { return SigmoidFocalLoss(a, y) },
				ref(func(z, y, _ float64) float64 {
					p := 1 / (1 + math.Exp(-z))
					pt := p*y + (1-p)*(1-y)
					ce := math.Max(z, 0) - z*y + math.Log1p(math.Exp(-math.Abs(z)))
					return (1 - pt) * (1 - pt) * ce
				})},
			{"GaussianNLL", func(a, y, v *Node) *Node { return GaussianNLL(a, y, v) },
				ref(func(m, y, v float64) float64 { return 0.5 * (math.Log(v) + (y-m)*(y-m)/v) })},
			{"MeanAbsoluteError (ReductionSum / n)", func(a, y, _ *Node) *Node {
				return DivScalar(MeanAbsoluteError(a, y, Reduce(ReductionSum)), float64(a.Shape().Size()))
			}, ref(func(a, y, _ float64) float64 { return math.Abs(a - y) })},
		}
		for _, nb := range testBackends() {
			e := MustNewExec(nb.Backend, func(a, y, v *Node) []*Node {
				outs := make([]*Node, len(cases))
				for i, c := range cases {
					outs[i] = c.loss(a, y, v)
				}
				return outs
			})
			outs := e.MustExec(tensors.FromFlatDataAndDimensions(a, n), tensors.FromFlatDataAndDimensions(y, n), tensors.FromFlatDataAndDimensions(v, n))
			for i, c := range cases {
				got := float64(tensors.ToScalar[float32](outs[i]))
				rel := math.Abs(got-c.want) / math.Abs(c.want)
				t.Logf("%s on %s, n = %d: relative error %.2g", c.name, nb.Name, n, rel)
				if !(rel <= tol) {
					t.Errorf("%s on %s, n = %d float32 elements: mean %.9g, float64 reference %.9g: relative error %.2g > %g", c.name, nb.Name, n, got, c.want, rel, tol)
				}
			}
			e.Finalize()
		}
	}
}

// TestBlockedSumGradient: the blocked float32 sum (sizes above 4096) has the
// gradient of a plain sum — the adjoint broadcast to every element — through its
// alternate VJP and, with GoMLX fusion disabled, through the blocks themselves;
// a prime size exercises the float64 fallback.
func TestBlockedSumGradient(t *testing.T) {
	for _, fusion := range []string{"true", "false"} {
		t.Setenv("GOMLX_FUSION", fusion)
		for _, n := range []int{8192, 4099 * 3, 8191} {
			p := make([]float32, n)
			y := make([]float32, n)
			for i := range p {
				p[i] = float32(math.Sin(float64(i)))
				y[i] = float32(math.Cos(0.5 * float64(i)))
			}
			e := MustNewExec(testBackends()[0].Backend, func(p, y *Node) []*Node {
				mse := MeanSquaredError(p, y)
				sum := MeanAbsoluteError(p, y, Reduce(ReductionSum))
				return []*Node{Gradient(mse, p)[0], Gradient(sum, p)[0]}
			})
			outs := e.MustExec(tensors.FromFlatDataAndDimensions(p, n), tensors.FromFlatDataAndDimensions(y, n))
			gMSE, gMAE := tensors.MustCopyFlatData[float32](outs[0]), tensors.MustCopyFlatData[float32](outs[1])
			for i := range p {
				d := float64(p[i]) - float64(y[i])
				want := 2 * d / float64(n)
				if math.Abs(float64(gMSE[i])-want) > 1e-6*math.Abs(want)+1e-12 {
					t.Fatalf("GOMLX_FUSION=%s, n=%d: ∂MSE/∂p[%d] = %g, want %g", fusion, n, i, gMSE[i], want)
				}
				wantS := math.Copysign(1, d)
				if d == 0 {
					wantS = 0
				}
				if float64(gMAE[i]) != wantS {
					t.Fatalf("GOMLX_FUSION=%s, n=%d: ∂ΣMAE/∂p[%d] = %g, want %g", fusion, n, i, gMAE[i], wantS)
				}
			}
			e.Finalize()
		}
	}
}
