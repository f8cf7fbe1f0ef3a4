package losses

import (
	"math"
	"testing"

	"github.com/gomlx/compute/dtypes"
	. "github.com/gomlx/gomlx/core/graph"
)

func TestBinaryCrossEntropyValues(t *testing.T) {
	for _, nb := range testBackends() {
		cases := []struct {
			name    string
			p, y    []float64
			opts    []Option
			want    float64
			wantTol float64
		}{
			{"perfect prediction", []float64{1, 0}, []float64{1, 0}, nil, 0, 1e-12},
			{"p=0 for y=1 is clamped at 100", []float64{0}, []float64{1}, nil, 100, 1e-12},
			{"p=1 for y=0 is clamped at 100", []float64{1}, []float64{0}, nil, 100, 1e-12},
			{"p=0.5", []float64{0.5, 0.5}, []float64{1, 0}, nil, math.Ln2, 1e-12},
			{"sum", []float64{0.25, 0.5}, []float64{1, 1}, []Option{Reduce(ReductionSum)}, -math.Log(0.25) - math.Log(0.5), 1e-12},
			{"label smoothing 0.2 on y=1 at p=0.9", []float64{0.9}, []float64{1}, []Option{LabelSmoothing(0.2)}, -(0.9*math.Log(0.9) + 0.1*math.Log(0.1)), 1e-12},
		}
		for _, c := range cases {
			got := execScalar(t, nb.Backend, func(g *Graph) *Node {
				return BinaryCrossEntropy(Const(g, c.p), Const(g, c.y), c.opts...)
			})
			if math.Abs(got-c.want) > c.wantTol {
				t.Errorf("%s: BinaryCrossEntropy(p=%v, y=%v) %s = %.12g, want %.12g", nb.Name, c.p, c.y, c.name, got, c.want)
			}
		}
	}
}

func TestBinaryCrossEntropyFiniteGradientAtZeroAndOne(t *testing.T) {
	// PyTorch: d/dp = (p − y)/max(p(1−p), 1e−12): finite, huge, with the right sign.
	for _, dt := range []dtypes.DType{dtypes.Float32, dtypes.Float64} {
		outs := execFlat(t, testBackends()[0].Backend, func(g *Graph) []*Node {
			p := ConvertDType(Const(g, []float64{0, 1, 0, 1}), dt)
			y := ConvertDType(Const(g, []float64{1, 0, 0, 1}), dt)
			loss := BinaryCrossEntropy(p, y, Reduce(ReductionSum))
			return []*Node{loss, Gradient(loss, p)[0]}
		})
		if got := outs[0][0]; got != 200 {
			t.Errorf("%s: loss at p∈{0,1} = %g, want 200 (two terms clamped at 100, two exact zeros)", dt, got)
		}
		want := []float64{-1e12, 1e12, 0, 0}
		for i, g := range outs[1] {
			if math.IsNaN(g) || math.IsInf(g, 0) || math.Abs(g-want[i]) > 1e-5*math.Abs(want[i])+1e-12 {
				t.Errorf("%s: gradient[%d] = %g, want ≈ %g (finite, PyTorch's clamp)", dt, i, g, want[i])
			}
		}
	}
}

func TestBinaryCrossEntropyGradientThreeWays(t *testing.T) {
	p := []float64{0.1, 0.45, 0.8, 0.97}
	y := []float64{0, 1, 0.3, 1}
	checkGradThreeWays(t, "BinaryCrossEntropy", func(xs []*Node) *Node {
		return BinaryCrossEntropy(xs[0], xs[1])
	}, input(p, 4), constInput(y, 4))
	checkGradThreeWays(t, "BinaryCrossEntropy+LabelSmoothing", func(xs []*Node) *Node {
		return BinaryCrossEntropy(xs[0], xs[1], LabelSmoothing(0.1), Reduce(ReductionSum))
	}, input(p, 2, 2), constInput(y, 2, 2))
}

