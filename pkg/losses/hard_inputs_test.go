package losses

import (
	"fmt"
	"math"
	"testing"

	"github.com/gomlx/compute/dtypes"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/stretchr/testify/require"
)

// Hard inputs: label dtypes, out-of-range and ignored labels, zero classes,
// infinite logits, out-of-domain values, cancelling weights and infinite
// hyper-parameters. Each test names the documented rule it checks.

// labelConst builds integer labels of dtype dt holding vals (converted as Go does).
func labelConst(g *Graph, dt dtypes.DType, vals []int64) *Node {
	switch dt {
	case dtypes.Int8:
		return Const(g, convertInts[int8](vals))
	case dtypes.Int16:
		return Const(g, convertInts[int16](vals))
	case dtypes.Int32:
		return Const(g, convertInts[int32](vals))
	case dtypes.Int64:
		return Const(g, vals)
	case dtypes.Uint8:
		return Const(g, convertInts[uint8](vals))
	case dtypes.Uint16:
		return Const(g, convertInts[uint16](vals))
	case dtypes.Uint32:
		return Const(g, convertInts[uint32](vals))
	case dtypes.Uint64:
		return Const(g, convertInts[uint64](vals))
	}
	panic(fmt.Sprintf("labelConst: %s", dt))
}

func convertInts[T int8 | int16 | int32 | uint8 | uint16 | uint32 | uint64](vals []int64) []T {
	out := make([]T, len(vals))
	for i, v := range vals {
		out[i] = T(v)
	}
	return out
}

var allLabelDTypes = []dtypes.DType{dtypes.Int8, dtypes.Int16, dtypes.Int32, dtypes.Int64, dtypes.Uint8, dtypes.Uint16, dtypes.Uint32, dtypes.Uint64}

// integerLabelLosses are the losses that take integer labels, each returning
// (unreduced per-example loss, mean loss, gradient of the mean wrt the input).
var integerLabelLosses = []struct {
	name string
	loss func(x, labels *Node, opts ...Option) *Node
}{
	{"SoftmaxCrossEntropy", SoftmaxCrossEntropy},
	{"NegativeLogLikelihood", NegativeLogLikelihood},
	{"SoftmaxFocalLoss", SoftmaxFocalLoss},
}

// TestEveryLabelDTypeGivesTheInt32Result: every integer dtype GoMLX supports
// gives exactly the int32 result (values, mean and gradient), with and without
// an IgnoreIndex, including an out-of-range label (NaN) and an ignored one.
func TestEveryLabelDTypeGivesTheInt32Result(t *testing.T) {
	logits := wave(4*5, 2, 0.3, 0)
	cases := []struct {
		name   string
		labels []int64
		opts   []Option
	}{
		{"valid", []int64{0, 4, 2, 1}, nil},
		{"ignored", []int64{0, 3, 2, 3}, []Option{IgnoreIndex(3)}},
		{"out of range", []int64{0, 5, 2, 1}, nil}, // 5 ≥ C = 5 in every dtype
	}
	for _, nb := range testBackends() {
		for _, il := range integerLabelLosses {
			for _, c := range cases {
				run := func(dt dtypes.DType) [][]float64 {
					return execFlat(t, nb.Backend, func(g *Graph) []*Node {
						x := Reshape(Const(g, logits), 4, 5)
						lab := labelConst(g, dt, c.labels)
						none := il.loss(x, lab, append([]Option{Reduce(ReductionNone)}, c.opts...)...)
						mean := il.loss(x, lab, c.opts...)
						return []*Node{none, mean, Gradient(mean, x)[0]}
					})
				}
				want := run(dtypes.Int32)
				for _, dt := range allLabelDTypes {
					got := run(dt)
					for k, what := range []string{"per-example loss", "mean", "gradient of the mean"} {
						if !sameFloats(got[k], want[k]) {
							t.Errorf("%s on %s, %s labels %v (%s): %s = %v, want the int32 result %v", il.name, nb.Name, dt, c.labels, c.name, what, got[k], want[k])
						}
					}
				}
			}
		}
	}
}

// sameFloats compares exactly, NaN equal to NaN.
func sameFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] && !(math.IsNaN(a[i]) && math.IsNaN(b[i])) {
			return false
		}
	}
	return true
}

