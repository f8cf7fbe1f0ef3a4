package losses

import (
	"math"

	. "github.com/gomlx/gomlx/core/graph"
)

// KLDivergence is the Kullback–Leibler divergence KL(t ‖ q) with PyTorch's
// F.kl_div argument convention: the input is log q (log-probabilities, for
// example a LogSoftmax), the target t is probabilities (or log t with LogTarget):
//
//	ℓᵢ = tᵢ·(log tᵢ − logqᵢ),  with 0·log 0 = 0: ℓᵢ = 0 wherever tᵢ = 0
//	ℓᵢ = exp(lᵢ)·(lᵢ − logqᵢ)  with LogTarget (l = log t)
//
// The loss is element-wise (shape of logProbs): summing over the class axis gives
// the per-example KL divergence.
//
// Reduction: ReductionMean (the default) is PyTorch's reduction="mean", the mean
// over ALL elements — KL divided by B·C, which is not the KL divergence.
// The mathematically correct batch KL is ReductionBatchMean (Σ ℓ / B, PyTorch's
// reduction="batchmean"); ReductionSum and ReductionNone are as in PyTorch.
//
// Gradients (GoMLX autodiff of the formula above, so targets may carry a
// gradient too, as in distillation): ∂ℓᵢ/∂logqᵢ = −tᵢ (−exp(lᵢ) with LogTarget),
// ∂ℓᵢ/∂tᵢ = log tᵢ + 1 − logqᵢ for tᵢ > 0. Where tᵢ = 0 (or lᵢ = −Inf with
// LogTarget) the loss and both gradients are 0 even if logqᵢ = −Inf (PyTorch
// gives NaN there); a NaN logqᵢ still gives NaN.
//
// Domain: a negative target is not a probability, and t·log t is undefined
// there: the element's loss is NaN (PyTorch returns a finite number).
//
// Options: Reduce, Weights, Mask (shape of logProbs), LogTarget.
//
// Equivalents: PyTorch nn.KLDivLoss / F.kl_div (use reduction="batchmean");
// Optax kl_divergence (same argument order, per-example sum); Keras KLDivergence
// (takes probabilities y_true, y_pred in the other order).
func KLDivergence(logProbs, targets *Node, opts ...Option) *Node {
	const name = "KLDivergence"
	o := parseOptions(name, opts, "Reduce", "Weights", "Mask", "LogTarget")
	checkFloat(name, "logProbs", logProbs)
	checkFloat(name, "targets", targets)
	checkSameShape(name, "logProbs", logProbs, "targets", targets)
	x, dt := upcast(logProbs)
	if isEmpty(x) {
		return downcast(applyReduction(name, emptyElem(x.Graph(), x.DType(), x.Shape().Dimensions...), o, nil), dt)
	}
	t, _ := upcast(targets)
	g := x.Graph()
	zero := ScalarZero(g, x.DType())
	// Where tᵢ = 0 the element is 0 (0·log 0 = 0), even for logqᵢ = −∞; a NaN
	// logqᵢ still gives NaN there.
	nanOrZero := Where(IsNaN(x), x, zero)
	var elem *Node
	if o.logTarget {
		isZero := Equal(t, Scalar(g, x.DType(), math.Inf(-1))) // l = log 0
		safeT := Where(isZero, zero, t)
		safeX := Where(isZero, zero, x)
		elem = Where(isZero, nanOrZero, Mul(Exp(safeT), Sub(safeT, safeX)))
	} else {
		// t < 0 is outside the domain: log t = NaN makes the element NaN.
		isZero := Equal(t, zero)
		safeT := Where(isZero, ScalarOne(g, x.DType()), t)
		safeX := Where(isZero, zero, x) // logq = −Inf where t = 0 must not make 0·(−Inf)
		elem = Where(isZero, nanOrZero, Mul(safeT, Sub(Log(safeT), safeX)))
	}
	return downcast(applyReduction(name, elem, o, nil), dt)
}
