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

// Fuzz targets: each loss's stable graph formulation against a plain-Go float64
// reference written differently (branch on the sign of z; log-sum-exp by hand;
// loops over the embeddings). The inputs may be NaN, ±Inf or huge; each target
// also has an empty-batch mode (leading axis 0: the sum is 0 and the gradient an
// empty tensor), and the cross-entropy target feeds its label in every integer
// dtype GoMLX supports, with values outside the class range and the ignore index.
//
// Seed corpora: testdata/fuzz/<FuzzName>/. Run one target at a time, e.g.
//
//	go test -run '^$' -fuzz '^FuzzSoftmaxCrossEntropy$' -fuzztime 1m ./pkg/losses/
//
// (BENCHMARKS.md records the durations and findings of the last runs.)

// fuzzExec caches one compiled graph function per target: GoMLX's Exec compiles
// again for each new input shape or dtype (the empty batch, each label dtype).
type fuzzExec struct {
	once sync.Once
	e    *Exec
}

func fuzzGet[F ExecGraphFn](f *fuzzExec, build F) *Exec {
	f.once.Do(func() { f.e = MustNewExec(testBackends()[0].Backend, build) })
	return f.e
}

var (
	fuzzBCE, fuzzCE, fuzzTriplet, fuzzContrastive, fuzzNTXent, fuzzGaussian fuzzExec
)

func scalarTensor(v float64) *tensors.Tensor { return tensors.FromValue(v) }

// vecTensor returns a float64 tensor [b, len(v)/b...] holding v, or [0, ...] when empty.
func vecTensor(v []float64, empty bool, dims ...int) *tensors.Tensor {
	if empty {
		return tensors.FromShape(shapes.Make(dtypes.Float64, append([]int{0}, dims[1:]...)...))
	}
	t := tensors.FromShape(shapes.Make(dtypes.Float64, dims...))
	tensors.MustMutableFlatData[float64](t, func(flat []float64) { copy(flat, v) })
	return t
}

// checkEmptyOutputs checks the empty-batch rule on fuzz outputs: the sum is 0
// and every gradient is an empty tensor.
func checkEmptyOutputs(t *testing.T, what string, outs []*tensors.Tensor) {
	t.Helper()
	if got := tensors.ToScalar[float64](outs[0]); got != 0 {
		t.Errorf("%s, empty batch: sum %g, want 0", what, got)
	}
	for i, g := range outs[1:] {
		if g.Shape().Size() != 0 {
			t.Errorf("%s, empty batch: gradient #%d has shape %s, want an empty tensor", what, i, g.Shape())
		}
	}
}

// closeTo reports whether got matches want: both NaN, the same infinity, or
// within tol·max(1, |want|).
func closeTo(got, want, tol float64) bool {
	switch {
	case math.IsNaN(want):
		return math.IsNaN(got)
	case math.IsInf(want, 0):
		return got == want
	}
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

// mulLimit is a·b with 0·(±Inf) = 0: the limit of a coefficient times a term
// that vanishes with it (0·log 0).
func mulLimit(a, b float64) float64 {
	if a == 0 && !math.IsNaN(b) {
		return 0
	}
	return a * b
}

// refBCEWithLogits is −[p·y·log σ(z) + (1−y)·log(1−σ(z))] and its derivative, in float64.
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
	loss = -(mulLimit(pw*y, logSig(z)) + mulLimit(1-y, logSig(-z)))
	grad = -pw*y*(1-sig(z)) + (1-y)*sig(z)
	return
}

func FuzzBCEWithLogits(f *testing.F) {
	f.Add(0.0, 1.0, 1.0, false)
	f.Add(-1e4, 0.3, 2.0, false)
	f.Add(math.Inf(1), 1.0, 1.0, false)
	f.Add(math.Inf(-1), 0.0, 3.0, false)
	f.Add(math.Inf(-1), 1.0, 0.0, false)
	f.Add(math.NaN(), 0.5, 1.0, false)
	f.Add(2.0, math.NaN(), 1.0, false)
	f.Add(1.0, 0.5, 1.0, true)
	f.Fuzz(func(t *testing.T, z, y, pw float64, empty bool) {
		if !(y >= 0 && y <= 1) && !math.IsNaN(y) || !(pw >= 0 && pw <= 100) {
			t.Skip() // targets are probabilities (or NaN); PosWeight a finite weight ≥ 0
		}
		e := fuzzGet(&fuzzBCE, func(z, y, pw *Node) []*Node {
			l := BinaryCrossEntropyWithLogits(z, y, PosWeight(pw), Reduce(ReductionSum))
			return []*Node{l, Gradient(l, z)[0]}
		})
		outs := e.MustExec(vecTensor([]float64{z}, empty, 1), vecTensor([]float64{y}, empty, 1), scalarTensor(pw))
		if empty {
			checkEmptyOutputs(t, "BinaryCrossEntropyWithLogits", outs)
			return
		}
		got, gotGrad := tensors.MustCopyFlatData[float64](outs[0])[0], tensors.MustCopyFlatData[float64](outs[1])[0]
		want, wantGrad := refBCEWithLogits(z, y, pw)
		if !closeTo(got, want, 1e-9) {
			t.Errorf("BinaryCrossEntropyWithLogits(z=%g, y=%g, PosWeight=%g) = %.17g, float64 reference %.17g", z, y, pw, got, want)
		}
		if !closeTo(gotGrad, wantGrad, 1e-12) {
			t.Errorf("∂/∂z at (z=%g, y=%g, PosWeight=%g) = %.17g, float64 reference %.17g", z, y, pw, gotGrad, wantGrad)
		}
	})
}