// TestNarrowLabelDTypesWithManyClasses: labels are compared with the class count
// and the ignore index without wrapping around in their dtype: int8 labels with
// 200 classes and int16 labels with 40,000 classes are valid, a uint8 label 156
// is class 156 (not a wrapped −100), and an ignore index the dtype cannot hold
// is a *losses.Error.
func TestNarrowLabelDTypesWithManyClasses(t *testing.T) {
	b := testBackends()[0].Backend
	for _, tc := range []struct {
		dt      dtypes.DType
		classes int
		labels  []int64
	}{
		{dtypes.Int8, 200, []int64{5, 127, 0}},
		{dtypes.Uint8, 200, []int64{156, 199, 0}},
		{dtypes.Int16, 40000, []int64{32767, 100, 0}},
		{dtypes.Uint16, 70000, []int64{65535, 100, 0}},
	} {
		logits := wave(3*tc.classes, 1, 0.2, 0)
		for _, il := range integerLabelLosses {
			run := func(dt dtypes.DType) []float64 {
				return execFlat(t, b, func(g *Graph) []*Node {
					x := Reshape(Const(g, logits), 3, tc.classes)
					return []*Node{il.loss(x, labelConst(g, dt, tc.labels), Reduce(ReductionNone))}
				})[0]
			}
			got, want := run(tc.dt), run(dtypes.Int64)
			for i, v := range got {
				if math.IsNaN(v) || v != want[i] {
					t.Errorf("%s with %s labels %v and %d classes: per-example loss %v, want the int64 result %v (every label is a valid class)", il.name, tc.dt, tc.labels, tc.classes, got, want)
					break
				}
			}
		}
	}
	// uint8 label 156 with IgnoreIndex(255) (representable): label 255 is ignored, 156 is a class.
	for _, il := range integerLabelLosses {
		got := execFlat(t, b, func(g *Graph) []*Node {
			x := Reshape(Const(g, wave(2*200, 1, 0.2, 0)), 2, 200)
			return []*Node{il.loss(x, Const(g, []uint8{156, 255}), IgnoreIndex(255), Reduce(ReductionNone))}
		})[0]
		if !finite(got[0]) || got[0] == 0 || got[1] != 0 {
			t.Errorf("%s with uint8 labels [156 255] and IgnoreIndex(255): per-example loss %v, want [finite non-zero, 0]", il.name, got)
		}
		expectLossError(t, il.name+" uint8 labels with IgnoreIndex(-100)", func(g *Graph) {
			x := Reshape(Const(g, wave(2*200, 1, 0.2, 0)), 2, 200)
			il.loss(x, Const(g, []uint8{156, 3}), IgnoreIndex(-100))
		}, "losses."+il.name, "IgnoreIndex", "-100", "Uint8")
		expectLossError(t, il.name+" int32 labels with IgnoreIndex(1<<40)", func(g *Graph) {
			x := Reshape(Const(g, wave(2*4, 1, 0.2, 0)), 2, 4)
			il.loss(x, Const(g, []int32{1, 3}), IgnoreIndex(1<<40))
		}, "losses."+il.name, "IgnoreIndex", "Int32")
		// uint64 labels ≥ 2⁶³ are out of range (NaN), not negative numbers that could match an ignore index.
		got = execFlat(t, b, func(g *Graph) []*Node {
			x := Reshape(Const(g, wave(2*4, 1, 0.2, 0)), 2, 4)
			return []*Node{il.loss(x, Const(g, []uint64{math.MaxUint64, 1}), Reduce(ReductionNone))}
		})[0]
		if !math.IsNaN(got[0]) || math.IsNaN(got[1]) {
			t.Errorf("%s with uint64 labels [2⁶⁴−1 1]: per-example loss %v, want [NaN, finite]", il.name, got)
		}
	}
}

