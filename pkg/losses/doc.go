// Package losses is the course's loss library on GoMLX: every loss of the syllabus,
// with the options users know from PyTorch, Optax and Keras, numerically stable,
// with closed-form gradients where they pay off and every gradient checked against
// autodiff and float64 finite differences.
//
// # Conventions
//
//   - Every loss is a function on *graph.Node (GoMLX graph API). Inputs may be
//     float32 or float64 (bfloat16/float16 are computed internally in float32 and
//     cast back, so they never panic; GradientPenalty, whose input goes through
//     the caller's critic, is computed in the critic's dtype).
//   - The class axis is the last axis; any number of leading axes is allowed.
//   - Options are passed as trailing functional options (Reduce, Weights, Mask,
//     and loss-specific ones such as PosWeight or LabelSmoothing). A loss panics
//     with an *Error if it is given an option it does not support, so a typo never
//     turns into a silently ignored setting.
//   - Bad input (mismatched shapes, wrong dtypes, invalid hyper-parameters) panics
//     with an *Error naming the loss, the argument and the shapes, following GoMLX's
//     convention for graph-building errors; graph.Exec turns it into an error.
//
// # Reduction rule (one rule for every loss)
//
// Each loss first computes an element-wise loss ℓᵢ (per element for element-wise
// losses, per example for losses with a class or feature axis). Let wᵢ be the
// product of the optional Weights and Mask (1 where absent; loss-specific weights
// such as class weights multiply in too). Then:
//
//	ReductionNone:      wᵢ·ℓᵢ, same shape as ℓ
//	ReductionSum:       Σᵢ wᵢ·ℓᵢ
//	ReductionMean:      Σᵢ wᵢ·ℓᵢ / Σᵢ wᵢ   (weighted mean; the plain mean when unweighted) — the default
//	ReductionElementMean: Σᵢ wᵢ·ℓᵢ / Σᵢ mᵢ (mᵢ = mask, 1 if absent): PyTorch's "mean" for losses with a per-element weight
//	ReductionBatchMean: Σᵢ wᵢ·ℓᵢ / B       (B = size of the leading axis): PyTorch's KLDivLoss "batchmean"
//
// Zero denominators, empty batches and NaN (one rule for every loss):
//
//   - Empty batch (a leading axis of 0, so the element-wise loss has no
//     elements): ReductionSum is 0, every mean reduction (Mean, ElementMean,
//     BatchMean) is 0, ReductionNone is an empty tensor, with and without a
//     Mask; the gradient with respect to every input is defined (an empty
//     tensor, or zeros for inputs without a batch axis such as ClassWeights).
//     PyTorch returns NaN for an empty mean; 0 is chosen here so that an empty
//     batch and a fully masked one behave alike. Nothing is computed from empty
//     inputs (the pure-Go backend's Where and DotGeneral fail on empty tensors).
//   - Every weight zero (a fully masked or fully ignored batch): the mean
//     reductions return 0 with a zero gradient (PyTorch: NaN) — unless a
//     non-masked element is NaN (for example a row with an out-of-range label),
//     which stays NaN.
//   - Weights that cancel (Σᵢ wᵢ = 0 while some wᵢ ≠ 0, e.g. [1, −1], or class
//     weights summing to 0 over the batch): the weighted mean is undefined and
//     the result is NaN (PyTorch: ±Inf or NaN), never a finite number.
//   - A NaN in any input (predictions, targets, weights, class weights, …)
//     gives a NaN loss with the Sum and mean reductions, for every loss —
//     except in elements excluded by a Mask or an IgnoreIndex, which may hold
//     anything. A NaN is never turned into a finite number.
//   - Infinite inputs give the mathematical limit where it exists (a logit of
//     −∞ on a class other than the target, a binary logit of ±∞ on the side the
//     target agrees with, a KL target of 0 with log q = −∞: all 0 terms), +∞
//     where the loss diverges, and NaN where the limit does not exist (a logit
//     of +∞ in a softmax, ∞ − ∞).
//   - Values outside a loss's domain (a probability outside [0, 1] in
//     BinaryCrossEntropy, a negative KL target, a negative variance or scale in
//     GaussianNLL/LaplaceNLL, an out-of-range class label) make that element NaN:
//     a graph cannot raise an error, and a finite number would hide the bug.
//     Check labels on the host with ValidateLabels to get an error instead.
//   - Hyper-parameters (Delta, Beta, Margin, Eps, Temperature, Gamma, KLWeight,
//     …) must be finite, with one exception: Delta(+Inf) makes Huber ½d². Bad
//     values are *Error panics at graph-building time.
//
// # Accuracy of reductions
//
// Sums and means over a whole tensor are computed in blocks (sumAll): the
// pure-Go backend adds float32 values one by one, whose error grows with the
// number of elements (1.8 % on 2²² equal terms); the blocked sum keeps the
// relative error of float32 means at 2²² elements below 10⁻⁶ in the tests,
// at no extra cost (same single pass; see BENCHMARKS.md).
//
// # Integer labels
//
// Integer-label losses accept every integer dtype (int8 … int64, uint8 …
// uint64). 8- and 16-bit labels are converted to int32 before any comparison,
// so int8 labels work with 200 classes; an IgnoreIndex the label dtype cannot
// represent (IgnoreIndex(−100) with uint8 labels) is an *Error, not a silent
// wrap-around; logits with no classes (last axis 0) are an *Error, and so are
// labels of GoMLX's sub-byte integer dtypes (Int1/2/4, Uint1/2/4). Likewise,
// embeddings with no features (last axis 0) are an *Error in every metric loss.
package losses
