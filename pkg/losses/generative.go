package losses

import (
	"math"
	"slices"

	"github.com/gomlx/compute/dtypes"
	. "github.com/gomlx/gomlx/core/graph"
)

// GaussianKL is the closed-form Kullback–Leibler divergence between a diagonal
// Gaussian posterior q = N(μ, diag σ²) and the standard normal prior p = N(0, I),
// the regulariser of a variational auto-encoder:
//
//	ℓ = KL(q ‖ p) = −½ Σⱼ (1 + log σⱼ² − μⱼ² − σⱼ²) = ½ Σⱼ (μⱼ² + σⱼ² − 1 − log σⱼ²)
//
// summed over the last (latent) axis, so ℓ has one value per example (the shape of
// mean without its last axis). It is ≥ 0, and 0 only at μ = 0, σ² = 1. The encoder
// predicts logVar = log σ² (unconstrained, and σ² = exp(logVar) is always > 0).
// σ² − 1 − log σ² is computed as expm1(logVar) − logVar, which keeps full relative
// precision when σ² is close to 1.
//
// Gradient (closed form, used as a custom gradient): ∂ℓ/∂μⱼ = μⱼ and
// ∂ℓ/∂logσⱼ² = ½(σⱼ² − 1). The per-example values are then combined with the
// package's reduction rule (default: mean over examples).
//
// mean and logVar must have the same shape (rank ≥ 1) and float dtype. Very large
// logVar overflows exp (above ≈ 88 in float32, ≈ 709 in float64) and gives +Inf.
// Options: Reduce, Weights, Mask (shape of the per-example KL).
//
// Equivalents: PyTorch has no built-in; the usual line is
// -0.5 * torch.sum(1 + log_var - mu.pow(2) - log_var.exp(), dim=-1)
// (torch.distributions.kl_divergence(Normal(mu, std), Normal(0, 1)).sum(-1) gives the
// same value); TensorFlow Probability tfd.kl_divergence; Keras has no built-in either.
func GaussianKL(mean, logVar *Node, opts ...Option) *Node {
	const name = "GaussianKL"
	o := parseOptions(name, opts, "Reduce", "Weights", "Mask")
	kl, dt := gaussianKLPerExample(name, mean, logVar)
	return downcast(applyReduction(name, kl, o, nil), dt)
}

// gaussianKLPerExample validates the inputs and returns the per-example KL (in the
// computation dtype) and the dtype results must be cast back to.
func gaussianKLPerExample(name string, mean, logVar *Node) (*Node, dtypes.DType) {
	checkFloat(name, "mean", mean)
	checkFloat(name, "logVar", logVar)
	checkSameShape(name, "mean", mean, "logVar", logVar)
	if mean.Rank() == 0 {
		fail(name, "mean", "must have a latent axis (rank ≥ 1), got scalar shape %s", mean.Shape())
	}
	mu, dt := upcast(mean)
	if isEmpty(mu) {
		return emptyElem(mu.Graph(), mu.DType(), mu.Shape().Dimensions[:mu.Rank()-1]...), dt
	}
	lv, _ := upcast(logVar)
	em1 := expm1(lv) // σ² − 1
	elem := MulScalar(Add(Square(mu), Sub(em1, lv)), 0.5)
	kl := ReduceSum(elem, -1)
	kl = withClosedFormGradientsOf(kl, []*Node{mu, lv}, []*Node{mu, MulScalar(em1, 0.5)})
	return kl, dt
}

// expm1 is exp(x) − 1 with full relative precision near 0 (graph.Expm1) and the
// gradient exp(x): GoMLX v0.28 defines no gradient for the Expm1 op, so it is
// attached here (for the plain-autodiff path as well; it is the derivative of a
// primitive, not a closed form of a loss).
func expm1(x *Node) *Node {
	d := StopGradient(Exp(x))
	xc := IdentityWithCustomGradient(x, func(_, v *Node) *Node { return Mul(v, d) })
	return Add(StopGradient(Expm1(x)), Sub(xc, StopGradient(xc)))
}