func TestBinaryCrossEntropyWithLogitsValues(t *testing.T) {
	for _, nb := range testBackends() {
		g3 := func(z, y float64) float64 { // float64 reference: −[y log σ(z) + (1−y) log(1−σ(z))]
			return -(y*math.Log(1/(1+math.Exp(-z))) + (1-y)*math.Log(1-1/(1+math.Exp(-z))))
		}
		cases := []struct {
			name string
			z, y []float64
			opts func(g *Graph) []Option
			want float64
		}{
			{"z=0", []float64{0, 0}, []float64{1, 0}, nil, math.Ln2},
			{"moderate", []float64{1.5, -2}, []float64{1, 0.25}, nil, (g3(1.5, 1) + g3(-2, 0.25)) / 2},
			{"z=±1e4 right side is 0", []float64{1e4, -1e4}, []float64{1, 0}, nil, 0},
			{"z=±1e4 wrong side is |z|", []float64{1e4, -1e4}, []float64{0, 1}, nil, 1e4},
			{"PosWeight [C]=[3,1] weights only the positive term", []float64{0.5, 0.5}, []float64{1, 1},
				func(g *Graph) []Option { return []Option{PosWeight(Const(g, []float64{3, 1}))} }, (3*g3(0.5, 1) + g3(0.5, 1)) / 2},
			{"PosWeight scalar on a negative target changes nothing", []float64{0.5}, []float64{0},
				func(g *Graph) []Option { return []Option{PosWeight(Const(g, 5.0))} }, g3(0.5, 0)},
			{"LabelSmoothing 0.2 (Keras: y' = 0.9)", []float64{2}, []float64{1},
				func(g *Graph) []Option { return []Option{LabelSmoothing(0.2)} }, g3(2, 0.9)},
		}
		for _, c := range cases {
			for _, dt := range []dtypes.DType{dtypes.Float32, dtypes.Float64} {
				got := execScalar(t, nb.Backend, func(g *Graph) *Node {
					var opts []Option
					if c.opts != nil {
						opts = c.opts(g)
					}
					return BinaryCrossEntropyWithLogits(ConvertDType(Const(g, c.z), dt), ConvertDType(Const(g, c.y), dt), opts...)
				})
				tol := 1e-12
				if dt == dtypes.Float32 {
					tol = 1e-5 * math.Max(1, math.Abs(c.want))
				}
				if math.Abs(got-c.want) > tol {
					t.Errorf("%s %s: BinaryCrossEntropyWithLogits(z=%v, y=%v) %s = %.10g, want %.10g", nb.Name, dt, c.z, c.y, c.name, got, c.want)
				}
			}
		}
	}
}

func TestBinaryCrossEntropyWithLogitsGradientThreeWays(t *testing.T) {
	z := []float64{-2.5, -0.3, 0.4, 3.1, 1.2, -1.7}
	y := []float64{0, 1, 0.2, 1, 0, 0.7}
	checkGradThreeWays(t, "BinaryCrossEntropyWithLogits", func(xs []*Node) *Node {
		return BinaryCrossEntropyWithLogits(xs[0], xs[1])
	}, input(z, 2, 3), constInput(y, 2, 3))
	// PosWeight: closed form (1+(p−1)y)σ(z) − p·y, checked against autodiff and finite differences.
	checkGradThreeWays(t, "BinaryCrossEntropyWithLogits+PosWeight", func(xs []*Node) *Node {
		return BinaryCrossEntropyWithLogits(xs[0], xs[1], PosWeight(xs[2]), Weights(xs[3]))
	}, input(z, 2, 3), constInput(y, 2, 3), constInput([]float64{2.5, 0.3, 1}, 3), constInput([]float64{1, 0.5, 2, 0, 1, 1}, 2, 3))
	checkGradThreeWays(t, "BinaryCrossEntropyWithLogits+LabelSmoothing", func(xs []*Node) *Node {
		return BinaryCrossEntropyWithLogits(xs[0], xs[1], LabelSmoothing(0.1), Reduce(ReductionSum))
	}, input(z, 6), constInput(y, 6))
}

