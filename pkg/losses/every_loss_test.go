package losses

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"math"
	"strings"
	"testing"

	"github.com/gomlx/compute"
	"github.com/gomlx/compute/dtypes"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
)

// This file holds the registry of every loss of the package (everyLoss) and the
// tests that run on all of them: NaN propagation, the empty-batch rule and (in
// backend_explicit_test.go) the explicit GOMLX_BACKEND=go watchdog. A new loss
// must be added to everyLoss; TestEveryLossIsRegistered checks the list against
// the package's exported loss functions.

// caseInput is one input of a lossCase: float64 values (converted to the dtype)
// of the given dimensions.
type caseInput struct {
	name   string
	dims   []int
	values []float64
	dtype  dtypes.DType // Float64 when zero
}

func (in caseInput) isFloat() bool { return in.dtype == dtypes.InvalidDType || in.dtype.IsFloat() }

func (in caseInput) tensor() *tensors.Tensor {
	dt := in.dtype
	if dt == dtypes.InvalidDType {
		dt = dtypes.Float64
	}
	t := tensors.FromFlatDataAndDimensions(append([]float64(nil), in.values...), in.dims...)
	if dt == dtypes.Float64 {
		return t
	}
	// Convert on the host (exactly) by building the tensor of the wanted dtype.
	switch dt {
	case dtypes.Float32:
		v := make([]float32, len(in.values))
		for i, x := range in.values {
			v[i] = float32(x)
		}
		return tensors.FromFlatDataAndDimensions(v, in.dims...)
	case dtypes.Int32:
		v := make([]int32, len(in.values))
		for i, x := range in.values {
			v[i] = int32(x)
		}
		return tensors.FromFlatDataAndDimensions(v, in.dims...)
	case dtypes.Bool:
		v := make([]bool, len(in.values))
		for i, x := range in.values {
			v[i] = x != 0
		}
		return tensors.FromFlatDataAndDimensions(v, in.dims...)
	}
	panic(fmt.Sprintf("caseInput.tensor: unsupported dtype %s", dt))
}

// lossCase is one loss (with one set of options) of the registry.
type lossCase struct {
	name string
	// inputs returns the inputs for a batch of b examples.
	inputs func(b int) []caseInput
	// build computes the loss from the input nodes (in the order of inputs) with
	// the extra options (Reduce, Mask, Weights).
	build func(xs []*Node, opts ...Option) *Node
	// elemDims is the shape of the element-wise loss for a batch of b (the shape
	// Weights and Mask take); nil when the loss does not support Weights/Mask.
	elemDims func(b int) []int
}

// wave returns n deterministic values scale·sin(1.3·i + phase) + offset.
func wave(n int, scale, phase, offset float64) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = offset + scale*math.Sin(1.3*float64(i)+phase)
	}
	return v
}

// prob returns n deterministic values in [0.1, 0.9].
func prob(n int, phase float64) []float64 { return wave(n, 0.4, phase, 0.5) }

// rowsSumToOne returns b rows of c positive values summing to 1.
func rowsSumToOne(b, c int, phase float64) []float64 {
	v := wave(b*c, 0.4, phase, 0.5)
	for i := 0; i < b; i++ {
		s := 0.0
		for k := 0; k < c; k++ {
			s += v[i*c+k]
		}
		for k := 0; k < c; k++ {
			v[i*c+k] /= s
		}
	}
	return v
}

// labelsFor returns b class labels in [0, c).
func labelsFor(b, c int) []float64 {
	v := make([]float64, b)
	for i := range v {
		v[i] = float64((i*3 + 1) % c)
	}
	return v
}

// binary returns b values in {0, 1}, alternating.
func binary(b int) []float64 {
	v := make([]float64, b)
	for i := range v {
		v[i] = float64((i + 1) % 2)
	}
	return v
}

func f(name string, values []float64, dims ...int) caseInput {
	return caseInput{name: name, dims: dims, values: values}
}

func intInput(name string, values []float64, dims ...int) caseInput {
	return caseInput{name: name, dims: dims, values: values, dtype: dtypes.Int32}
}

