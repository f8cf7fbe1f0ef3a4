package losses

import (
	"fmt"

	. "github.com/gomlx/gomlx/core/graph"
)

// genOptions holds the options of the generative losses (VAELoss, GAN losses).
type genOptions struct {
	likelihood      Likelihood
	klWeight        float64
	hasKLWeight     bool
	decoderSigma    float64
	hasDecoderSigma bool
	decoderLogVar   *Node
	realLabel       float64
	hasRealLabel    bool
}

// Likelihood selects the decoder likelihood p(x|z) used by VAELoss for its
// reconstruction term.
type Likelihood int

const (
	// BernoulliLogits: the decoder outputs logits z of independent Bernoulli
	// pixels/features; the reconstruction term is the binary cross-entropy with
	// logits, summed over the features (PyTorch
	// F.binary_cross_entropy_with_logits(z, x, reduction="none").sum(features)).
	BernoulliLogits Likelihood = iota
	// Gaussian: the decoder outputs the mean x̂ of a Gaussian N(x̂, σ²); the
	// reconstruction term is Σ ½(x−x̂)²/σ² + ½·log σ² (the negative log-likelihood
	// without the constant ½·log 2π per feature). With the default σ = 1 it is
	// exactly ½‖x − x̂‖².
	Gaussian
)

func (l Likelihood) String() string {
	switch l {
	case BernoulliLogits:
		return "BernoulliLogits"
	case Gaussian:
		return "Gaussian"
	}
	return fmt.Sprintf("Likelihood(%d)", int(l))
}

// Reconstruction selects the decoder likelihood of VAELoss (default BernoulliLogits).
func Reconstruction(l Likelihood) Option {
	return Option{name: "Reconstruction", apply: func(o *options) { o.gen.likelihood = l }}
}

// KLWeight sets β, the weight of the KL term of VAELoss (default 1; β > 1 is the
// β-VAE of Higgins et al. 2017, β < 1 is used for KL annealing). Must be ≥ 0.
func KLWeight(beta float64) Option {
	return Option{name: "KLWeight", apply: func(o *options) { o.gen.klWeight, o.gen.hasKLWeight = beta, true }}
}

// DecoderSigma sets a fixed standard deviation σ > 0 of the Gaussian decoder of
// VAELoss with Reconstruction(Gaussian) (default 1). Only the ratio of the
// reconstruction and KL terms depends on σ: a small σ weights reconstruction more,
// like β < 1.
func DecoderSigma(sigma float64) Option {
	return Option{name: "DecoderSigma", apply: func(o *options) { o.gen.decoderSigma, o.gen.hasDecoderSigma = sigma, true }}
}

// DecoderLogVariance gives the log-variance log σ² of the Gaussian decoder of
// VAELoss as a tensor of the shape of x (for example a second decoder head, or a
// learned per-feature parameter broadcast to x's shape). The loss is differentiable
// with respect to it. Cannot be combined with DecoderSigma.
func DecoderLogVariance(logVar *Node) Option {
	return Option{name: "DecoderLogVariance", apply: func(o *options) { o.gen.decoderLogVar = logVar }, nilNode: logVar == nil}
}

// RealLabel sets the target of real examples in GANDiscriminatorLoss (default 1).
// RealLabel(0.9) is the one-sided label smoothing of Salimans et al. 2016
// ("Improved techniques for training GANs"): fake targets stay 0. Must be in (0, 1].
func RealLabel(v float64) Option {
	return Option{name: "RealLabel", apply: func(o *options) { o.gen.realLabel, o.gen.hasRealLabel = v, true }}
}