// TestAllLabelsOutOfRangeGiveNaNMean: the documented NaN for out-of-range labels
// is delivered even when every label is out of range (the mean's denominator is
// then 0), while a fully ignored batch still has mean 0.
func TestAllLabelsOutOfRangeGiveNaNMean(t *testing.T) {
	for _, nb := range testBackends() {
		for _, il := range integerLabelLosses {
			for _, opts := range [][]Option{nil, {ClassWeights(nil)}} {
				withCW := opts != nil
				outs := execFlat(t, nb.Backend, func(g *Graph) []*Node {
					x := Reshape(Const(g, wave(2*4, 1, 0.2, 0)), 2, 4)
					var o []Option
					if withCW {
						o = append(o, ClassWeights(Const(g, []float64{1, 2, 3, 4})))
					}
					bad := Const(g, []int32{7, -2})
					ignored := Const(g, []int32{-1, -1})
					return []*Node{
						il.loss(x, bad, o...),
						il.loss(x, bad, append(o, Reduce(ReductionSum))...),
						il.loss(x, ignored, append(o, IgnoreIndex(-1))...),
					}
				})
				if !math.IsNaN(outs[0][0]) || !math.IsNaN(outs[1][0]) {
					t.Errorf("%s on %s (class weights %v), every label out of range: mean %g, sum %g, want NaN and NaN", il.name, nb.Name, withCW, outs[0][0], outs[1][0])
				}
				if outs[2][0] != 0 {
					t.Errorf("%s on %s (class weights %v), every label ignored: mean %g, want 0", il.name, nb.Name, withCW, outs[2][0])
				}
			}
		}
	}
}

// TestZeroClassesIsAnError: logits with a class axis of size 0 are rejected with
// a *losses.Error naming the argument and the shape.
func TestZeroClassesIsAnError(t *testing.T) {
	for _, il := range integerLabelLosses {
		expectLossError(t, il.name+" with 0 classes", func(g *Graph) {
			il.loss(Zeros(g, shapeF32(3, 0)), Const(g, []int32{0, 0, 0}))
		}, "losses."+il.name, "no classes", "[3, 0]")
	}
	expectLossError(t, "SoftmaxCrossEntropyDense with 0 classes", func(g *Graph) {
		SoftmaxCrossEntropyDense(Zeros(g, shapeF32(3, 0)), Zeros(g, shapeF32(3, 0)))
	}, "losses.SoftmaxCrossEntropyDense", "logits", "no classes", "[3, 0]")
}

// TestNegativeInfiniteLogitOnAnotherClass: a logit of −∞ on a class other than
// the target has probability 0 and the loss is finite, with the softmax
// gradient (PyTorch's F.cross_entropy gives the same finite values).
func TestNegativeInfiniteLogitOnAnotherClass(t *testing.T) {
	inf := math.Inf(-1)
	z := []float64{inf, 1, 2, 0.5, inf, -1}
	labels := []int32{2, 0}
	// Reference: softmax over the finite logits of each row.
	var wantLoss float64
	wantGrad := make([]float64, 6)
	for r := 0; r < 2; r++ {
		row := z[3*r : 3*r+3]
		s := 0.0
		for _, v := range row {
			s += math.Exp(v)
		}
		wantLoss += (math.Log(s) - row[labels[r]]) / 2
		for k, v := range row {
			wantGrad[3*r+k] = math.Exp(v) / s / 2
			if k == int(labels[r]) {
				wantGrad[3*r+k] -= 0.5
			}
		}
	}
	for _, nb := range testBackends() {
		outs := execFlat(t, nb.Backend, func(g *Graph) []*Node {
			x := Reshape(Const(g, z), 2, 3)
			lab := Const(g, labels)
			ce := SoftmaxCrossEntropy(x, lab)
			dense := SoftmaxCrossEntropyDense(x, OneHot(lab, 3, dtypes.Float64))
			logp := logSoftmaxStable(x)
			nll := NegativeLogLikelihood(logp, lab)
			focal := SoftmaxFocalLoss(x, lab, Gamma(2))
			return []*Node{ce, Gradient(ce, x)[0], dense, Gradient(dense, x)[0], nll, focal, Gradient(focal, x)[0]}
		})
		requireAllClose(t, nb.Name+" SoftmaxCrossEntropy with −Inf on other classes", outs[0], []float64{wantLoss}, 1e-12)
		requireAllClose(t, nb.Name+" ∂SoftmaxCrossEntropy/∂z", outs[1], wantGrad, 1e-12)
		requireAllClose(t, nb.Name+" SoftmaxCrossEntropyDense with −Inf where the target is 0", outs[2], []float64{wantLoss}, 1e-12)
		requireAllClose(t, nb.Name+" ∂SoftmaxCrossEntropyDense/∂z", outs[3], wantGrad, 1e-12)
		requireAllClose(t, nb.Name+" NegativeLogLikelihood with log p = −Inf on other classes", outs[4], []float64{wantLoss}, 1e-12)
		if !finite(outs[5][0]) || outs[5][0] <= 0 {
			t.Errorf("%s SoftmaxFocalLoss with −Inf on other classes: %g, want finite > 0", nb.Name, outs[5][0])
		}
		for _, v := range outs[6] {
			if !finite(v) {
				t.Errorf("%s ∂SoftmaxFocalLoss/∂z with −Inf on other classes: %v, want finite", nb.Name, outs[6])
				break
			}
		}
	}
}

