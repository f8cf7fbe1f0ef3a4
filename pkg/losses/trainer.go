package losses

import (
	"slices"

	"github.com/gomlx/compute/dtypes"

	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/train"
)

// LossFn adapts a loss of this package to GoMLX's train.LossFn, the function
// train.NewTrainer calls with the dataset's labels and the model's predictions:
//
//	type train.LossFn = func(labels, predictions []*Node) *Node
//
// The returned function calls f(predictions[0], labels[0], opts...) — note that
// GoMLX passes labels first and this package takes predictions first; the adapter
// swaps them. The model must return exactly one prediction tensor.
//
// Like GoMLX's own losses (train/loss.CheckExtraLabelsForWeightsAndMask), extra
// label tensors produced by the dataset are used as weights and mask, in any order:
// a Bool tensor becomes Mask(labels[i]) and a float tensor becomes
// Weights(labels[i]); at most one of each. They must have the shape of f's
// element-wise loss (e.g. [batch] for per-example losses such as
// SoftmaxCrossEntropy); a [batch] tensor is also accepted for an element-wise loss
// of shape [batch, 1, …, 1] (GoMLX's usual regression labels) and reshaped. f must
// support the Weights/Mask options when they are used, and the package's
// reduction rule applies (default: weighted mean).
//
// Any error (bad shapes, unsupported option) panics with an *Error, which the
// trainer returns as an error from TrainStep.
//
// Example: train.NewTrainer(backend, store, modelFn, losses.LossFn(losses.MeanSquaredError), optimizer.Adam().Done(), nil, nil).
func LossFn(f func(predictions, targets *Node, opts ...Option) *Node, opts ...Option) train.LossFn {
	const name = "LossFn"
	if f == nil {
		fail(name, "f", "is nil")
	}
	return func(labels, predictions []*Node) *Node {
		if len(predictions) != 1 {
			fail(name, "predictions", "the model must return exactly 1 prediction tensor for this adapter, got %d", len(predictions))
		}
		if len(labels) == 0 {
			fail(name, "labels", "the dataset must yield at least 1 label tensor, got none")
		}
		allOpts := slices.Clone(opts)
		if len(labels) > 1 {
			elemShapeOf := func() []int {
				// The element-wise loss shape, from an unreduced build of the same loss
				// (unused nodes are not computed).
				probe := make([]Option, 0, len(opts)+1)
				for _, op := range opts {
					if op.name != "Reduce" {
						probe = append(probe, op)
					}
				}
				probe = append(probe, Reduce(ReductionNone))
				return f(predictions[0], labels[0], probe...).Shape().Dimensions
			}
			allOpts = append(allOpts, extraLabelOptions(name, labels[1:], elemShapeOf)...)
		}
		return f(predictions[0], labels[0], allOpts...)
	}
}

// extraLabelOptions turns extra label tensors into Weights/Mask options.
func extraLabelOptions(name string, extras []*Node, elemShapeOf func() []int) []Option {
	var weights, mask *Node
	var elemDims []int
	for i, e := range extras {
		if elemDims == nil {
			elemDims = elemShapeOf()
		}
		e = reshapeBatchToElem(e, elemDims)
		switch {
		case e.DType().IsFloat() && weights == nil:
			weights = e
		case e.DType() == dtypes.Bool && mask == nil:
			mask = e
		default:
			fail(name, "labels", "extra label tensor labels[%d] with shape %s has no known use: expected at most one float weights tensor and one Bool mask tensor of the element-wise loss shape %v", i+1, e.Shape(), elemDims)
		}
	}
	var opts []Option
	if weights != nil {
		opts = append(opts, Weights(weights))
	}
	if mask != nil {
		opts = append(opts, Mask(mask))
	}
	return opts
}

// reshapeBatchToElem reshapes a [batch] tensor to elemDims when elemDims is
// [batch, 1, ..., 1]; otherwise it returns e unchanged.
func reshapeBatchToElem(e *Node, elemDims []int) *Node {
	if e.Rank() == 1 && len(elemDims) > 1 && elemDims[0] == e.Shape().Dimensions[0] && allOnes(elemDims[1:]) {
		return Reshape(e, elemDims...)
	}
	return e
}

// VAELossFn adapts VAELoss to GoMLX's train.LossFn. The model must return three
// prediction tensors, in this order: decoderOut (logits or means, the shape of x),
// mean and logVar of q(z|x); the dataset yields x as labels[0] (for an
// auto-encoder the inputs are their own labels), optionally followed by per-example
// weights (float, [batch]) and/or mask (Bool, [batch]). It returns ELBOTerms.Total
// with the given options (Reconstruction, KLWeight, DecoderSigma, Reduce, ...).
//
// To monitor the two terms separately, call VAELoss in a custom LossFn and add the
// Reconstruction and KL nodes to your metrics.
func VAELossFn(opts ...Option) train.LossFn {
	const name = "VAELossFn"
	return func(labels, predictions []*Node) *Node {
		if len(predictions) != 3 {
			fail(name, "predictions", "the model must return 3 tensors (decoderOut, mean, logVar), got %d", len(predictions))
		}
		if len(labels) == 0 {
			fail(name, "labels", "the dataset must yield x as labels[0], got no labels")
		}
		mean := predictions[1]
		allOpts := slices.Clone(opts)
		if len(labels) > 1 {
			elemDims := func() []int {
				if mean.Rank() == 0 {
					return nil
				}
				return mean.Shape().Dimensions[:mean.Rank()-1]
			}
			allOpts = append(allOpts, extraLabelOptions(name, labels[1:], elemDims)...)
		}
		return VAELoss(labels[0], predictions[0], mean, predictions[2], allOpts...).Total
	}
}
