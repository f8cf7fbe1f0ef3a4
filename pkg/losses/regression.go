package losses

import (
	. "github.com/gomlx/gomlx/core/graph"
)

// MeanSquaredError is the L2 loss, the negative log-likelihood of a Gaussian with
// fixed variance (up to constants):
//
//	ℓᵢ = (ŷᵢ − yᵢ)²
//
// Gradient (closed form, used as a custom gradient): ∂ℓᵢ/∂ŷᵢ = 2(ŷᵢ − yᵢ); with
// the default mean reduction over n elements, ∂L/∂ŷᵢ = 2(ŷᵢ − yᵢ)/n.
//
// predictions and targets must have the same shape and a float dtype.
// Options: Reduce, Weights, Mask (shape of predictions).
//
// Equivalents: PyTorch nn.MSELoss / F.mse_loss; Optax squared_error (× ½ and no
// reduction: optax.l2_loss is half of this); Keras MeanSquaredError.
func MeanSquaredError(predictions, targets *Node, opts ...Option) *Node {
	const name = "MeanSquaredError"
	o := parseOptions(name, opts, "Reduce", "Weights", "Mask")
	checkFloat(name, "predictions", predictions)
	checkFloat(name, "targets", targets)
	checkSameShape(name, "predictions", predictions, "targets", targets)
	p, dt := upcast(predictions)
	y, _ := upcast(targets)
	diff := Sub(p, y)
	elem := withClosedFormGradient(Square(diff), p, MulScalar(diff, 2))
	return downcast(applyReduction(name, elem, o, nil), dt)
}
