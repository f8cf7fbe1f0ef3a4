package losses

import (
	"fmt"
	"slices"
	"strings"

	. "github.com/gomlx/gomlx/core/graph"
)

// Reduction selects how element-wise losses are combined. See the package
// documentation for the exact rule.
type Reduction int

const (
	ReductionMean        Reduction = iota // Σ w·ℓ / Σ w (default)
	ReductionSum                          // Σ w·ℓ
	ReductionNone                         // w·ℓ, unreduced
	ReductionElementMean                  // Σ w·ℓ / Σ mask
	ReductionBatchMean                    // Σ w·ℓ / size of leading axis
)

func (r Reduction) String() string {
	switch r {
	case ReductionMean:
		return "mean"
	case ReductionSum:
		return "sum"
	case ReductionNone:
		return "none"
	case ReductionElementMean:
		return "element_mean"
	case ReductionBatchMean:
		return "batch_mean"
	}
	return fmt.Sprintf("Reduction(%d)", int(r))
}

// Option configures a loss. Each loss documents the options it accepts and
// panics with an *Error naming the option if given one it does not support.
type Option struct {
	name    string
	apply   func(*options)
	nilNode bool // a tensor-valued option (Weights, Mask, ...) given a nil *Node
}

// options holds every option value; each loss reads only those it supports.
type options struct {
	set map[string]bool

	reduction Reduction
	weights   *Node // per-element weights, shape of the element-wise loss (or broadcastable per docs)
	mask      *Node // bool or float mask, same shape as weights

	// Classification.
	posWeight      *Node   // BCE with logits: weight of positive examples, broadcast over the last axis
	classWeights   *Node   // softmax CE / NLL / focal: shape [C]
	ignoreIndex    int     // softmax CE / NLL with integer labels
	hasIgnoreIndex bool    //
	labelSmoothing float64 // softmax CE / BCE
	alpha          float64 // focal: weight of positives (binary)
	hasAlpha       bool    //
	gamma          float64 // focal: focusing parameter
	logTarget      bool    // KL: target given as log-probabilities

	// Regression / metric learning / generative: loss-specific scalars.
	delta       float64
	beta        float64
	margin      float64
	eps         float64
	swap        bool
	temperature float64
	distance    Distance
	fullVar     bool
	symmetric   bool // InfoNCE: CLIP-style symmetric loss

	// Generative (VAE, GAN): see options_generative.go.
	gen genOptions
}

// Distance selects the distance used by metric-learning losses.
type Distance int

const (
	DistanceL2        Distance = iota // ‖a−b‖₂ (PyTorch pairwise_distance, with eps)
	DistanceSquaredL2                 // ‖a−b‖₂²
	DistanceCosine                    // 1 − cos(a, b)
)

func (d Distance) String() string {
	switch d {
	case DistanceL2:
		return "l2"
	case DistanceSquaredL2:
		return "squared_l2"
	case DistanceCosine:
		return "cosine"
	}
	return fmt.Sprintf("Distance(%d)", int(d))
}

// parseOptions applies opts after checking that each is in supported.
// Reduce, Weights and Mask must be listed explicitly by the loss too.
func parseOptions(loss string, opts []Option, supported ...string) *options {
	o := &options{set: map[string]bool{}, reduction: ReductionMean, gamma: 2, eps: 1e-6, margin: 1, delta: 1, beta: 1, temperature: 0.5}
	for _, opt := range opts {
		if opt.apply == nil {
			fail(loss, "opts", "zero Option value given")
		}
		if !slices.Contains(supported, opt.name) {
			fail(loss, "opts", "option %s is not supported by this loss (supported: %s)", opt.name, strings.Join(supported, ", "))
		}
		if opt.nilNode {
			fail(loss, opt.name, "is nil: a nil *Node would silently disable the option")
		}
		if o.set[opt.name] {
			fail(loss, "opts", "option %s given twice", opt.name)
		}
		o.set[opt.name] = true
		opt.apply(o)
	}
	return o
}

// Reduce sets the reduction (default ReductionMean).
func Reduce(r Reduction) Option {
	return Option{name: "Reduce", apply: func(o *options) { o.reduction = r }}
}

// Weights multiplies each element-wise loss by w (same shape as the element-wise loss).
func Weights(w *Node) Option {
	return Option{name: "Weights", apply: func(o *options) { o.weights = w }, nilNode: w == nil}
}

// Mask excludes elements where mask is false (or 0) from the loss and from the
// denominator of the mean reductions. Same shape as the element-wise loss; bool or float.
//
// Masked elements may hold NaN or Inf without spoiling the loss value (they are
// selected out, not multiplied by 0). Their gradient, however, is 0·(local
// derivative), which is NaN when the masked input itself is NaN or Inf: if a model
// can produce non-finite values in padded positions, replace them (e.g. with
// graph.Where(mask, x, 0)) before the loss.
func Mask(m *Node) Option {
	return Option{name: "Mask", apply: func(o *options) { o.mask = m }, nilNode: m == nil}
}