// ELBOTerms are the terms of the VAE loss (the negative evidence lower bound), each
// reduced with the same reduction rule.
type ELBOTerms struct {
	Total          *Node // Reconstruction + β·KL: the loss to minimise (= −ELBO when β = 1)
	Reconstruction *Node // −log p(x|z) for the decoded z (up to a constant for Gaussian)
	KL             *Node // KL(q(z|x) ‖ N(0, I)), not multiplied by β
}

// VAELoss is the loss of a variational auto-encoder (Kingma & Welling 2014), the
// negative evidence lower bound estimated with one sample z ~ q(z|x) (the
// reparameterised z that produced decoderOut):
//
//	ELBO = E_q[log p(x|z)] − KL(q(z|x) ‖ p(z))
//	ℓ    = −ELBO = Reconstruction + β·KL
//
// per example, with KL = GaussianKL(mean, logVar) (summed over the latent axis)
// and the reconstruction summed over the features of x:
//
//   - Reconstruction(BernoulliLogits) (default): decoderOut are logits z and
//     Reconstruction = Σ softplus(z) − x·z, the binary cross-entropy with logits
//     (stable for any z; x in [0, 1]). Gradient ∂/∂z = sigmoid(z) − x.
//   - Reconstruction(Gaussian): decoderOut is the mean x̂ of N(x̂, σ²) and
//     Reconstruction = Σ ½(x − x̂)²/σ² + ½·log σ², which is −log p(x|z) minus the
//     constant (D/2)·log 2π. With the default σ = 1 it is exactly ½‖x − x̂‖², so
//     "MSE" VAEs are Gaussian VAEs with σ = 1 (and the usual un-halved sum of
//     squares corresponds to σ² = ½). σ is fixed with DecoderSigma or given per
//     feature with DecoderLogVariance. Gradient ∂/∂x̂ = (x̂ − x)/σ².
//
// For a Gaussian decoder with σ = 1 the ELBO is therefore
//
//	ELBO = −½‖x − x̂‖² + ½ Σⱼ (1 + log σⱼ² − μⱼ² − σⱼ²)   (+ const)
//
// Note the PLUS sign: −KL = +½ Σ(1 + log σ² − μ² − σ²). The course syllabus writes a
// minus there, which would add the KL to the ELBO instead of subtracting it; this
// is tested numerically in generative_test.go (TestVAELossSyllabusSignError).
//
// Shapes: mean and logVar are [..., latent]; x and decoderOut have the same shape,
// which starts with the leading (batch) axes of mean: [..., features...]. The
// per-example terms have mean's shape without the latent axis and are then reduced
// with the package rule (default mean over examples; Reduce(ReductionSum) over a
// batch gives PyTorch's reduction="sum" VAE loss of the syllabus snippet).
//
// Options: Reduce, Weights, Mask (per-example shape), Reconstruction, KLWeight (β,
// default 1, β ≥ 0), DecoderSigma (σ > 0, Gaussian only), DecoderLogVariance
// (tensor of x's shape, Gaussian only).
//
// Gradients are closed form for the reconstruction (w.r.t. decoderOut and the
// decoder log-variance) and for the KL (see GaussianKL); x is treated as data (no
// gradient flows to it through the closed forms).
//
// Equivalents: PyTorch examples/vae (F.binary_cross_entropy(recon, x,
// reduction="sum") + KLD on probabilities; BernoulliLogits is the stable version on
// logits); Keras VAE example; no built-in in PyTorch, Optax or Keras.
func VAELoss(x, decoderOut, mean, logVar *Node, opts ...Option) ELBOTerms {
	const name = "VAELoss"
	o := parseOptions(name, opts, "Reduce", "Weights", "Mask", "Reconstruction", "KLWeight", "DecoderSigma", "DecoderLogVariance")
	checkFloat(name, "x", x)
	checkFloat(name, "decoderOut", decoderOut)
	checkSameShape(name, "x", x, "decoderOut", decoderOut)
	kl, dt := gaussianKLPerExample(name, mean, logVar)
	if x.DType() != mean.DType() {
		fail(name, "mean", "dtype %s does not match x dtype %s", mean.DType(), x.DType())
	}
	batchDims := mean.Shape().Dimensions[:mean.Rank()-1]
	if x.Rank() < len(batchDims) || !slices.Equal(x.Shape().Dimensions[:len(batchDims)], batchDims) {
		fail(name, "x", "shape %s must start with the leading (batch) axes %v of mean shape %s", x.Shape(), batchDims, mean.Shape())
	}
	beta := 1.0
	if o.gen.hasKLWeight {
		beta = o.gen.klWeight
		checkNonNegative(name, "KLWeight", beta)
		checkFinite(name, "KLWeight", beta)
	}
	if o.gen.likelihood != BernoulliLogits && o.gen.likelihood != Gaussian {
		fail(name, "Reconstruction", "unknown likelihood %v", o.gen.likelihood)
	}
	if o.gen.likelihood != Gaussian && (o.gen.hasDecoderSigma || o.gen.decoderLogVar != nil) {
		fail(name, "opts", "DecoderSigma and DecoderLogVariance need Reconstruction(Gaussian), got %v", o.gen.likelihood)
	}
	if o.gen.hasDecoderSigma && o.gen.decoderLogVar != nil {
		fail(name, "opts", "DecoderSigma and DecoderLogVariance cannot both be given")
	}

	xx, _ := upcast(x)
	out, _ := upcast(decoderOut)
	featureAxes := make([]int, x.Rank()-len(batchDims))
	for i := range featureAxes {
		featureAxes[i] = len(batchDims) + i
	}
	sumFeatures := func(e *Node) *Node {
		if len(featureAxes) == 0 {
			return e
		}
		return ReduceSum(e, featureAxes...)
	}

	if o.gen.decoderLogVar != nil {
		checkFloat(name, "DecoderLogVariance", o.gen.decoderLogVar)
		checkSameShape(name, "x", x, "DecoderLogVariance", o.gen.decoderLogVar)
	}
	if isEmpty(mean) || isEmpty(x) && prod(batchDims) == 0 {
		zero := emptyElem(mean.Graph(), kl.DType(), batchDims...)
		return ELBOTerms{
			Total:          downcast(applyReduction(name, zero, o, nil), dt),
			Reconstruction: downcast(applyReduction(name, zero, o, nil), dt),
			KL:             downcast(applyReduction(name, zero, o, nil), dt),
		}
	}
	var recon *Node
	switch {
	case o.gen.likelihood == BernoulliLogits:
		lg := newLogistic(out)
		elem := lg.bce(xx, nil) // softplus(z) − x·z, with its limits at infinite logits
		recon = withClosedFormGradient(sumFeatures(elem), out, Sub(lg.sig, xx))
	case o.gen.decoderLogVar != nil:
		lv, _ := upcast(o.gen.decoderLogVar)
		diff := Sub(out, xx)
		invVar := Exp(Neg(lv))
		sq := Mul(Square(diff), invVar)
		elem := MulScalar(Add(sq, lv), 0.5)
		recon = withClosedFormGradientsOf(sumFeatures(elem), []*Node{out, lv}, []*Node{Mul(diff, invVar), MulScalar(OneMinus(sq), 0.5)})
	default:
		sigma := 1.0
		if o.gen.hasDecoderSigma {
			sigma = o.gen.decoderSigma
			checkPositive(name, "DecoderSigma", sigma)
			checkFinite(name, "DecoderSigma", sigma)
		}
		diff := Sub(out, xx)
		invVar := 1 / (sigma * sigma)
		elem := MulScalar(Square(diff), 0.5*invVar)
		recon = sumFeatures(elem)
		if sigma != 1 {
			d := 1 // number of features per example
			for _, a := range featureAxes {
				d *= x.Shape().Dimensions[a]
			}
			recon = AddScalar(recon, float64(d)*math.Log(sigma)) // Σ ½·log σ²
		}
		recon = withClosedFormGradient(recon, out, MulScalar(diff, invVar))
	}
	total := Add(recon, MulScalar(kl, beta))
	return ELBOTerms{
		Total:          downcast(applyReduction(name, total, o, nil), dt),
		Reconstruction: downcast(applyReduction(name, recon, o, nil), dt),
		KL:             downcast(applyReduction(name, kl, o, nil), dt),
	}
}