// elementwise builds the case of a (predictions, targets) loss on [b, 3].
func elementwise(name string, loss func(p, y *Node, opts ...Option) *Node, pred func(n int) []float64, target func(n int) []float64, extra ...Option) lossCase {
	return lossCase{
		name: name,
		inputs: func(b int) []caseInput {
			return []caseInput{f("predictions", pred(3*b), b, 3), f("targets", target(3*b), b, 3)}
		},
		build:    func(xs []*Node, opts ...Option) *Node { return loss(xs[0], xs[1], append(opts, extra...)...) },
		elemDims: func(b int) []int { return []int{b, 3} },
	}
}

// gpTestCritic is a fixed smooth critic for GradientPenalty: tanh(x·w)·v.
func gpTestCritic(x *Node) *Node {
	g := x.Graph()
	w := Const(g, [][]float64{{0.3, -0.2}, {0.5, 0.1}, {-0.4, 0.6}})
	v := Const(g, [][]float64{{1.0}, {-0.7}})
	w, v = ConvertDType(w, x.DType()), ConvertDType(v, x.DType())
	return Reshape(MatMul(Tanh(MatMul(x, w)), v), x.Shape().Dimensions[0])
}

// everyLoss is the registry: every loss of the package, at least once.
func everyLoss() []lossCase {
	logits := func(n int) []float64 { return wave(n, 2, 0.1, 0) }
	cases := []lossCase{
		elementwise("BinaryCrossEntropy", BinaryCrossEntropy, func(n int) []float64 { return prob(n, 0.3) }, func(n int) []float64 { return prob(n, 1.7) }),
		elementwise("BinaryCrossEntropyWithLogits", BinaryCrossEntropyWithLogits, logits, func(n int) []float64 { return prob(n, 1.7) }),
		{
			name: "BinaryCrossEntropyWithLogits/PosWeight",
			inputs: func(b int) []caseInput {
				return []caseInput{f("logits", logits(3*b), b, 3), f("targets", binary(3*b), b, 3), f("PosWeight", []float64{2, 0.5, 1}, 3)}
			},
			build: func(xs []*Node, opts ...Option) *Node {
				return BinaryCrossEntropyWithLogits(xs[0], xs[1], append(opts, PosWeight(xs[2]))...)
			},
			elemDims: func(b int) []int { return []int{b, 3} },
		},
		elementwise("SigmoidFocalLoss", SigmoidFocalLoss, logits, func(n int) []float64 { return prob(n, 1.7) }, Alpha(0.25)),
		elementwise("MeanSquaredError", MeanSquaredError, logits, func(n int) []float64 { return wave(n, 1, 2, 0.5) }),
		elementwise("MeanAbsoluteError", MeanAbsoluteError, logits, func(n int) []float64 { return wave(n, 1, 2, 0.5) }),
		elementwise("Huber", Huber, logits, func(n int) []float64 { return wave(n, 1, 2, 0.5) }, Delta(0.7)),
		elementwise("SmoothL1", SmoothL1, logits, func(n int) []float64 { return wave(n, 1, 2, 0.5) }, Beta(0.7)),
		elementwise("LogCosh", LogCosh, logits, func(n int) []float64 { return wave(n, 1, 2, 0.5) }),
		elementwise("KLDivergence", KLDivergence, func(n int) []float64 { return wave(n, 1, 0.4, -2) }, func(n int) []float64 { return prob(n, 0.9) }),
		elementwise("KLDivergence/LogTarget", KLDivergence, func(n int) []float64 { return wave(n, 1, 0.4, -2) }, func(n int) []float64 { return wave(n, 1, 0.9, -1.5) }, LogTarget()),
		{
			name: "SoftmaxCrossEntropyDense",
			inputs: func(b int) []caseInput {
				return []caseInput{f("logits", logits(4*b), b, 4), f("targets", rowsSumToOne(b, 4, 0.5), b, 4)}
			},
			build: func(xs []*Node, opts ...Option) *Node {
				return SoftmaxCrossEntropyDense(xs[0], xs[1], append(opts, LabelSmoothing(0.1))...)
			},
			elemDims: func(b int) []int { return []int{b} },
		},
	}
	// Integer-label losses, with class weights (a float input).
	intLabelCase := func(name string, loss func(x, labels *Node, opts ...Option) *Node, extra ...Option) lossCase {
		return lossCase{
			name: name,
			inputs: func(b int) []caseInput {
				return []caseInput{f("logits", logits(4*b), b, 4), intInput("labels", labelsFor(b, 4), b), f("ClassWeights", []float64{1, 2, 0.5, 1.5}, 4)}
			},
			build: func(xs []*Node, opts ...Option) *Node {
				return loss(xs[0], xs[1], append(append(opts, ClassWeights(xs[2])), extra...)...)
			},
			elemDims: func(b int) []int { return []int{b} },
		}
	}
	cases = append(cases,
		intLabelCase("SoftmaxCrossEntropy", SoftmaxCrossEntropy, LabelSmoothing(0.1), IgnoreIndex(-1)),
		intLabelCase("NegativeLogLikelihood", NegativeLogLikelihood),
		intLabelCase("SoftmaxFocalLoss", SoftmaxFocalLoss),
	)
	// Regression NLLs: (mean, target, variance/scale).
	for _, nll := range []struct {
		name string
		loss func(m, y, s *Node, opts ...Option) *Node
	}{{"GaussianNLL", GaussianNLL}, {"LaplaceNLL", LaplaceNLL}} {
		cases = append(cases, lossCase{
			name: nll.name,
			inputs: func(b int) []caseInput {
				return []caseInput{f("mean", logits(2*b), b, 2), f("target", wave(2*b, 1, 2, 0.5), b, 2), f("scale", prob(2*b, 0.2), b, 2)}
			},
			build:    func(xs []*Node, opts ...Option) *Node { return nll.loss(xs[0], xs[1], xs[2], opts...) },
			elemDims: func(b int) []int { return []int{b, 2} },
		})
	}
	// Metric learning.
	emb := func(phase float64) func(b int) []float64 {
		return func(b int) []float64 { return wave(4*b, 1, phase, 0.2) }
	}
	cases = append(cases,
		lossCase{
			name: "TripletMargin",
			inputs: func(b int) []caseInput {
				return []caseInput{f("anchor", emb(0)(b), b, 4), f("positive", emb(0.3)(b), b, 4), f("negative", emb(2)(b), b, 4)}
			},
			build: func(xs []*Node, opts ...Option) *Node {
				return TripletMargin(xs[0], xs[1], xs[2], append(opts, Margin(2))...)
			},
			elemDims: func(b int) []int { return []int{b} },
		},
		lossCase{
			name: "TripletMargin/Swap/Cosine",
			inputs: func(b int) []caseInput {
				return []caseInput{f("anchor", emb(0)(b), b, 4), f("positive", emb(0.3)(b), b, 4), f("negative", emb(2)(b), b, 4)}
			},
			build: func(xs []*Node, opts ...Option) *Node {
				return TripletMargin(xs[0], xs[1], xs[2], append(opts, Margin(2), Swap(), Dist(DistanceCosine))...)
			},
			elemDims: func(b int) []int { return []int{b} },
		},
		lossCase{
			name: "Contrastive",
			inputs: func(b int) []caseInput {
				return []caseInput{f("x1", emb(0)(b), b, 4), f("x2", emb(1)(b), b, 4), f("similar", binary(b), b)}
			},
			build: func(xs []*Node, opts ...Option) *Node {
				return Contrastive(xs[0], xs[1], xs[2], append(opts, Margin(3))...)
			},
			elemDims: func(b int) []int { return []int{b} },
		},
		lossCase{
			name: "NTXent",
			inputs: func(b int) []caseInput {
				return []caseInput{f("zI", emb(0)(b), b, 4), f("zJ", emb(0.5)(b), b, 4)}
			},
			build:    func(xs []*Node, opts ...Option) *Node { return NTXent(xs[0], xs[1], opts...) },
			elemDims: func(b int) []int { return []int{2 * b} },
		},
		lossCase{
			name: "NTXentChunked",
			inputs: func(b int) []caseInput {
				return []caseInput{f("zI", emb(0)(b), b, 4), f("zJ", emb(0.5)(b), b, 4)}
			},
			build:    func(xs []*Node, opts ...Option) *Node { return NTXentChunked(xs[0], xs[1], 2, opts...) },
			elemDims: func(b int) []int { return []int{2 * b} },
		},
		lossCase{
			name: "InfoNCE/Symmetric",
			inputs: func(b int) []caseInput {
				return []caseInput{f("queries", emb(0)(b), b, 4), f("keys", emb(0.5)(b), b, 4)}
			},
			build:    func(xs []*Node, opts ...Option) *Node { return InfoNCE(xs[0], xs[1], append(opts, Symmetric())...) },
			elemDims: func(b int) []int { return []int{b} },
		},
	)
	// Generative.
	cases = append(cases,
		lossCase{
			name: "GANDiscriminatorLoss",
			inputs: func(b int) []caseInput {
				return []caseInput{f("realLogits", logits(b), b), f("fakeLogits", wave(b, 2, 1, 0), b)}
			},
			build: func(xs []*Node, opts ...Option) *Node {
				return GANDiscriminatorLoss(xs[0], xs[1], append(opts, RealLabel(0.9))...)
			},
		},
		lossCase{
			name:     "GANGeneratorMinimaxLoss",
			inputs:   func(b int) []caseInput { return []caseInput{f("fakeLogits", logits(b), b)} },
			build:    func(xs []*Node, opts ...Option) *Node { return GANGeneratorMinimaxLoss(xs[0], opts...) },
			elemDims: func(b int) []int { return []int{b} },
		},
		lossCase{
			name:     "GANGeneratorNonSaturatingLoss",
			inputs:   func(b int) []caseInput { return []caseInput{f("fakeLogits", logits(b), b)} },
			build:    func(xs []*Node, opts ...Option) *Node { return GANGeneratorNonSaturatingLoss(xs[0], opts...) },
			elemDims: func(b int) []int { return []int{b} },
		},
		lossCase{
			name: "WassersteinCriticLoss",
			inputs: func(b int) []caseInput {
				return []caseInput{f("realScores", logits(b), b), f("fakeScores", wave(b, 2, 1, 0), b)}
			},
			build: func(xs []*Node, opts ...Option) *Node { return WassersteinCriticLoss(xs[0], xs[1], opts...) },
		},
		lossCase{
			name:     "WassersteinGeneratorLoss",
			inputs:   func(b int) []caseInput { return []caseInput{f("fakeScores", logits(b), b)} },
			build:    func(xs []*Node, opts ...Option) *Node { return WassersteinGeneratorLoss(xs[0], opts...) },
			elemDims: func(b int) []int { return []int{b} },
		},
		lossCase{
			name: "GradientPenalty",
			inputs: func(b int) []caseInput {
				return []caseInput{f("real", wave(3*b, 1, 0, 0), b, 3), f("fake", wave(3*b, 1, 1, 0), b, 3), f("epsilon", prob(b, 0.4), b)}
			},
			build: func(xs []*Node, opts ...Option) *Node {
				return GradientPenalty(gpTestCritic, xs[0], xs[1], xs[2], opts...)
			},
			elemDims: func(b int) []int { return []int{b} },
		},
		lossCase{
			name: "GaussianKL",
			inputs: func(b int) []caseInput {
				return []caseInput{f("mean", logits(2*b), b, 2), f("logVar", wave(2*b, 1, 0.7, 0), b, 2)}
			},
			build:    func(xs []*Node, opts ...Option) *Node { return GaussianKL(xs[0], xs[1], opts...) },
			elemDims: func(b int) []int { return []int{b} },
		},
		lossCase{
			name: "VAELoss/BernoulliLogits",
			inputs: func(b int) []caseInput {
				return []caseInput{f("x", prob(3*b, 0.1), b, 3), f("decoderOut", logits(3*b), b, 3),
					f("mean", wave(2*b, 1, 0.2, 0), b, 2), f("logVar", wave(2*b, 1, 0.7, 0), b, 2)}
			},
			build: func(xs []*Node, opts ...Option) *Node {
				return VAELoss(xs[0], xs[1], xs[2], xs[3], append(opts, KLWeight(0.5))...).Total
			},
			elemDims: func(b int) []int { return []int{b} },
		},
		lossCase{
			name: "VAELoss/Gaussian/DecoderLogVariance",
			inputs: func(b int) []caseInput {
				return []caseInput{f("x", prob(3*b, 0.1), b, 3), f("decoderOut", logits(3*b), b, 3),
					f("mean", wave(2*b, 1, 0.2, 0), b, 2), f("logVar", wave(2*b, 1, 0.7, 0), b, 2), f("DecoderLogVariance", wave(3*b, 1, 0.3, 0), b, 3)}
			},
			build: func(xs []*Node, opts ...Option) *Node {
				return VAELoss(xs[0], xs[1], xs[2], xs[3], append(opts, Reconstruction(Gaussian), DecoderLogVariance(xs[4]))...).Total
			},
			elemDims: func(b int) []int { return []int{b} },
		},
	)
	return cases
}

