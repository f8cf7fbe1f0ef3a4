package losses

import . "github.com/gomlx/gomlx/core/graph"

// PosWeight weights the positive term of binary cross-entropy with logits:
//
//	ℓ = −[p·y·log σ(z) + (1−y)·log(1−σ(z))]
//
// p has shape [C] (broadcast over the last axis of the logits, one weight per
// class/label, PyTorch's usual use) or the full shape of the logits. p > 1 raises
// recall, p < 1 raises precision; p = #negatives/#positives balances the classes.
// PyTorch: BCEWithLogitsLoss(pos_weight=...). Supported by BinaryCrossEntropyWithLogits.
func PosWeight(w *Node) Option {
	return Option{name: "PosWeight", apply: func(o *options) { o.posWeight = w }, nilNode: w == nil}
}

// ClassWeights gives one weight per class, shape [C], float.
//
// For SoftmaxCrossEntropy and NegativeLogLikelihood it has PyTorch's
// CrossEntropyLoss(weight=...) semantics: example i is weighted by w[yᵢ] and the
// mean reduction divides by Σᵢ w[yᵢ] over the non-ignored examples (a weighted
// mean, not a mean over the batch). For SoftmaxFocalLoss it is the per-class
// α of the focal-loss paper, a plain multiplicative factor (the mean divides by
// the number of non-ignored examples).
func ClassWeights(w *Node) Option {
	return Option{name: "ClassWeights", apply: func(o *options) { o.classWeights = w }, nilNode: w == nil}
}

// IgnoreIndex makes examples whose integer label equals index contribute
// nothing: zero loss, zero gradient, and no weight in the mean's denominator.
// PyTorch: CrossEntropyLoss(ignore_index=...) (whose default is −100; here the
// option is off unless given, and any other out-of-range label gives NaN).
// A batch in which every example is ignored has mean loss 0 (PyTorch gives NaN).
// Like masked elements, ignored examples may hold anything in their logits
// (even NaN): their loss is 0 (their gradient is 0·(local derivative), NaN
// where the logits are). The ignore index must be representable by the label
// dtype (IgnoreIndex(−100) with uint8 labels is an *Error).
func IgnoreIndex(index int) Option {
	return Option{name: "IgnoreIndex", apply: func(o *options) { o.ignoreIndex = index; o.hasIgnoreIndex = true }}
}

// LabelSmoothing mixes the targets with the uniform distribution, eps ∈ [0, 1]:
//
//	softmax cross-entropy (C classes): y' = (1−ε)·y + ε/C   (PyTorch label_smoothing, Keras, Optax smooth_labels)
//	binary cross-entropy:               y' = (1−ε)·y + ε/2   (Keras BinaryCrossentropy(label_smoothing=ε))
//
// PyTorch's BCE losses have no label_smoothing argument; the binary rule above is
// Keras's (the C = 2 case of the multi-class rule).
func LabelSmoothing(eps float64) Option {
	return Option{name: "LabelSmoothing", apply: func(o *options) { o.labelSmoothing = eps }}
}

// Alpha sets the focal loss's positive-class weight α ∈ [0, 1] of SigmoidFocalLoss:
// α_t = α for y = 1 and 1−α for y = 0 (torchvision sigmoid_focal_loss; the paper
// uses α = 0.25). Without the option no α_t factor is applied (torchvision alpha=−1).
func Alpha(alpha float64) Option {
	return Option{name: "Alpha", apply: func(o *options) { o.alpha = alpha; o.hasAlpha = true }}
}

// Gamma sets the focal loss's focusing parameter γ ≥ 0 (default 2): the loss is
// multiplied by (1−p_t)^γ. γ = 0 gives back cross-entropy.
func Gamma(gamma float64) Option {
	return Option{name: "Gamma", apply: func(o *options) { o.gamma = gamma }}
}

// LogTarget tells KLDivergence that its targets are log-probabilities
// (PyTorch kl_div(log_target=True)).
func LogTarget() Option {
	return Option{name: "LogTarget", apply: func(o *options) { o.logTarget = true }}
}

// checkSmoothing panics unless eps ∈ [0, 1].
func checkSmoothing(loss string, eps float64) {
	if !(eps >= 0 && eps <= 1) {
		fail(loss, "LabelSmoothing", "must be in [0, 1], got %g", eps)
	}
}
