package losses

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"os"
	"slices"
	"testing"

	"github.com/gomlx/compute/dtypes"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/stretchr/testify/require"
)

func TestMeanSquaredErrorValues(t *testing.T) {
	for _, nb := range testBackends() {
		t.Run(nb.Name, func(t *testing.T) {
			cases := []struct {
				name      string
				pred, tgt []float64
				opts      func(g *Graph) []Option
				want      float64
			}{
				{"mean", []float64{1, 2, 3}, []float64{1, 0, 0}, nil, (0 + 4 + 9) / 3.0},
				{"sum", []float64{1, 2, 3}, []float64{1, 0, 0}, func(g *Graph) []Option { return []Option{Reduce(ReductionSum)} }, 13},
				{"masked mean", []float64{1, 2, 3}, []float64{1, 0, 0}, func(g *Graph) []Option {
					return []Option{Mask(Const(g, []bool{true, true, false}))}
				}, 2},
				{"fully masked mean is 0", []float64{1, 2, 3}, []float64{1, 0, 0}, func(g *Graph) []Option {
					return []Option{Mask(Const(g, []bool{false, false, false}))}
				}, 0},
				{"weighted mean", []float64{1, 2, 3}, []float64{1, 0, 0}, func(g *Graph) []Option {
					return []Option{Weights(Const(g, []float64{0, 1, 3}))}
				}, (4 + 27) / 4.0},
				{"element mean (PyTorch weight semantics)", []float64{1, 2, 3}, []float64{1, 0, 0}, func(g *Graph) []Option {
					return []Option{Weights(Const(g, []float64{0, 1, 3})), Reduce(ReductionElementMean)}
				}, (4 + 27) / 3.0},
			}
			for _, c := range cases {
				got := execScalar(t, nb.Backend, func(g *Graph) *Node {
					var opts []Option
					if c.opts != nil {
						opts = c.opts(g)
					}
					return MeanSquaredError(Const(g, c.pred), Const(g, c.tgt), opts...)
				})
				require.InDeltaf(t, c.want, got, 1e-12, "MeanSquaredError %s: pred=%v target=%v: got %g, want %g", c.name, c.pred, c.tgt, got, c.want)
			}
		})
	}
}

func TestMeanSquaredErrorGradientThreeWays(t *testing.T) {
	pred := []float64{0.3, -1.2, 2.5, 0.0}
	tgt := []float64{1, 0, 2, -0.5}
	checkGradThreeWays(t, "MeanSquaredError", func(xs []*Node) *Node {
		return MeanSquaredError(xs[0], xs[1])
	}, input(pred, 4), constInput(tgt, 4))
}

func TestMeanSquaredErrorBadInput(t *testing.T) {
	expectLossError(t, "shape", func(g *Graph) {
		MeanSquaredError(Const(g, []float32{1, 2}), Const(g, []float32{1, 2, 3}))
	}, "losses.MeanSquaredError", "targets", "[3]", "[2]")
	expectLossError(t, "int dtype", func(g *Graph) {
		MeanSquaredError(Const(g, []int32{1, 2}), Const(g, []int32{1, 2}))
	}, "losses.MeanSquaredError", "predictions", "Int32")
	expectLossError(t, "unsupported option", func(g *Graph) {
		MeanSquaredError(Const(g, []float32{1}), Const(g, []float32{1}), PosWeight(Const(g, []float32{1})))
	}, "losses.MeanSquaredError", "PosWeight")
}

// TestNilTensorOptionIsAnError: a tensor-valued option given a nil *Node must not
// silently switch the option off (the loss would then be unweighted/unmasked).
func TestNilTensorOptionIsAnError(t *testing.T) {
	f := func(g *Graph) *Node { return Const(g, []float32{1, 2}) }
	cases := []struct {
		name  string
		build func(g *Graph)
	}{
		{"Weights", func(g *Graph) { MeanSquaredError(f(g), f(g), Weights(nil)) }},
		{"Mask", func(g *Graph) { MeanSquaredError(f(g), f(g), Mask(nil)) }},
		{"PosWeight", func(g *Graph) { BinaryCrossEntropyWithLogits(f(g), f(g), PosWeight(nil)) }},
		{"ClassWeights", func(g *Graph) {
			SoftmaxCrossEntropy(Const(g, [][]float32{{1, 2}}), Const(g, []int32{0}), ClassWeights(nil))
		}},
		{"DecoderLogVariance", func(g *Graph) {
			x := Const(g, [][]float32{{1, 2}})
			VAELoss(x, x, x, x, Reconstruction(Gaussian), DecoderLogVariance(nil))
		}},
	}
	for _, c := range cases {
		expectLossError(t, c.name+"(nil)", c.build, c.name, "is nil")
	}
}

