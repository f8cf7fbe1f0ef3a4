package losses

import (
	"math"
	"sync"
	"testing"

	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
)

// Fuzz targets: the stable graph formulation against a plain-Go float64
// reference written differently (branch on the sign of z; log-sum-exp by hand).
// Seed corpus: testdata/fuzz/<FuzzName>/. Run: go test -run x -fuzz FuzzBCEWithLogits ./pkg/losses/

var (
	fuzzBCEOnce sync.Once
	fuzzBCEExec *Exec
	fuzzCEOnce  sync.Once
	fuzzCEExec  *Exec
)

func scalarTensor(v float64) *tensors.Tensor { return tensors.FromValue(v) }

// refBCEWithLogits is −[y·log σ(z) + (1−y)·log(1−σ(z))] and its derivative, in float64.
func refBCEWithLogits(z, y, pw float64) (loss, grad float64) {
	// log σ(z) and log(1−σ(z)) = log σ(−z), each evaluated on the side where exp cannot overflow.
	logSig := func(x float64) float64 {
		if x >= 0 {
			return -math.Log1p(math.Exp(-x))
		}
		return x - math.Log1p(math.Exp(x))
	}
	sig := func(x float64) float64 {
		if x >= 0 {
			return 1 / (1 + math.Exp(-x))
		}
		e := math.Exp(x)
		return e / (1 + e)
	}
	loss = -(pw*y*logSig(z) + (1-y)*logSig(-z))
	grad = -pw*y*(1-sig(z)) + (1-y)*sig(z)
	return
}

func FuzzBCEWithLogits(f *testing.F) {
	f.Add(0.0, 1.0, 1.0)
	f.Add(-1e4, 0.3, 2.0)
	f.Fuzz(func(t *testing.T, z, y, pw float64) {
		if math.IsNaN(z) || math.IsInf(z, 0) || math.Abs(z) > 1e6 || !(y >= 0 && y <= 1) || !(pw >= 0 && pw <= 100) {
			t.Skip()
		}
		fuzzBCEOnce.Do(func() {
			fuzzBCEExec = MustNewExec(testBackends()[0].Backend, func(z, y, pw *Node) []*Node {
				l := BinaryCrossEntropyWithLogits(z, y, PosWeight(pw), Reduce(ReductionSum))
				return []*Node{l, Gradient(l, z)[0]}
			})
		})
		outs := fuzzBCEExec.MustExec(scalarTensor(z), scalarTensor(y), scalarTensor(pw))
		got, gotGrad := tensors.ToScalar[float64](outs[0]), tensors.ToScalar[float64](outs[1])
		want, wantGrad := refBCEWithLogits(z, y, pw)
		if d := math.Abs(got - want); !(d <= 1e-9*math.Max(1, math.Abs(want))) {
			t.Errorf("BinaryCrossEntropyWithLogits(z=%g, y=%g, PosWeight=%g) = %.17g, float64 reference %.17g", z, y, pw, got, want)
		}
		if d := math.Abs(gotGrad - wantGrad); !(d <= 1e-12*math.Max(1, math.Abs(wantGrad))) {
			t.Errorf("∂/∂z at (z=%g, y=%g, PosWeight=%g) = %.17g, float64 reference %.17g", z, y, pw, gotGrad, wantGrad)
		}
	})
}

func FuzzSoftmaxCrossEntropy(f *testing.F) {
	f.Add(0.0, 0.0, 0.0, 0.0, uint8(0))
	f.Add(1e4, -1e4, 3.0, -2.5, uint8(1))
	f.Fuzz(func(t *testing.T, z0, z1, z2, z3 float64, label uint8) {
		z := []float64{z0, z1, z2, z3}
		for _, v := range z {
			if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1e6 {
				t.Skip()
			}
		}
		const eps = 0.1
		fuzzCEOnce.Do(func() {
			fuzzCEExec = MustNewExec(testBackends()[0].Backend, func(z, lab *Node) []*Node {
				l := SoftmaxCrossEntropy(z, lab, LabelSmoothing(eps), ClassWeights(Const(z.Graph(), []float64{1, 2, 0.5, 1})), Reduce(ReductionSum))
				return []*Node{l, Gradient(l, z)[0]}
			})
		})
		y := int32(label % 4)
		zt := tensors.FromShape(shapes.Make(dtypes.Float64, 1, 4))
		tensors.MustMutableFlatData[float64](zt, func(flat []float64) { copy(flat, z) })
		outs := fuzzCEExec.MustExec(zt, tensors.FromValue([]int32{y}))
		got := tensors.ToScalar[float64](outs[0])
		gotGrad := tensors.MustCopyFlatData[float64](outs[1])

		// Reference: lse by hand, then PyTorch's smoothed, weighted formula.
		w := []float64{1, 2, 0.5, 1}
		mx := math.Max(math.Max(z0, z1), math.Max(z2, z3))
		s := 0.0
		for _, v := range z {
			s += math.Exp(v - mx)
		}
		lse := mx + math.Log(s)
		want, wSum := (1-eps)*w[y]*(lse-z[y]), 0.0
		for c, v := range z {
			want += eps / 4 * w[c] * (lse - v)
			wSum += w[c]
		}
		scale := math.Max(1, math.Abs(lse)+math.Abs(mx))
		if d := math.Abs(got - want); !(d <= 1e-12*scale*4) {
			t.Errorf("SoftmaxCrossEntropy(z=%v, label=%d) = %.17g, float64 reference %.17g", z, y, got, want)
		}
		for c, v := range z {
			p := math.Exp(v-mx) / s
			tc := eps / 4 * w[c]
			if c == int(y) {
				tc += (1 - eps) * w[y]
			}
			wantG := p*((1-eps)*w[y]+eps*wSum/4) - tc
			if d := math.Abs(gotGrad[c] - wantG); !(d <= 1e-12) {
				t.Errorf("∂/∂z[%d] at z=%v, label=%d: %.17g, float64 reference %.17g", c, z, y, gotGrad[c], wantG)
			}
		}
	})
}
