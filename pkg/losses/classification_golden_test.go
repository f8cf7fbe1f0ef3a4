package losses

import (
	"encoding/json"
	"math"
	"os"
	"slices"
	"testing"

	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
)

// goldenCase is one case of testdata/golden/classification.json, written by
// testdata/golden/gen_classification.py with PyTorch 1.13 in float64.
type goldenCase struct {
	Loss      string    `json:"loss"`
	Name      string    `json:"name"`
	X         []float64 `json:"x"`
	XDims     []int     `json:"x_dims"`
	Y         []float64 `json:"y"`
	YDims     []int     `json:"y_dims"`
	YInt      bool      `json:"y_int"`
	Value     []float64 `json:"value"`
	ValueDims []int     `json:"value_dims"`
	Grad      []float64 `json:"grad"`
	// TorchGradNaN lists the gradient entries where PyTorch's naive autodiff gives
	// NaN; ours must be finite and ≈ 0 there (the true derivative underflows).
	TorchGradNaN []int `json:"torch_grad_nan"`
	Opts         struct {
		Reduction      string    `json:"reduction"`
		Weights        []float64 `json:"weights"`
		PosWeight      []float64 `json:"pos_weight"`
		PosWeightDims  []int     `json:"pos_weight_dims"`
		ClassWeights   []float64 `json:"class_weights"`
		IgnoreIndex    *int      `json:"ignore_index"`
		LabelSmoothing float64   `json:"label_smoothing"`
		Alpha          *float64  `json:"alpha"`
		Gamma          *float64  `json:"gamma"`
		LogTarget      bool      `json:"log_target"`
	} `json:"opts"`
}

func loadClassificationGolden(t *testing.T) []goldenCase {
	t.Helper()
	raw, err := os.ReadFile("testdata/golden/classification.json")
	if err != nil {
		t.Fatalf("reading golden file: %v", err)
	}
	var file struct {
		Torch string       `json:"torch"`
		Cases []goldenCase `json:"cases"`
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatalf("parsing golden file: %v", err)
	}
	if len(file.Cases) == 0 {
		t.Fatal("golden file has no cases")
	}
	return file.Cases
}

var reductionByName = map[string]Reduction{
	"mean": ReductionMean, "sum": ReductionSum, "none": ReductionNone,
	"element_mean": ReductionElementMean, "batch_mean": ReductionBatchMean,
}

// build returns the loss node for the case, with x the differentiated input.
func (c *goldenCase) build(t *testing.T, x *Node) *Node {
	g := x.Graph()
	red, ok := reductionByName[c.Opts.Reduction]
	if !ok {
		t.Fatalf("case %q: unknown reduction %q", c.Name, c.Opts.Reduction)
	}
	opts := []Option{Reduce(red)}
	if c.Opts.Weights != nil {
		opts = append(opts, Weights(Reshape(Const(g, c.Opts.Weights), c.XDims...)))
	}
	if c.Opts.PosWeight != nil {
		opts = append(opts, PosWeight(Reshape(Const(g, c.Opts.PosWeight), c.Opts.PosWeightDims...)))
	}
	if c.Opts.ClassWeights != nil {
		opts = append(opts, ClassWeights(Const(g, c.Opts.ClassWeights)))
	}
	if c.Opts.IgnoreIndex != nil {
		opts = append(opts, IgnoreIndex(*c.Opts.IgnoreIndex))
	}
	if c.Opts.LabelSmoothing != 0 {
		opts = append(opts, LabelSmoothing(c.Opts.LabelSmoothing))
	}
	if c.Opts.Alpha != nil {
		opts = append(opts, Alpha(*c.Opts.Alpha))
	}
	if c.Opts.Gamma != nil {
		opts = append(opts, Gamma(*c.Opts.Gamma))
	}
	if c.Opts.LogTarget {
		opts = append(opts, LogTarget())
	}
	var y *Node
	if c.YInt {
		ints := make([]int32, len(c.Y))
		for i, v := range c.Y {
			ints[i] = int32(v)
		}
		y = Reshape(Const(g, ints), c.YDims...)
	} else {
		y = Reshape(Const(g, c.Y), c.YDims...)
	}
	switch c.Loss {
	case "bce":
		return BinaryCrossEntropy(x, y, opts...)
	case "bce_logits":
		return BinaryCrossEntropyWithLogits(x, y, opts...)
	case "ce":
		return SoftmaxCrossEntropy(x, y, opts...)
	case "ce_dense":
		return SoftmaxCrossEntropyDense(x, y, opts...)
	case "nll":
		return NegativeLogLikelihood(x, y, opts...)
	case "kl":
		return KLDivergence(x, y, opts...)
	case "sigmoid_focal":
		return SigmoidFocalLoss(x, y, opts...)
	case "softmax_focal":
		return SoftmaxFocalLoss(x, y, opts...)
	}
	t.Fatalf("case %q: unknown loss %q", c.Name, c.Loss)
	return nil
}

// TestClassificationGolden checks every classification loss against PyTorch 1.13
// values and autograd gradients (float64), on every test backend.
func TestClassificationGolden(t *testing.T) {
	cases := loadClassificationGolden(t)
	for _, nb := range testBackends() {
		for _, c := range cases {
			t.Run(nb.Name+"/"+c.Loss+"/"+c.Name, func(t *testing.T) {
				xt := tensors.FromShape(shapes.Make(dtypes.Float64, c.XDims...))
				tensors.MustMutableFlatData[float64](xt, func(flat []float64) { copy(flat, c.X) })
				e, err := NewExec(nb.Backend, func(x *Node) []*Node {
					loss := c.build(t, x)
					outs := []*Node{ConvertDType(loss, dtypes.Float64)}
					if c.Grad != nil {
						outs = append(outs, Gradient(loss, x)[0])
					}
					return outs
				})
				if err != nil {
					t.Fatalf("building: %v", err)
				}
				defer e.Finalize()
				outs, err := e.Exec(xt)
				if err != nil {
					t.Fatalf("%s(%s): %v", c.Loss, c.Name, err)
				}
				if got := outs[0].Shape().Dimensions; !slices.Equal(got, c.ValueDims) {
					t.Fatalf("%s(%s): value shape %v, want %v", c.Loss, c.Name, got, c.ValueDims)
				}
				compareFlat(t, c.Loss+"("+c.Name+") value", tensors.MustCopyFlatData[float64](outs[0]), c.Value, 1e-10)
				if c.Grad != nil {
					grad := tensors.MustCopyFlatData[float64](outs[1])
					for _, i := range c.TorchGradNaN {
						if math.IsNaN(grad[i]) || math.Abs(grad[i]) > 1e-8 {
							t.Errorf("%s(%s) gradient[%d] = %g where PyTorch's naive autodiff gives NaN: want finite ≈ 0", c.Loss, c.Name, i, grad[i])
						}
						grad[i] = 0
					}
					compareFlat(t, c.Loss+"("+c.Name+") gradient", grad, c.Grad, 1e-9)
				}
			})
		}
	}
}

// compareFlat requires |got−want| ≤ tol·max(1, |want|) element-wise.
func compareFlat(t *testing.T, what string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: got %d values, want %d", what, len(got), len(want))
	}
	for i := range want {
		if math.IsNaN(got[i]) || math.Abs(got[i]-want[i]) > tol*math.Max(1, math.Abs(want[i])) {
			t.Errorf("%s[%d]: got %.15g, want %.15g (PyTorch)", what, i, got[i], want[i])
		}
	}
}