func TestMeanSquaredErrorHalfPrecision(t *testing.T) {
	for _, dt := range []dtypes.DType{dtypes.Float16, dtypes.BFloat16} {
		got := execScalar(t, testBackends()[0].Backend, func(g *Graph) *Node {
			p := ConvertDType(Const(g, []float32{1, 2, 3}), dt)
			y := ConvertDType(Const(g, []float32{1, 0, 0}), dt)
			l := MeanSquaredError(p, y)
			if l.DType() != dt {
				t.Errorf("MeanSquaredError(%s) returned dtype %s, want %s", dt, l.DType(), dt)
			}
			return l
		})
		require.InDeltaf(t, 13.0/3, got, 0.02, "MeanSquaredError in %s", dt)
	}
}

// torchCase is one case of testdata/golden/{regression,metric}.json, written by
// gen_regression.py / gen_metric.py with PyTorch 1.13 in float64. Grads are the
// gradients of the sum of Value with respect to the named inputs.
type torchCase struct {
	Name      string               `json:"name"`
	Fn        string               `json:"fn"`
	Params    map[string]any       `json:"params"`
	Reduction string               `json:"reduction"`
	Inputs    map[string][]float64 `json:"inputs"`
	Dims      map[string][]int     `json:"dims"`
	Value     []float64            `json:"value"`
	ValueDims []int                `json:"value_dims"`
	Grads     map[string][]float64 `json:"grads"`
}

func (c *torchCase) param(t *testing.T, key string) float64 {
	t.Helper()
	v, ok := c.Params[key].(float64)
	if !ok {
		t.Fatalf("case %q: parameter %q missing or not a number", c.Name, key)
	}
	return v
}

func (c *torchCase) flag(key string) bool { b, _ := c.Params[key].(bool); return b }

var torchReductions = map[string]Reduction{"mean": ReductionMean, "sum": ReductionSum, "none": ReductionNone}

// runTorchGolden checks every case of the golden file: value and gradients, on every test backend.
// build returns the loss for the case given its inputs by name and the reduction option.
func runTorchGolden(t *testing.T, file string, build func(t *testing.T, c *torchCase, in map[string]*Node, red Option) *Node) {
	t.Helper()
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("reading golden file: %v", err)
	}
	var golden struct {
		Cases []torchCase `json:"cases"`
	}
	if err := json.Unmarshal(raw, &golden); err != nil {
		t.Fatalf("parsing %s: %v", file, err)
	}
	if len(golden.Cases) == 0 {
		t.Fatalf("%s has no cases", file)
	}
	for _, nb := range testBackends() {
		for _, c := range golden.Cases {
			gradNames := slices.Sorted(maps.Keys(c.Grads))
			outs := execFlat(t, nb.Backend, func(g *Graph) []*Node {
				in := map[string]*Node{}
				for k, v := range c.Inputs {
					in[k] = Const(g, tensors.FromFlatDataAndDimensions(v, c.Dims[k]...))
				}
				red, ok := torchReductions[c.Reduction]
				if !ok {
					t.Fatalf("case %q: unknown reduction %q", c.Name, c.Reduction)
				}
				loss := build(t, &c, in, Reduce(red))
				outs := []*Node{loss}
				for _, k := range gradNames {
					outs = append(outs, Gradient(ReduceAllSum(loss), in[k])[0])
				}
				return outs
			})
			what := fmt.Sprintf("%s on %s", c.Name, nb.Name)
			compareTorch(t, what+": value", outs[0], c.Value)
			for i, k := range gradNames {
				compareTorch(t, what+": gradient wrt "+k, outs[i+1], c.Grads[k])
			}
		}
	}
}

// compareTorch requires |got − want| ≤ 1e-9·max(1, |want|) element-wise.
func compareTorch(t *testing.T, what string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: got %d values, want %d (PyTorch)", what, len(got), len(want))
		return
	}
	for i := range got {
		if math.Abs(got[i]-want[i]) > 1e-9*math.Max(1, math.Abs(want[i])) || math.IsNaN(got[i]) {
			t.Errorf("%s: element %d: got %.12g, want %.12g (PyTorch)", what, i, got[i], want[i])
			return
		}
	}
}