// lossOutputs runs c at batch size b with opts (plus, when withGrad, the
// gradient with respect to every float input) on backend be. extraInputs are
// appended to the case's inputs and handed to opts (for Weights/Mask): optsFn
// receives every input node.
type lossRun struct {
	loss  []float64   // flat loss values
	dims  []int       // loss shape
	grads [][]float64 // one per float input (nil for integer inputs)
}

func runLossCase(t *testing.T, be compute.Backend, c lossCase, ins []caseInput, withGrad bool, optsFn func(xs []*Node) []Option) (*lossRun, error) {
	t.Helper()
	n := len(ins)
	e, err := NewExec(be, func(xs []*Node) []*Node {
		var opts []Option
		if optsFn != nil {
			opts = optsFn(xs)
		}
		l := c.build(xs[:n], opts...)
		outs := []*Node{ConvertDType(l, dtypes.Float64)}
		if withGrad {
			var wrt []*Node
			for i, in := range ins {
				if in.isFloat() {
					wrt = append(wrt, xs[i])
				}
			}
			y := l
			if !y.IsScalar() {
				y = ReduceAllSum(y)
			}
			for _, gr := range Gradient(y, wrt...) {
				outs = append(outs, ConvertDType(gr, dtypes.Float64))
			}
		}
		return outs
	})
	if err != nil {
		return nil, err
	}
	defer e.Finalize()
	args := make([]any, len(ins))
	for i, in := range ins {
		args[i] = in.tensor()
	}
	outs, err := e.Exec(args...)
	if err != nil {
		return nil, err
	}
	r := &lossRun{loss: tensors.MustCopyFlatData[float64](outs[0]), dims: outs[0].Shape().Dimensions}
	k := 1
	for _, in := range ins {
		if !in.isFloat() {
			r.grads = append(r.grads, nil)
			continue
		}
		if withGrad {
			r.grads = append(r.grads, tensors.MustCopyFlatData[float64](outs[k]))
			k++
		}
	}
	return r, nil
}