func TestBinaryCrossEntropyWithLogitsExtremeFloat32(t *testing.T) {
	outs := execFlat(t, testBackends()[0].Backend, func(g *Graph) []*Node {
		z := Const(g, []float32{1e4, -1e4, 1e4, -1e4})
		y := Const(g, []float32{1, 0, 0, 1})
		loss := BinaryCrossEntropyWithLogits(z, y, Reduce(ReductionSum), PosWeight(Const(g, float32(2))))
		return []*Node{loss, Gradient(loss, z)[0]}
	})
	if got, want := outs[0][0], 1e4+2e4; math.Abs(got-want) > 1 {
		t.Errorf("float32 loss at z=±1e4 = %g, want %g", got, want)
	}
	want := []float64{0, 0, 1, -2} // (1+(p−1)y)σ(z) − p·y with p = 2
	for i, g := range outs[1] {
		if math.Abs(g-want[i]) > 1e-6 {
			t.Errorf("float32 gradient[%d] at z=±1e4 = %g, want %g", i, g, want[i])
		}
	}
}

func TestBinaryCrossEntropyHalfPrecision(t *testing.T) {
	got := execScalar(t, testBackends()[0].Backend, func(g *Graph) *Node {
		z := ConvertDType(Const(g, []float32{0, 0}), dtypes.BFloat16)
		y := ConvertDType(Const(g, []float32{1, 0}), dtypes.BFloat16)
		l := BinaryCrossEntropyWithLogits(z, y)
		if l.DType() != dtypes.BFloat16 {
			t.Errorf("BinaryCrossEntropyWithLogits(bfloat16) returned %s, want BFloat16", l.DType())
		}
		p := ConvertDType(Const(g, []float32{0.5, 0.5}), dtypes.BFloat16)
		return Add(l, BinaryCrossEntropy(p, y))
	})
	if math.Abs(got-2*math.Ln2) > 0.02 {
		t.Errorf("bfloat16 BCE-with-logits + BCE at p=0.5 = %g, want ≈ %g", got, 2*math.Ln2)
	}
}

func TestBinaryCrossEntropyBadInput(t *testing.T) {
	expectLossError(t, "shape", func(g *Graph) {
		BinaryCrossEntropyWithLogits(Const(g, []float32{1, 2}), Const(g, []float32{1, 2, 3}))
	}, "losses.BinaryCrossEntropyWithLogits", "targets", "[3]", "[2]")
	expectLossError(t, "int targets", func(g *Graph) {
		BinaryCrossEntropy(Const(g, []float32{0.5}), Const(g, []int32{1}))
	}, "losses.BinaryCrossEntropy", "targets", "Int32")
	expectLossError(t, "PosWeight of the wrong length", func(g *Graph) {
		BinaryCrossEntropyWithLogits(Const(g, [][]float32{{1, 2, 3}}), Const(g, [][]float32{{1, 0, 1}}), PosWeight(Const(g, []float32{1, 2})))
	}, "losses.BinaryCrossEntropyWithLogits", "PosWeight", "[2]", "[1, 3]")
	expectLossError(t, "smoothing > 1", func(g *Graph) {
		BinaryCrossEntropyWithLogits(Const(g, []float32{1}), Const(g, []float32{1}), LabelSmoothing(1.5))
	}, "losses.BinaryCrossEntropyWithLogits", "LabelSmoothing", "1.5")
	expectLossError(t, "smoothing < 0", func(g *Graph) {
		BinaryCrossEntropy(Const(g, []float32{0.5}), Const(g, []float32{1}), LabelSmoothing(-0.1))
	}, "losses.BinaryCrossEntropy", "LabelSmoothing", "-0.1")
	expectLossError(t, "PosWeight on probabilities", func(g *Graph) {
		BinaryCrossEntropy(Const(g, []float32{0.5}), Const(g, []float32{1}), PosWeight(Const(g, []float32{1})))
	}, "losses.BinaryCrossEntropy", "PosWeight", "not supported")
}