func TestRegressionMatchesPyTorch(t *testing.T) {
	runTorchGolden(t, "testdata/golden/regression.json", func(t *testing.T, c *torchCase, in map[string]*Node, red Option) *Node {
		switch c.Fn {
		case "MeanSquaredError":
			return MeanSquaredError(in["pred"], in["target"], red)
		case "MeanAbsoluteError":
			return MeanAbsoluteError(in["pred"], in["target"], red)
		case "Huber":
			return Huber(in["pred"], in["target"], red, Delta(c.param(t, "delta")))
		case "SmoothL1":
			return SmoothL1(in["pred"], in["target"], red, Beta(c.param(t, "beta")))
		case "LogCosh":
			return LogCosh(in["pred"], in["target"], red)
		case "GaussianNLL":
			opts := []Option{red, Eps(c.param(t, "eps"))}
			if c.flag("full") {
				opts = append(opts, Full())
			}
			return GaussianNLL(in["mean"], in["target"], in["var"], opts...)
		case "LaplaceNLL":
			return LaplaceNLL(in["loc"], in["target"], in["scale"], red, Eps(c.param(t, "eps")))
		}
		t.Fatalf("case %q: unknown function %q", c.Name, c.Fn)
		return nil
	})
}

// Points with |pred − target| ∈ {0.3, 0.8, 1.7, 2.6}: away from the kinks 0 (abs),
// 0.7 (the δ/β used below) and 1.
var (
	kinkFreePred = []float64{1.3, -0.8, 2.7, -2.6, 0.5, 0.2}
	kinkFreeTgt  = []float64{1.0, 0.0, 1.0, 0.0, -0.3, -1.5}
)

func TestRegressionGradientThreeWays(t *testing.T) {
	cases := []struct {
		name string
		loss func(p, y *Node) *Node
	}{
		{"MeanAbsoluteError", func(p, y *Node) *Node { return MeanAbsoluteError(p, y) }},
		{"Huber delta=0.7", func(p, y *Node) *Node { return Huber(p, y, Delta(0.7)) }},
		{"Huber delta=2 sum", func(p, y *Node) *Node { return Huber(p, y, Delta(2), Reduce(ReductionSum)) }},
		{"SmoothL1 beta=0.7", func(p, y *Node) *Node { return SmoothL1(p, y, Beta(0.7)) }},
		{"SmoothL1 beta=0 (L1)", func(p, y *Node) *Node { return SmoothL1(p, y, Beta(0)) }},
		{"LogCosh", func(p, y *Node) *Node { return LogCosh(p, y) }},
	}
	for _, c := range cases {
		// Both predictions and targets are differentiated: the closed forms cover both.
		checkGradThreeWays(t, c.name, func(xs []*Node) *Node { return c.loss(xs[0], xs[1]) },
			input(kinkFreePred, 2, 3), input(kinkFreeTgt, 2, 3))
	}
	variance := []float64{0.5, 2.0, 0.1, 1.5, 3.0, 0.7}
	checkGradThreeWays(t, "GaussianNLL", func(xs []*Node) *Node { return GaussianNLL(xs[0], xs[1], xs[2]) },
		input(kinkFreePred, 2, 3), input(kinkFreeTgt, 2, 3), input(variance, 2, 3))
	checkGradThreeWays(t, "GaussianNLL full, variance [B,1], weighted", func(xs []*Node) *Node {
		w := Const(xs[0].Graph(), [][]float64{{1, 2, 0.5}, {0, 1, 1}})
		return GaussianNLL(xs[0], xs[1], xs[2], Full(), Weights(w))
	}, input(kinkFreePred, 2, 3), input(kinkFreeTgt, 2, 3), input([]float64{0.4, 1.3}, 2, 1))
	checkGradThreeWays(t, "LaplaceNLL", func(xs []*Node) *Node { return LaplaceNLL(xs[0], xs[1], xs[2]) },
		input(kinkFreePred, 2, 3), input(kinkFreeTgt, 2, 3), input(variance, 2, 3))
	checkGradThreeWays(t, "LaplaceNLL scale [B]", func(xs []*Node) *Node {
		return LaplaceNLL(xs[0], xs[1], xs[2], Reduce(ReductionSum))
	}, input(kinkFreePred, 2, 3), constInput(kinkFreeTgt, 2, 3), input([]float64{0.4, 1.3}, 2))
}