// TestEveryLossPropagatesNaN: a NaN in any element of any float input (the loss
// inputs, Weights, ClassWeights, PosWeight, ...) gives a NaN loss with the mean
// and the sum reductions — a NaN is never turned into a finite number.
func TestEveryLossPropagatesNaN(t *testing.T) {
	for _, nb := range testBackends() {
		for _, c := range everyLoss() {
			const b = 3
			base := c.inputs(b)
			// Every float input, plus Weights when the loss supports them.
			type target struct {
				name    string
				ins     []caseInput
				weights bool
			}
			var targets []target
			for i, in := range base {
				if !in.isFloat() {
					continue
				}
				for _, pos := range []int{0, len(in.values) - 1} {
					ins := append([]caseInput(nil), base...)
					ins[i].values = append([]float64(nil), in.values...)
					ins[i].values[pos] = math.NaN()
					targets = append(targets, target{name: fmt.Sprintf("%s[%d]", in.name, pos), ins: ins})
				}
			}
			if c.elemDims != nil {
				dims := c.elemDims(b)
				w := caseInput{name: "Weights", dims: dims, values: wave(prod(dims), 0.3, 0, 1)}
				w.values[0] = math.NaN()
				targets = append(targets, target{name: "Weights[0]", ins: append(append([]caseInput(nil), base...), w), weights: true})
			}
			for _, tg := range targets {
				for _, red := range []Reduction{ReductionMean, ReductionSum} {
					weights := tg.weights
					r, err := runLossCase(t, nb.Backend, c, tg.ins, false, func(xs []*Node) []Option {
						opts := []Option{Reduce(red)}
						if weights {
							opts = append(opts, Weights(xs[len(xs)-1]))
						}
						return opts
					})
					if err != nil {
						t.Errorf("%s on %s with NaN in %s, Reduce(%s): error %v, want a NaN loss", c.name, nb.Name, tg.name, red, err)
						continue
					}
					if !math.IsNaN(r.loss[0]) {
						t.Errorf("%s on %s with NaN in %s, Reduce(%s): loss = %g, want NaN", c.name, nb.Name, tg.name, red, r.loss[0])
					}
				}
			}
		}
	}
}