// TestInfiniteLogitsOnTheAgreeingSide: binary logits of ±∞ on the side the target
// agrees with give the limit 0 (with gradient 0), on the other side +∞, for BCE
// with logits (with and without PosWeight), sigmoid focal, the GAN discriminator
// and the VAE's Bernoulli reconstruction.
func TestInfiniteLogitsOnTheAgreeingSide(t *testing.T) {
	inf := math.Inf(1)
	for _, nb := range testBackends() {
		outs := execFlat(t, nb.Backend, func(g *Graph) []*Node {
			z := Const(g, []float64{inf, -inf})
			y := Const(g, []float64{1, 0})
			yWrong := Const(g, []float64{0, 1})
			none := Reduce(ReductionNone)
			bce := BinaryCrossEntropyWithLogits(z, y, none)
			bcePW := BinaryCrossEntropyWithLogits(z, y, none, PosWeight(Const(g, 3.0)))
			bceWrong := BinaryCrossEntropyWithLogits(z, yWrong, none)
			focal := SigmoidFocalLoss(z, y, none, Alpha(0.25))
			focal0 := SigmoidFocalLoss(z, y, none, Gamma(0))
			focalWrong := SigmoidFocalLoss(z, yWrong, none)
			disc := GANDiscriminatorLoss(Const(g, []float64{inf}), Const(g, []float64{-inf}))
			vae := VAELoss(Const(g, [][]float64{{1, 0}}), Reshape(z, 1, 2), Const(g, [][]float64{{0}}), Const(g, [][]float64{{0}})).Reconstruction
			mean := BinaryCrossEntropyWithLogits(z, y)
			fmean := SigmoidFocalLoss(z, y)
			return []*Node{bce, bcePW, bceWrong, focal, focal0, focalWrong, disc, vae, Gradient(mean, z)[0], Gradient(fmean, z)[0]}
		})
		for i, what := range []string{"BinaryCrossEntropyWithLogits", "BinaryCrossEntropyWithLogits(PosWeight)", "", "SigmoidFocalLoss", "SigmoidFocalLoss(Gamma 0)", "", "GANDiscriminatorLoss", "VAELoss Bernoulli reconstruction"} {
			if what == "" {
				continue
			}
			for _, v := range outs[i] {
				if v != 0 {
					t.Errorf("%s on %s at z = ±∞ with the agreeing target: %v, want 0 (the limit)", what, nb.Name, outs[i])
					break
				}
			}
		}
		for i, what := range map[int]string{2: "BinaryCrossEntropyWithLogits", 5: "SigmoidFocalLoss"} {
			for _, v := range outs[i] {
				if !math.IsInf(v, 1) {
					t.Errorf("%s on %s at z = ±∞ with the opposite target: %v, want +Inf", what, nb.Name, outs[i])
					break
				}
			}
		}
		requireAllClose(t, nb.Name+" ∂BCEWithLogits/∂z at ±∞", outs[8], []float64{0, 0}, 0)
		requireAllClose(t, nb.Name+" ∂SigmoidFocal/∂z at ±∞", outs[9], []float64{0, 0}, 0)
	}
}