// lossAndGrad returns the flat values of loss(p, y) (unreduced) and of its gradient
// with respect to p, for constant p and y, on the Go backend.
func lossAndGrad(t *testing.T, p, y []float64, loss func(p, y *Node) *Node) (value, grad []float64) {
	t.Helper()
	outs := execFlat(t, testBackends()[0].Backend, func(g *Graph) []*Node {
		pn, yn := Const(g, p), Const(g, y)
		l := loss(pn, yn)
		return []*Node{l, Gradient(ReduceAllSum(l), pn)[0]}
	})
	return outs[0], outs[1]
}

func TestRegressionValuesByHand(t *testing.T) {
	none := Reduce(ReductionNone)
	p := []float64{0, 0.5, -0.5, 3, -3, 0.25}
	y := []float64{0, 0, 0, 0, 0, 0}
	cases := []struct {
		name       string
		loss       func(p, y *Node) *Node
		value, grd []float64
	}{
		// |d|, gradient sign(d) with 0 at d = 0 (PyTorch's subgradient).
		{"MeanAbsoluteError", func(p, y *Node) *Node { return MeanAbsoluteError(p, y, none) },
			[]float64{0, 0.5, 0.5, 3, 3, 0.25}, []float64{0, 1, -1, 1, -1, 1}},
		// δ=2: ½d² inside, 2(|d| − 1) outside; gradient clip(d, −2, 2).
		{"Huber delta=2", func(p, y *Node) *Node { return Huber(p, y, none, Delta(2)) },
			[]float64{0, 0.125, 0.125, 4, 4, 0.03125}, []float64{0, 0.5, -0.5, 2, -2, 0.25}},
		// β=2: ½d²/2 inside, |d| − 1 outside; gradient clip(d/2, −1, 1).
		{"SmoothL1 beta=2", func(p, y *Node) *Node { return SmoothL1(p, y, none, Beta(2)) },
			[]float64{0, 0.0625, 0.0625, 2, 2, 0.015625}, []float64{0, 0.25, -0.25, 1, -1, 0.125}},
		// β=0 is L1.
		{"SmoothL1 beta=0", func(p, y *Node) *Node { return SmoothL1(p, y, none, Beta(0)) },
			[]float64{0, 0.5, 0.5, 3, 3, 0.25}, []float64{0, 1, -1, 1, -1, 1}},
		{"LogCosh", func(p, y *Node) *Node { return LogCosh(p, y, none) },
			mapF(p, func(d float64) float64 { return math.Log(math.Cosh(d)) }), mapF(p, math.Tanh)},
	}
	for _, c := range cases {
		v, g := lossAndGrad(t, p, y, c.loss)
		for i := range p {
			if math.Abs(v[i]-c.value[i]) > 1e-12 || math.Abs(g[i]-c.grd[i]) > 1e-12 {
				t.Errorf("%s at d=%g: got loss %g, gradient %g; want loss %g, gradient %g", c.name, p[i], v[i], g[i], c.value[i], c.grd[i])
			}
		}
	}
}

