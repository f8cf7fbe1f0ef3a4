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
// When every weight is zero (for example a fully masked or fully ignored batch),
// ReductionMean and ReductionElementMean return 0 with a zero gradient instead of
// PyTorch's NaN: this is a documented, tested choice.
package losses