// TestOutOfDomainValues: probabilities outside [0, 1] in BinaryCrossEntropy and
// negative KL targets give NaN (never a finite number); weights that cancel
// (Σw = 0 with non-zero w) make the weighted mean NaN, while all-zero weights
// (a fully masked batch) give 0.
func TestOutOfDomainValues(t *testing.T) {
	for _, nb := range testBackends() {
		outs := execFlat(t, nb.Backend, func(g *Graph) []*Node {
			y := Const(g, []float64{1, 0})
			p := Const(g, []float64{0.5, 0.5})
			logq := Const(g, []float64{-1, -1})
			cancel := Const(g, []float64{1, -1})
			zeroW := Const(g, []float64{0, 0})
			x := Const(g, [][]float64{{0.1, 0.4}, {1, -1}})
			lab := Const(g, []int32{0, 1})
			return []*Node{
				BinaryCrossEntropy(Const(g, []float64{-0.1, 0.5}), y),
				BinaryCrossEntropy(Const(g, []float64{0.5, 1.2}), y),
				KLDivergence(logq, Const(g, []float64{-0.2, 0.5})),
				MeanSquaredError(p, y, Weights(cancel)),
				BinaryCrossEntropyWithLogits(p, y, Weights(cancel)),
				SoftmaxCrossEntropy(x, lab, ClassWeights(Const(g, []float64{1, -1}))),
				SoftmaxCrossEntropy(x, lab, Weights(cancel)),
				MeanSquaredError(p, y, Weights(zeroW)),
				MeanSquaredError(p, y, Mask(Const(g, []bool{false, false}))),
				MeanSquaredError(p, y, Mask(Const(g, []float64{1, -1}))),
			}
		})
		names := []string{"BCE with p = −0.1", "BCE with p = 1.2", "KL with a negative target", "MSE with weights [1 −1]",
			"BCEWithLogits with weights [1 −1]", "SoftmaxCE with class weights [1 −1] summing to 0 over the batch", "SoftmaxCE with weights [1 −1]"}
		for i, n := range names {
			if !math.IsNaN(outs[i][0]) {
				t.Errorf("%s on %s: %g, want NaN", n, nb.Name, outs[i][0])
			}
		}
		if outs[7][0] != 0 || outs[8][0] != 0 {
			t.Errorf("MSE on %s with all-zero weights / a fully false mask: %g, %g, want 0 and 0", nb.Name, outs[7][0], outs[8][0])
		}
		if !math.IsNaN(outs[9][0]) {
			t.Errorf("MSE on %s with a float mask [1 −1] (cancelling): %g, want NaN", nb.Name, outs[9][0])
		}
	}
}

// TestInfiniteHyperParameters: Huber with δ = +Inf is ½d² (with gradient d);
// SmoothL1 with β = +Inf (a loss identically 0) and other non-finite
// hyper-parameters are *losses.Error; a critic returning integer scores is a
// *losses.Error.
func TestInfiniteHyperParameters(t *testing.T) {
	for _, nb := range testBackends() {
		outs := execFlat(t, nb.Backend, func(g *Graph) []*Node {
			p := Const(g, []float64{3, -0.5, 100})
			y := Const(g, []float64{0, 0, 0})
			h := Huber(p, y, Delta(math.Inf(1)), Reduce(ReductionSum))
			return []*Node{h, Gradient(h, p)[0]}
		})
		requireAllClose(t, nb.Name+" Huber(δ=+Inf)", outs[0], []float64{0.5 * (9 + 0.25 + 10000)}, 1e-12)
		requireAllClose(t, nb.Name+" ∂Huber(δ=+Inf)/∂p", outs[1], []float64{3, -0.5, 100}, 1e-12)
	}
	m := func(g *Graph) *Node { return Const(g, [][]float32{{1, 2}, {3, 4}}) }
	inf := math.Inf(1)
	expectLossError(t, "SmoothL1 β=+Inf", func(g *Graph) { SmoothL1(m(g), m(g), Beta(inf)) }, "losses.SmoothL1", "Beta", "finite", "+Inf")
	expectLossError(t, "Triplet margin +Inf", func(g *Graph) { TripletMargin(m(g), m(g), m(g), Margin(inf)) }, "losses.TripletMargin", "Margin", "finite")
	expectLossError(t, "Contrastive eps +Inf", func(g *Graph) { Contrastive(m(g), m(g), Const(g, []float32{1, 0}), Eps(inf)) }, "losses.Contrastive", "Eps", "finite")
	expectLossError(t, "NTXent temperature +Inf", func(g *Graph) { NTXent(m(g), m(g), Temperature(inf)) }, "losses.NTXent", "Temperature", "finite")
	expectLossError(t, "GaussianNLL eps +Inf", func(g *Graph) { GaussianNLL(m(g), m(g), m(g), Eps(inf)) }, "losses.GaussianNLL", "Eps", "finite")
	expectLossError(t, "VAE KLWeight +Inf", func(g *Graph) { VAELoss(m(g), m(g), m(g), m(g), KLWeight(inf)) }, "losses.VAELoss", "KLWeight", "finite")
	expectLossError(t, "Focal Gamma +Inf", func(g *Graph) { SigmoidFocalLoss(m(g), m(g), Gamma(inf)) }, "losses.SigmoidFocalLoss", "Gamma", "finite")
	expectLossError(t, "integer critic", func(g *Graph) {
		intCritic := func(x *Node) *Node { return ConvertDType(ReduceSum(x, 1), dtypes.Int32) }
		GradientPenalty(intCritic, m(g), m(g), Const(g, []float32{0.5, 0.5}))
	}, "losses.GradientPenalty", "critic", "float", "Int32")
}