// fuzzLabelDTypes are the label dtypes FuzzSoftmaxCrossEntropy cycles through.
var fuzzLabelDTypes = []dtypes.DType{dtypes.Int8, dtypes.Int16, dtypes.Int32, dtypes.Int64, dtypes.Uint8, dtypes.Uint16, dtypes.Uint32, dtypes.Uint64}

// storedLabel converts label to dt as Go (and GoMLX's tensors) store it, and
// returns that value as an int64 (uint64 values ≥ 2⁶³ as −1: out of range).
func storedLabel(dt dtypes.DType, label int64) (int64, *tensors.Tensor) {
	switch dt {
	case dtypes.Int8:
		return int64(int8(label)), tensors.FromValue([]int8{int8(label)})
	case dtypes.Int16:
		return int64(int16(label)), tensors.FromValue([]int16{int16(label)})
	case dtypes.Int32:
		return int64(int32(label)), tensors.FromValue([]int32{int32(label)})
	case dtypes.Uint8:
		return int64(uint8(label)), tensors.FromValue([]uint8{uint8(label)})
	case dtypes.Uint16:
		return int64(uint16(label)), tensors.FromValue([]uint16{uint16(label)})
	case dtypes.Uint32:
		return int64(uint32(label)), tensors.FromValue([]uint32{uint32(label)})
	case dtypes.Uint64:
		v := uint64(label)
		if v > math.MaxInt64 {
			return -1 << 62, tensors.FromValue([]uint64{v}) // out of range whatever the reference compares
		}
		return int64(v), tensors.FromValue([]uint64{v})
	}
	return label, tensors.FromValue([]int64{label})
}