// TestEveryLossEmptyBatch checks the package's empty-batch rule on every loss:
// with a leading (batch) axis of 0, ReductionSum is 0, ReductionMean is 0,
// ReductionNone returns an empty tensor, the same values come out with an
// (empty) Mask, and the gradient with respect to every float input is defined
// (an empty tensor of the input's shape, or zeros for inputs without a batch axis).
func TestEveryLossEmptyBatch(t *testing.T) {
	for _, nb := range testBackends() {
		for _, c := range everyLoss() {
			ins := c.inputs(0)
			variants := []struct {
				name string
				mask bool
			}{{"", false}}
			if c.elemDims != nil {
				variants = append(variants, struct {
					name string
					mask bool
				}{" with Mask", true})
			}
			for _, v := range variants {
				allIns := ins
				if v.mask {
					allIns = append(append([]caseInput(nil), ins...), caseInput{name: "Mask", dims: c.elemDims(0), dtype: dtypes.Bool})
				}
				for _, red := range []Reduction{ReductionSum, ReductionMean, ReductionNone} {
					mask := v.mask
					r, err := runLossCase(t, nb.Backend, c, allIns, true, func(xs []*Node) []Option {
						opts := []Option{Reduce(red)}
						if mask {
							opts = append(opts, Mask(xs[len(xs)-1]))
						}
						return opts
					})
					what := fmt.Sprintf("%s on %s, empty batch%s, Reduce(%s)", c.name, nb.Name, v.name, red)
					if err != nil {
						t.Errorf("%s: error %v, want the documented empty-batch value", what, err)
						continue
					}
					if red == ReductionNone {
						if len(r.loss) != 0 {
							t.Errorf("%s: got %d loss values (shape %v), want an empty tensor", what, len(r.loss), r.dims)
						}
					} else if len(r.loss) != 1 || r.loss[0] != 0 {
						t.Errorf("%s: got %v, want 0", what, r.loss)
					}
					for i, g := range r.grads {
						if g == nil {
							continue
						}
						if want := prod(allIns[i].dims); len(g) != want {
							t.Errorf("%s: gradient wrt %s has %d values, want %d (shape %v)", what, allIns[i].name, len(g), want, allIns[i].dims)
						}
						for _, gv := range g {
							if gv != 0 {
								t.Errorf("%s: gradient wrt %s = %v, want zeros", what, allIns[i].name, g)
								break
							}
						}
					}
				}
			}
		}
	}
}