func mapF(xs []float64, f func(float64) float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

func TestHuberIsDeltaTimesSmoothL1(t *testing.T) {
	p := []float64{-4, -1.2, -0.3, 0.1, 0.6, 2.5, 7}
	y := make([]float64, len(p))
	for _, delta := range []float64{0.5, 1, 3} {
		h, hg := lossAndGrad(t, p, y, func(p, y *Node) *Node { return Huber(p, y, Reduce(ReductionNone), Delta(delta)) })
		s, sg := lossAndGrad(t, p, y, func(p, y *Node) *Node { return SmoothL1(p, y, Reduce(ReductionNone), Beta(delta)) })
		for i := range p {
			if math.Abs(h[i]-delta*s[i]) > 1e-12 || math.Abs(hg[i]-delta*sg[i]) > 1e-12 {
				t.Errorf("delta=beta=%g, d=%g: Huber=%g (gradient %g), want δ·SmoothL1=%g (gradient %g)", delta, p[i], h[i], hg[i], delta*s[i], delta*sg[i])
			}
			// Gradients are clipped at ±δ for Huber and at ±1 for SmoothL1.
			if math.Abs(hg[i]) > delta+1e-12 || math.Abs(sg[i]) > 1+1e-12 {
				t.Errorf("delta=beta=%g, d=%g: Huber gradient %g must be within ±δ, SmoothL1 gradient %g within ±1", delta, p[i], hg[i], sg[i])
			}
			if delta == 1 && math.Abs(h[i]-s[i]) > 1e-12 {
				t.Errorf("δ=β=1, d=%g: Huber=%g and SmoothL1=%g must be equal (the syllabus' nn.SmoothL1Loss(beta=1.0))", p[i], h[i], s[i])
			}
		}
	}
}

func TestRegressionExtremeInputs(t *testing.T) {
	b := testBackends()[0].Backend
	// float32: cosh(100) and 1e20² overflow; the stable forms do not.
	outs := execFlat(t, b, func(g *Graph) []*Node {
		p := Const(g, []float32{1e4, -1e4, 100, 1e20})
		y := Const(g, []float32{0, 0, 0, 0})
		lc := LogCosh(p, y, Reduce(ReductionNone))
		hu := Huber(p, y, Reduce(ReductionNone), Delta(1))
		return []*Node{lc, Gradient(ReduceAllSum(lc), p)[0], hu, Gradient(ReduceAllSum(hu), p)[0]}
	})
	wantLC := []float64{1e4 - math.Ln2, 1e4 - math.Ln2, 100 - math.Ln2, 1e20}
	for i, w := range wantLC {
		if math.Abs(outs[0][i]-w) > 1e-6*math.Abs(w) {
			t.Errorf("LogCosh(float32 d=%g) = %g, want %g", []float64{1e4, -1e4, 100, 1e20}[i], outs[0][i], w)
		}
	}
	if !slices.Equal(outs[1], []float64{1, -1, 1, 1}) {
		t.Errorf("LogCosh gradient at large |d| (float32) = %v, want tanh = [1 -1 1 1]", outs[1])
	}
	if h := outs[2][3]; math.IsInf(h, 0) || math.Abs(h-1e20) > 1e14 {
		t.Errorf("Huber(float32 d=1e20) = %g, want ≈ 1e20 (finite: no d² is formed)", h)
	}
	if !slices.Equal(outs[3], []float64{1, -1, 1, 1}) {
		t.Errorf("Huber gradient at large |d| = %v, want [1 -1 1 1]", outs[3])
	}

	// GaussianNLL: zero variance is clamped to eps (finite); negative variance gives NaN.
	outs = execFlat(t, b, func(g *Graph) []*Node {
		mu := Const(g, []float64{0.5, 0.5, 0.5})
		y := Const(g, []float64{0, 0, 0})
		v := Const(g, []float64{0, 1e-30, -1})
		l := GaussianNLL(mu, y, v, Reduce(ReductionNone))
		grads := Gradient(ReduceAllSum(Where(IsNaN(l), ZerosLike(l), l)), mu, v)
		lap := LaplaceNLL(mu, y, v, Reduce(ReductionNone))
		return []*Node{l, grads[0], grads[1], lap}
	})
	wantClamped := 0.5 * (math.Log(1e-6) + 0.25/1e-6)
	for i := 0; i < 2; i++ {
		if math.Abs(outs[0][i]-wantClamped) > 1e-6*wantClamped {
			t.Errorf("GaussianNLL with variance %g: got %g, want the value at the clamp eps=1e-6: %g", []float64{0, 1e-30}[i], outs[0][i], wantClamped)
		}
		// Straight-through clamp: ∂ℓ/∂σ² is the formula at v̂ = eps, not 0.
		wantGV := 0.5 * (1/1e-6 - 0.25/1e-12)
		if math.Abs(outs[2][i]-wantGV) > 1e-6*math.Abs(wantGV) {
			t.Errorf("GaussianNLL gradient wrt a clamped variance: got %g, want %g (PyTorch's straight-through clamp)", outs[2][i], wantGV)
		}
	}
	if !math.IsNaN(outs[0][2]) || !math.IsNaN(outs[3][2]) {
		t.Errorf("GaussianNLL/LaplaceNLL with a negative variance/scale: got %g / %g, want NaN (documented)", outs[0][2], outs[3][2])
	}
	if outs[1][2] != 0 || outs[2][2] != 0 {
		t.Errorf("gradient at a negative variance: got %g (mean), %g (variance), want 0, 0", outs[1][2], outs[2][2])
	}
}

// TestNLLMinimisers shows the MLE link: with a fixed spread, the μ minimising
// GaussianNLL (i.e. MSE) is the mean of the targets and the μ minimising LaplaceNLL
// (i.e. MAE) is their median — robust to the outlier 20.
func TestNLLMinimisers(t *testing.T) {
	targets := []float64{0, 1, 2, 3, 20} // mean 5.2, median 2
	const steps = 221                    // μ = −1.0, −0.9, …, 21.0
	mus := make([]float64, steps)
	for i := range mus {
		mus[i] = -1 + 0.1*float64(i)
	}
	outs := execFlat(t, testBackends()[0].Backend, func(g *Graph) []*Node {
		mu := BroadcastToDims(InsertAxes(Const(g, mus), -1), steps, len(targets))
		y := BroadcastToDims(InsertAxes(Const(g, targets), 0), steps, len(targets))
		one := OnesLike(mu)
		gauss := ReduceSum(GaussianNLL(mu, y, one, Reduce(ReductionNone)), 1)
		laplace := ReduceSum(LaplaceNLL(mu, y, one, Reduce(ReductionNone)), 1)
		return []*Node{gauss, laplace}
	})
	argmin := func(xs []float64) float64 {
		best := 0
		for i := range xs {
			if xs[i] < xs[best] {
				best = i
			}
		}
		return mus[best]
	}
	if got := argmin(outs[0]); math.Abs(got-5.2) > 1e-9 {
		t.Errorf("argmin over μ of GaussianNLL(μ; %v) = %g, want the mean 5.2", targets, got)
	}
	if got := argmin(outs[1]); math.Abs(got-2) > 1e-9 {
		t.Errorf("argmin over μ of LaplaceNLL(μ; %v) = %g, want the median 2", targets, got)
	}
}

func TestRegressionBadInput(t *testing.T) {
	f := func(g *Graph, v ...float32) *Node { return Const(g, v) }
	expectLossError(t, "negative delta", func(g *Graph) { Huber(f(g, 1), f(g, 1), Delta(-1)) }, "losses.Huber", "Delta", "-1")
	expectLossError(t, "zero delta", func(g *Graph) { Huber(f(g, 1), f(g, 1), Delta(0)) }, "losses.Huber", "Delta", "> 0")
	expectLossError(t, "negative beta", func(g *Graph) { SmoothL1(f(g, 1), f(g, 1), Beta(-0.5)) }, "losses.SmoothL1", "Beta", "-0.5")
	expectLossError(t, "Beta given to Huber", func(g *Graph) { Huber(f(g, 1), f(g, 1), Beta(1)) }, "losses.Huber", "Beta", "not supported")
	expectLossError(t, "shape", func(g *Graph) { MeanAbsoluteError(f(g, 1, 2), f(g, 1, 2, 3)) }, "losses.MeanAbsoluteError", "targets", "[3]", "[2]")
	expectLossError(t, "int dtype", func(g *Graph) { LogCosh(Const(g, []int32{1}), Const(g, []int32{1})) }, "losses.LogCosh", "predictions", "Int32")
	expectLossError(t, "variance shape", func(g *Graph) {
		GaussianNLL(Const(g, [][]float32{{1, 2}}), Const(g, [][]float32{{1, 2}}), Const(g, [][]float32{{1, 2, 3}}))
	}, "losses.GaussianNLL", "variance", "[1, 3]", "[1, 2]")
	expectLossError(t, "negative eps", func(g *Graph) { LaplaceNLL(f(g, 1), f(g, 1), f(g, 1), Eps(-1)) }, "losses.LaplaceNLL", "Eps")
	expectLossError(t, "weights shape", func(g *Graph) { LogCosh(f(g, 1, 2), f(g, 1, 2), Weights(f(g, 1))) }, "losses.LogCosh", "Weights")
}

func TestRegressionHalfPrecision(t *testing.T) {
	for _, dt := range []dtypes.DType{dtypes.Float16, dtypes.BFloat16} {
		got := execScalar(t, testBackends()[0].Backend, func(g *Graph) *Node {
			p := ConvertDType(Const(g, []float32{0.5, 3}), dt)
			y := ConvertDType(Const(g, []float32{0, 0}), dt)
			v := ConvertDType(Const(g, []float32{1, 1}), dt)
			l := Add(Add(Huber(p, y), SmoothL1(p, y)), Add(LogCosh(p, y), GaussianNLL(p, y, v)))
			if l.DType() != dt {
				t.Errorf("losses in %s returned dtype %s", dt, l.DType())
			}
			return l
		})
		want := 2*(0.125+2.5)/2 + (math.Log(math.Cosh(0.5))+math.Log(math.Cosh(3)))/2 + 0.5*(0.25+9)/2
		require.InDeltaf(t, want, got, 0.05, "Huber+SmoothL1+LogCosh+GaussianNLL in %s", dt)
	}
}