func FuzzSoftmaxCrossEntropy(f *testing.F) {
	f.Add(0.0, 0.0, 0.0, 0.0, int64(0), uint8(2), false)
	f.Add(1e4, -1e4, 3.0, -2.5, int64(1), uint8(2), false)
	f.Add(math.Inf(-1), 1.0, 2.0, 0.5, int64(2), uint8(2), false)
	f.Add(1.0, 2.0, math.NaN(), 0.5, int64(0), uint8(3), false)
	f.Add(1.0, 2.0, 0.0, 0.5, int64(-1), uint8(0), false)
	f.Add(1.0, 2.0, 0.0, 0.5, int64(200), uint8(4), false)
	f.Add(1.0, 2.0, 0.0, 0.5, int64(156), uint8(4), false)
	f.Add(1.0, 2.0, 0.0, 0.5, int64(-156), uint8(0), false)
	f.Add(1.0, 2.0, 0.0, 0.5, int64(3), uint8(7), true)
	f.Fuzz(func(t *testing.T, z0, z1, z2, z3 float64, label int64, dtSel uint8, empty bool) {
		z := []float64{z0, z1, z2, z3}
		const eps = 0.1
		w := []float64{1, 2, 0.5, 1}
		e := fuzzGet(&fuzzCE, func(z, lab *Node) []*Node {
			opts := []Option{LabelSmoothing(eps), ClassWeights(Const(z.Graph(), w)), Reduce(ReductionSum)}
			if !lab.DType().IsUnsigned() {
				opts = append(opts, IgnoreIndex(-1)) // not representable by unsigned labels (an error there)
			}
			l := SoftmaxCrossEntropy(z, lab, opts...)
			return []*Node{l, Gradient(l, z)[0]}
		})
		dt := fuzzLabelDTypes[int(dtSel)%len(fuzzLabelDTypes)]
		y, labT := storedLabel(dt, label)
		if empty {
			labT = tensors.FromShape(shapes.Make(dt, 0))
		}
		outs := e.MustExec(vecTensor(z, empty, 1, 4), labT)
		if empty {
			checkEmptyOutputs(t, "SoftmaxCrossEntropy", outs)
			return
		}
		got := tensors.MustCopyFlatData[float64](outs[0])[0]
		gotGrad := tensors.MustCopyFlatData[float64](outs[1])

		// Reference: lse by hand, then PyTorch's smoothed, weighted formula.
		ignored := !dt.IsUnsigned() && y == -1
		valid := y >= 0 && y < 4
		mx := math.Max(math.Max(z0, z1), math.Max(z2, z3))
		s := 0.0
		for _, v := range z {
			s += math.Exp(v - mx)
		}
		lse := mx + math.Log(s)
		var want, wSum float64
		switch {
		case ignored:
			want = 0
		case !valid:
			want = math.NaN()
		default:
			want = (1 - eps) * w[y] * (lse - z[y])
			for c, v := range z {
				want += eps / 4 * w[c] * (lse - v)
			}
		}
		for _, v := range w {
			wSum += v
		}
		scale := math.Abs(lse) + math.Abs(mx)
		if !(scale >= 1) || math.IsInf(scale, 0) { // NaN or infinite logits: the value is compared exactly (NaN, ±Inf or 0)
			scale = 1
		}
		if !closeTo(got, want, 1e-12*scale*4) {
			t.Errorf("SoftmaxCrossEntropy(z=%v, %s label=%d (stored %d)) = %.17g, float64 reference %.17g", z, dt, label, y, got, want)
		}
		finiteZ := true
		for _, v := range z {
			finiteZ = finiteZ && !math.IsNaN(v) && !math.IsInf(v, 0) && math.Abs(v) <= 1e6
		}
		if !finiteZ || !valid || ignored {
			return
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

// refL2 is PyTorch's pairwise_distance: ‖a − b + eps‖₂.
func refL2(a, b []float64, eps float64) float64 {
	s := 0.0
	for i := range a {
		d := a[i] - b[i] + eps
		s += d * d
	}
	return math.Sqrt(s)
}

// fuzzMargins are the margins the metric fuzz targets cycle through (a margin
// is a graph-build option: every variant is built once, in one graph).
var fuzzMargins = []float64{0, 0.5, 1, 2}

func FuzzTripletMargin(f *testing.F) {
	f.Add(0.0, 0.0, 1.0, 0.0, 0.0, 1.0, uint8(2), false)
	f.Add(1.0, 2.0, 1.0, 2.0, 1.0, 2.0, uint8(1), false)
	f.Add(math.NaN(), 2.0, 1.0, 2.0, 1.0, 2.0, uint8(1), false)
	f.Add(1e300, 2.0, -1e300, 2.0, 1.0, 2.0, uint8(3), false)
	f.Add(math.Inf(1), 2.0, 1.0, 2.0, 1.0, 2.0, uint8(5), false)
	f.Add(0.3, -0.2, 1.0, 0.4, -2.0, 0.0, uint8(6), true)
	f.Fuzz(func(t *testing.T, a0, a1, p0, p1, n0, n1 float64, variant uint8, empty bool) {
		e := fuzzGet(&fuzzTriplet, func(a, p, n *Node) []*Node {
			var outs []*Node
			for _, m := range fuzzMargins {
				for _, swap := range []bool{false, true} {
					opts := []Option{Reduce(ReductionSum), Margin(m)}
					if swap {
						opts = append(opts, Swap())
					}
					l := TripletMargin(a, p, n, opts...)
					outs = append(append(outs, l), Gradient(l, a, p, n)...)
				}
			}
			return outs
		})
		k := int(variant) % (2 * len(fuzzMargins))
		margin, swap := fuzzMargins[k/2], k%2 == 1
		a, p, n := []float64{a0, a1}, []float64{p0, p1}, []float64{n0, n1}
		all := e.MustExec(vecTensor(a, empty, 1, 2), vecTensor(p, empty, 1, 2), vecTensor(n, empty, 1, 2))
		outs := all[4*k : 4*k+4]
		if empty {
			checkEmptyOutputs(t, "TripletMargin", outs)
			return
		}
		got := tensors.MustCopyFlatData[float64](outs[0])[0]
		dPos, dNeg := refL2(a, p, 1e-6), refL2(a, n, 1e-6)
		if swap {
			if dpn := refL2(p, n, 1e-6); math.IsNaN(dpn) || math.IsNaN(dNeg) {
				dNeg = math.NaN()
			} else {
				dNeg = math.Min(dNeg, dpn)
			}
		}
		want := math.Max(dPos-dNeg+margin, 0)
		if !closeTo(got, want, 1e-9) {
			t.Errorf("TripletMargin(a=%v, p=%v, n=%v, margin=%g, swap=%v) = %.17g, float64 reference %.17g", a, p, n, margin, swap, got, want)
		}
		if math.IsNaN(want) {
			return
		}
		for i, gt := range outs[1:] {
			for _, g := range tensors.MustCopyFlatData[float64](gt) {
				if math.IsNaN(g) && !math.IsInf(want, 0) && !math.IsInf(dPos, 0) && !math.IsInf(dNeg, 0) {
					t.Errorf("TripletMargin(a=%v, p=%v, n=%v, margin=%g, swap=%v): gradient #%d is NaN for a finite loss %g", a, p, n, margin, swap, i, want)
				}
			}
		}
	})
}

func FuzzContrastive(f *testing.F) {
	f.Add(0.0, 0.0, 0.0, 0.0, 1.0, uint8(2), false)
	f.Add(1.0, 2.0, 1.5, -2.0, 0.0, uint8(3), false)
	f.Add(1.0, 2.0, 1.5, -2.0, 0.3, uint8(1), false)
	f.Add(math.NaN(), 2.0, 1.5, -2.0, 0.0, uint8(1), false)
	f.Add(1.0, 2.0, 1.5, -2.0, math.NaN(), uint8(1), false)
	f.Add(math.Inf(-1), 2.0, 1.5, -2.0, 0.0, uint8(2), false)
	f.Add(1.0, 2.0, 1.5, -2.0, 1.0, uint8(0), true)
	f.Fuzz(func(t *testing.T, x0, x1, y0, y1, similar float64, variant uint8, empty bool) {
		if !(similar >= 0 && similar <= 1) && !math.IsNaN(similar) {
			t.Skip() // similarity labels are in [0, 1] (or NaN)
		}
		e := fuzzGet(&fuzzContrastive, func(a, b, s *Node) []*Node {
			var outs []*Node
			for _, m := range fuzzMargins {
				l := Contrastive(a, b, s, Reduce(ReductionSum), Margin(m))
				outs = append(append(outs, l), Gradient(l, a, b)...)
			}
			return outs
		})
		k := int(variant) % len(fuzzMargins)
		margin := fuzzMargins[k]
		x, y := []float64{x0, x1}, []float64{y0, y1}
		all := e.MustExec(vecTensor(x, empty, 1, 2), vecTensor(y, empty, 1, 2), vecTensor([]float64{similar}, empty, 1))
		outs := all[3*k : 3*k+3]
		if empty {
			checkEmptyOutputs(t, "Contrastive", outs)
			return
		}
		got := tensors.MustCopyFlatData[float64](outs[0])[0]
		d := refL2(x, y, 1e-6)
		push := math.Max(margin-d, 0)
		want := mulLimit(similar, d*d) + mulLimit(1-similar, push*push)
		if !closeTo(got, want, 1e-9) {
			t.Errorf("Contrastive(x1=%v, x2=%v, similar=%g, margin=%g) = %.17g, float64 reference %.17g", x, y, similar, margin, got, want)
		}
	})
}

func FuzzNTXent(f *testing.F) {
	f.Add(1.0, 0.0, 0.0, 1.0, 0.9, 0.1, 0.2, 0.8, uint8(0), false)
	f.Add(0.0, 0.0, 0.0, 1.0, 0.9, 0.1, 0.2, 0.8, uint8(1), false)
	f.Add(1e300, -1e300, 0.0, 1.0, 0.9, 0.1, 0.2, 0.8, uint8(2), false)
	f.Add(math.NaN(), 0.0, 0.0, 1.0, 0.9, 0.1, 0.2, 0.8, uint8(0), false)
	f.Add(math.Inf(1), 0.0, 0.0, 1.0, 0.9, 0.1, 0.2, 0.8, uint8(0), false)
	f.Add(1.0, 0.0, 0.0, 1.0, 0.9, 0.1, 0.2, 0.8, uint8(0), true)
	temps := []float64{0.5, 0.1, 1}
	f.Fuzz(func(t *testing.T, a00, a01, a10, a11, b00, b01, b10, b11 float64, tempSel uint8, empty bool) {
		e := fuzzGet(&fuzzNTXent, func(zI, zJ *Node) []*Node {
			var outs []*Node
			for _, tau := range temps {
				l := NTXent(zI, zJ, Reduce(ReductionSum), Temperature(tau))
				lc := NTXentChunked(zI, zJ, 1, Reduce(ReductionSum), Temperature(tau))
				outs = append(outs, l, Gradient(l, zI)[0], lc, Gradient(lc, zI)[0])
			}
			return outs
		})
		k := int(tempSel) % len(temps)
		zI := [][]float64{{a00, a01}, {a10, a11}}
		zJ := [][]float64{{b00, b01}, {b10, b11}}
		all := e.MustExec(vecTensor(flatten(zI), empty, 2, 2), vecTensor(flatten(zJ), empty, 2, 2))
		outs := all[4*k : 4*k+4]
		if empty {
			checkEmptyOutputs(t, "NTXent", outs[:2])
			checkEmptyOutputs(t, "NTXentChunked", outs[2:])
			return
		}
		want := 4 * ntxentReference(zI, zJ, temps[k]) // sum over the 2N = 4 anchors
		got := tensors.MustCopyFlatData[float64](outs[0])[0]
		gotC := tensors.MustCopyFlatData[float64](outs[2])[0]
		if !closeTo(got, want, 1e-9) || !closeTo(gotC, want, 1e-9) {
			t.Errorf("NTXent / NTXentChunked(zI=%v, zJ=%v, τ=%g) = %.17g / %.17g, float64 reference %.17g", zI, zJ, temps[k], got, gotC, want)
		}
		if math.IsNaN(want) {
			return
		}
		g, gc := tensors.MustCopyFlatData[float64](outs[1]), tensors.MustCopyFlatData[float64](outs[3])
		for i := range g {
			if !closeTo(gc[i], g[i], 1e-7) || math.IsNaN(g[i]) {
				t.Errorf("∂NTXent/∂zI = %v, ∂NTXentChunked/∂zI = %v at zI=%v, zJ=%v, τ=%g: want equal and finite", g, gc, zI, zJ, temps[k])
				break
			}
		}
	})
}

func FuzzGaussianNLL(f *testing.F) {
	f.Add(0.0, 1.0, 1.0, false, false)
	f.Add(0.0, 1.0, 1e-9, false, false)
	f.Add(0.0, 1.0, -1.0, false, false)
	f.Add(0.0, 1.0, math.Inf(1), true, false)
	f.Add(math.NaN(), 1.0, 1.0, false, false)
	f.Add(1e200, -1e200, 1.0, false, false)
	f.Add(0.0, 1.0, 2.0, true, true)
	f.Fuzz(func(t *testing.T, mu, y, v float64, full, empty bool) {
		e := fuzzGet(&fuzzGaussian, func(m, y, v *Node) []*Node {
			l := GaussianNLL(m, y, v, Reduce(ReductionSum))
			lf := GaussianNLL(m, y, v, Reduce(ReductionSum), Full())
			gl := Gradient(l, m, v)
			return []*Node{l, gl[0], gl[1], lf}
		})
		outs := e.MustExec(vecTensor([]float64{mu}, empty, 1), vecTensor([]float64{y}, empty, 1), vecTensor([]float64{v}, empty, 1))
		if empty {
			checkEmptyOutputs(t, "GaussianNLL", outs[:3])
			return
		}
		// PyTorch GaussianNLLLoss: v̂ = max(v, eps), eps = 1e-6; a negative variance is an error there, NaN here.
		vh := math.Max(v, 1e-6)
		want := 0.5 * (math.Log(vh) + (y-mu)*(y-mu)/vh)
		if v < 0 {
			want = math.NaN()
		}
		got := tensors.MustCopyFlatData[float64](outs[0])[0]
		if full {
			got = tensors.MustCopyFlatData[float64](outs[3])[0]
			want += 0.5 * math.Log(2*math.Pi)
		}
		if !closeTo(got, want, 1e-9) {
			t.Errorf("GaussianNLL(mean=%g, target=%g, var=%g, full=%v) = %.17g, float64 reference %.17g", mu, y, v, full, got, want)
		}
		if math.IsNaN(want) || math.IsInf(want, 0) || v < 0 {
			return
		}
		gMu, gV := tensors.MustCopyFlatData[float64](outs[1])[0], tensors.MustCopyFlatData[float64](outs[2])[0]
		wantMu, wantV := (mu-y)/vh, 0.5*(1/vh-(y-mu)*(y-mu)/(vh*vh))
		if !closeTo(gMu, wantMu, 1e-9) || !closeTo(gV, wantV, 1e-9) {
			t.Errorf("GaussianNLL(mean=%g, target=%g, var=%g) gradients (%.17g, %.17g), float64 reference (%.17g, %.17g)", mu, y, v, gMu, gV, wantMu, wantV)
		}
	})
}