// TestEveryLossIsRegistered: every exported function of the package that
// returns a loss (*Node or ELBOTerms) from tensor inputs is in everyLoss, so
// the NaN, empty-batch and explicit-backend tests cannot silently skip a new loss.
func TestEveryLossIsRegistered(t *testing.T) {
	notLosses := map[string]bool{"PairwiseDistance": true, "SmoothLabels": true}
	registered := map[string]bool{}
	for _, c := range everyLoss() {
		registered[strings.SplitN(c.name, "/", 2)[0]] = true
	}
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, ".", func(fi fs.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, 0)
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, pkg := range pkgs {
		for _, file := range pkg.Files {
			for _, decl := range file.Decls {
				fn, ok := decl.(*ast.FuncDecl)
				if !ok || fn.Recv != nil || !fn.Name.IsExported() || fn.Type.Results == nil || len(fn.Type.Results.List) != 1 {
					continue
				}
				var res string
				switch r := fn.Type.Results.List[0].Type.(type) {
				case *ast.StarExpr:
					if id, ok := r.X.(*ast.Ident); ok {
						res = "*" + id.Name
					}
				case *ast.Ident:
					res = r.Name
				}
				if res != "*Node" && res != "ELBOTerms" || notLosses[fn.Name.Name] {
					continue
				}
				found++
				if !registered[fn.Name.Name] {
					t.Errorf("loss %s is not in everyLoss (every_loss_test.go): add a case for it", fn.Name.Name)
				}
			}
		}
	}
	if found < 25 {
		t.Errorf("found only %d exported losses in the package sources, want ≥ 25 (is the parser looking at the right directory?)", found)
	}
}