// TestEmptyBatchRuleIsDocumented: the value of the empty-batch rule, checked
// once more on a class-weighted, masked loss with ReductionElementMean and
// ReductionBatchMean (the registry test covers Mean, Sum and None on every loss).
func TestEmptyBatchOtherReductions(t *testing.T) {
	b := testBackends()[0].Backend
	for _, red := range []Reduction{ReductionElementMean, ReductionBatchMean} {
		got := execScalar(t, b, func(g *Graph) *Node {
			return KLDivergence(Zeros(g, shapeF32(0, 3)), Zeros(g, shapeF32(0, 3)), Reduce(red), Mask(Zeros(g, shapeF32(0, 3))))
		})
		require.Equalf(t, 0.0, got, "KLDivergence of an empty batch with Reduce(%s)", red)
	}
}

// TestSubByteLabelDTypesAreAnError: GoMLX's integer dtypes include sub-byte
// ones (Int1/2/4, Uint1/2/4), which can hold neither a useful class count nor
// an ignore index, and which the label comparisons cannot use: they are a
// *losses.Error naming the loss, the labels and the dtype, not a GoMLX panic.
func TestSubByteLabelDTypesAreAnError(t *testing.T) {
	for _, dt := range []dtypes.DType{dtypes.Int4, dtypes.Uint4, dtypes.Int2, dtypes.Uint2, dtypes.Int1, dtypes.Uint1} {
		for _, il := range integerLabelLosses {
			expectLossError(t, fmt.Sprintf("%s with %s labels", il.name, dt), func(g *Graph) {
				x := Reshape(Const(g, wave(2*3, 1, 0.2, 0)), 2, 3)
				il.loss(x, ConvertDType(Const(g, []int32{1, 0}), dt))
			}, "losses."+il.name, "labels", dt.String())
		}
	}
}

// TestZeroFeatureEmbeddingsAreAnError: embeddings with a feature axis of size 0
// ([B, 0]) are a *losses.Error in the metric losses and PairwiseDistance, as in
// NTXent and InfoNCE — not a raw runtime panic of the backend (index out of
// range in the gradient, a broadcast error for the cosine distance).
func TestZeroFeatureEmbeddingsAreAnError(t *testing.T) {
	e := func(g *Graph) *Node { return Zeros(g, shapeF32(3, 0)) }
	for _, d := range []Distance{DistanceL2, DistanceSquaredL2, DistanceCosine} {
		expectLossError(t, fmt.Sprintf("TripletMargin [3, 0] %v", d), func(g *Graph) {
			TripletMargin(e(g), e(g), e(g), Dist(d))
		}, "losses.TripletMargin", "anchor", "at least one feature", "[3, 0]")
		expectLossError(t, fmt.Sprintf("Contrastive [3, 0] %v", d), func(g *Graph) {
			Contrastive(e(g), e(g), Zeros(g, shapeF32(3)), Dist(d))
		}, "losses.Contrastive", "x1", "at least one feature", "[3, 0]")
		expectLossError(t, fmt.Sprintf("PairwiseDistance [3, 0] %v", d), func(g *Graph) {
			PairwiseDistance(e(g), e(g), d, 1e-6)
		}, "losses.PairwiseDistance", "at least one feature", "[3, 0]")
	}
}
