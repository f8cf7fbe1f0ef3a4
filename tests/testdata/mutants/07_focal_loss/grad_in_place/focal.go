// Package focal: focal loss for imbalanced classification.
package focal

// Mutant grad_in_place: writes the gradient into the caller’s logits.

import "math"

func softplus(x float64) float64 { return math.Max(x, 0) + math.Log1p(math.Exp(-math.Abs(x))) }

// SigmoidFocal returns the mean binary focal loss of logits z against labels
// y ∈ {0, 1} (Lin et al. 2017; torchvision.ops.sigmoid_focal_loss, reduction="mean"):
//
//	p_t = σ(z) if y = 1, else 1 − σ(z)          α_t = α if y = 1, else 1 − α
//	FL  = (1/n) Σ −α_t (1 − p_t)^γ log p_t
//
// log p_t must come from the logit: log p_t = −softplus(−s·z) with s = 2y − 1.
// γ = 0 and α = 0.5 give half the binary cross-entropy.
//
// Task 1.
func SigmoidFocal(z, y []float64, alpha, gamma float64) float64 {
	sum := 0.0
	for i := range z {
		s := 2*y[i] - 1
		logPt := -softplus(-s * z[i])
		pt := math.Exp(logPt)
		at := alpha
		if y[i] == 0 {
			at = 1 - alpha
		}
		sum += -at * math.Pow(1-pt, gamma) * logPt
	}
	return sum / float64(len(z))
}

// SoftmaxFocal returns the mean multi-class focal loss (the syllabus' FocalLoss module):
//
//	p_t = softmax(zᵢ)_{yᵢ}            FL = (1/N) Σᵢ −α (1 − p_t)^γ log p_t
//
// with a single scalar α. log p_t comes from a stable log-softmax.
//
// Task 2.
func SoftmaxFocal(logits [][]float64, labels []int, alpha, gamma float64) float64 {
	sum := 0.0
	for i, row := range logits {
		m := math.Inf(-1)
		for _, v := range row {
			m = math.Max(m, v)
		}
		s := 0.0
		for _, v := range row {
			s += math.Exp(v - m)
		}
		logPt := row[labels[i]] - m - math.Log(s)
		pt := math.Exp(logPt)
		sum += -alpha * math.Pow(1-pt, gamma) * logPt
	}
	return sum / float64(len(logits))
}

// SigmoidFocalGrad returns ∂FL/∂zᵢ of SigmoidFocal. With s = 2y − 1, p_t = σ(s·z):
//
//	∂FL/∂zᵢ = α_t · s · (1 − p_t)^γ · [γ·p_t·log p_t − (1 − p_t)] / n
//
// (γ = 0: α_t(σ(z) − y)/n, the BCE gradient scaled by α_t.)
//
// Task 3.
func SigmoidFocalGrad(z, y []float64, alpha, gamma float64) []float64 {
	n := float64(len(z))
	g := z
	for i := range z {
		s := 2*y[i] - 1
		logPt := -softplus(-s * z[i])
		pt := math.Exp(logPt)
		at := alpha
		if y[i] == 0 {
			at = 1 - alpha
		}
		g[i] = at * s * math.Pow(1-pt, gamma) * (gamma*pt*logPt - (1 - pt)) / n
	}
	return g
}
