package explore

import (
	"fmt"
	"math"

	"github.com/gomlx/compute"
	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // the graph DSL reads best unqualified
	"github.com/gomlx/gomlx/core/tensors"

	"github.com/losscourse/losscourse/pkg/losses"
)

// ClassificationParams are the knobs of the classification explorer.
type ClassificationParams struct {
	Gamma   float64 // focal loss focusing parameter γ ≥ 0
	Alpha   float64 // focal loss class weight α ∈ [0, 1]: positives weigh α, negatives 1−α
	Epsilon float64 // label smoothing ε ∈ [0, 1)
}

// BinaryCurves is a loss and its derivative with respect to the logit z, for a
// positive (y = 1) and a negative (y = 0) example, at each logit of a grid.
type BinaryCurves struct {
	PosLoss, PosGrad []float64 // ℓ(z, y=1) and ∂ℓ/∂z
	NegLoss, NegGrad []float64 // ℓ(z, y=0) and ∂ℓ/∂z
}

// ClassificationCurves holds the three classification losses of the explorer
// on a grid of logits, all computed by pkg/losses with autodiff gradients.
type ClassificationCurves struct {
	Logits []float64
	// BCE is losses.BinaryCrossEntropyWithLogits: the reference.
	BCE BinaryCurves
	// Focal is losses.SigmoidFocalLoss with Gamma(γ) and Alpha(α).
	Focal BinaryCurves
	// Smoothed is losses.SoftmaxCrossEntropy with LabelSmoothing(ε) on the two
	// logits (0, z): two-class cross-entropy, whose smoothed targets are
	// 1−ε/2 for the true class and ε/2 for the other.
	Smoothed BinaryCurves
}

// ComputeClassification evaluates BCE, focal loss and label-smoothed
// cross-entropy and their derivatives with respect to the logit at every logit,
// for a positive and a negative example, on backend b (Backend() when nil), in
// float64.
func ComputeClassification(b compute.Backend, p ClassificationParams, logits []float64) (*ClassificationCurves, error) {
	if len(logits) == 0 {
		return nil, fmt.Errorf("explore.ComputeClassification: no logits")
	}
	if !(p.Gamma >= 0) || !(p.Alpha >= 0 && p.Alpha <= 1) || !(p.Epsilon >= 0 && p.Epsilon < 1) {
		return nil, fmt.Errorf("explore.ComputeClassification: need γ ≥ 0, α ∈ [0, 1], ε ∈ [0, 1), got γ=%g α=%g ε=%g", p.Gamma, p.Alpha, p.Epsilon)
	}
	b, err := orDefault(b)
	if err != nil {
		return nil, fmt.Errorf("explore.ComputeClassification: %w", err)
	}
	n := len(logits)
	ones, zeros := make([]float64, n), make([]float64, n)
	pos, neg := make([]int32, n), make([]int32, n)
	for i := range ones {
		ones[i], pos[i] = 1, 1
	}
	none := losses.Reduce(losses.ReductionNone)
	outs, err := CallOnceN(b, func(z, yPos, yNeg, cPos, cNeg *Node) []*Node {
		var out []*Node
		add := func(l *Node) { out = append(out, l, Gradient(ReduceAllSum(l), z)[0]) }
		// Two-class logits (0, z): softmax CE equals BCE with logit z.
		two := Concatenate([]*Node{ExpandAxes(ZerosLike(z), -1), ExpandAxes(z, -1)}, -1)
		for _, y := range []*Node{yPos, yNeg} {
			add(losses.BinaryCrossEntropyWithLogits(z, y, none))
		}
		for _, y := range []*Node{yPos, yNeg} {
			add(losses.SigmoidFocalLoss(z, y, none, losses.Gamma(p.Gamma), losses.Alpha(p.Alpha)))
		}
		for _, c := range []*Node{cPos, cNeg} {
			add(losses.SoftmaxCrossEntropy(two, c, none, losses.LabelSmoothing(p.Epsilon)))
		}
		return out
	}, logits, ones, zeros, pos, neg)
	if err != nil {
		return nil, fmt.Errorf("explore.ComputeClassification: %w", err)
	}
	v := make([][]float64, len(outs))
	for i, t := range outs {
		v[i] = tensors.MustCopyFlatData[float64](t)
		if err := finite(v[i]); err != nil {
			return nil, fmt.Errorf("explore.ComputeClassification (γ=%g α=%g ε=%g): output %d: %w", p.Gamma, p.Alpha, p.Epsilon, i, err)
		}
	}
	curves := func(i int) BinaryCurves {
		return BinaryCurves{PosLoss: v[i], PosGrad: v[i+1], NegLoss: v[i+2], NegGrad: v[i+3]}
	}
	return &ClassificationCurves{Logits: append([]float64(nil), logits...), BCE: curves(0), Focal: curves(4), Smoothed: curves(8)}, nil
}

// finite returns an error naming the first NaN or ±Inf in v.
func finite(v []float64) error {
	for i, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("value %d is %v", i, x)
		}
	}
	return nil
}

// SmoothedOptimum is the logit where the label-smoothed two-class
// cross-entropy of a positive example is minimal (its gradient σ(z) − (1−ε/2)
// is zero): z* = log((1−ε/2)/(ε/2)), +Inf for ε = 0 (plain cross-entropy keeps
// pushing the logit up forever).
func SmoothedOptimum(eps float64) float64 {
	if eps <= 0 {
		return math.Inf(1)
	}
	return math.Log((1 - eps/2) / (eps / 2))
}

// interp returns the linear interpolation of ys (on the increasing grid xs) at x.
func interp(xs, ys []float64, x float64) float64 {
	if x <= xs[0] {
		return ys[0]
	}
	for i := 1; i < len(xs); i++ {
		if x <= xs[i] {
			t := (x - xs[i-1]) / (xs[i] - xs[i-1])
			return ys[i-1] + t*(ys[i]-ys[i-1])
		}
	}
	return ys[len(ys)-1]
}

// classificationLogits is the explorer's grid: z from −6 to 6 in steps of 0.05.
func classificationLogits() []float64 { return Linspace(-6, 6, 0.05) }

// Classification returns the classification explorer: BCE, focal loss (γ, α)
// and label-smoothed cross-entropy (ε), each as loss and ∂loss/∂logit against
// the logit z, for a positive (solid) and a negative (dashed) example.
//
// What to look for: focal loss flattens both curves where the example is
// already classified well (z ≫ 0 for a positive), more as γ grows; α moves
// weight between positives and negatives; label smoothing gives the positive's
// gradient a zero at the finite logit z* = log((1−ε/2)/(ε/2)) instead of
// pushing z to +∞.
func Classification() *Explorer {
	zs := classificationLogits()
	return &Explorer{
		Name:  "classification",
		Title: "Classification losses against the logit",
		Params: []Param{
			{Key: "gamma", Label: "focal γ", Values: Linspace(0, 5, 0.25), Start: 2, Format: "%.2f",
				Help: "focusing: down-weights well-classified examples by (1−p_t)^γ; γ = 0 is BCE (times α_t)"},
			{Key: "alpha", Label: "focal α", Values: Linspace(0, 1, 0.05), Start: 0.25, Format: "%.2f",
				Help: "class balance: positives weigh α, negatives 1−α"},
			{Key: "eps", Label: "smoothing ε", Values: Linspace(0, 0.5, 0.02), Start: 0.1, Format: "%.2f",
				Help: "label smoothing: targets 1−ε/2 and ε/2 for two classes"},
		},
		Draw: func(v Values) (Frame, error) {
			p := ClassificationParams{Gamma: v["gamma"], Alpha: v["alpha"], Epsilon: v["eps"]}
			c, err := ComputeClassification(nil, p, zs)
			if err != nil {
				return Frame{}, err
			}
			return drawClassification(c, p)
		},
	}
}

func drawClassification(c *ClassificationCurves, p ClassificationParams) (Frame, error) {
	z := c.Logits
	type series struct {
		name string
		bc   BinaryCurves
		col  int
	}
	all := []series{
		{"BCE", c.BCE, colGrey},
		{fmt.Sprintf("focal γ=%.2f α=%.2f", p.Gamma, p.Alpha), c.Focal, colBlue},
		{fmt.Sprintf("smoothed CE ε=%.2f", p.Epsilon), c.Smoothed, colOrange},
	}
	lossPanel := newPanel("loss ℓ(z)", "logit z", "loss")
	gradPanel := newPanel("gradient ∂ℓ/∂z", "logit z", "∂ℓ/∂z")
	for _, s := range all {
		lossPanel.line("", z, s.bc.PosLoss, s.col, false)
		lossPanel.line("", z, s.bc.NegLoss, s.col, true)
		gradPanel.line(s.name, z, s.bc.PosGrad, s.col, false)
		gradPanel.line("", z, s.bc.NegGrad, s.col, true)
	}
	gradPanel.legendLine("positive example (y = 1)", colBlack, false)
	gradPanel.legendLine("negative example (y = 0)", colBlack, true)
	lossPanel.yMax(6)
	gradPanel.hline(0)
	zStar := SmoothedOptimum(p.Epsilon)
	if zStar <= z[len(z)-1] {
		gradPanel.vline(zStar, colOrange)
	}
	svg, err := renderRow([]*panel{lossPanel, gradPanel}, 26, 9.5)
	if err != nil {
		return Frame{}, err
	}
	const zEasy = 3.0
	bceG := math.Abs(interp(z, c.BCE.PosGrad, zEasy))
	focG := math.Abs(interp(z, c.Focal.PosGrad, zEasy))
	summary := []string{
		fmt.Sprintf("easy positive (z = +3): |∂ℓ/∂z| BCE %.4f, focal %.2g (%.2g%% of BCE)", bceG, focG, 100*focG/bceG),
		fmt.Sprintf("hard positive (z = −3): |∂ℓ/∂z| BCE %.4f, focal %.4f", math.Abs(interp(z, c.BCE.PosGrad, -3)), math.Abs(interp(z, c.Focal.PosGrad, -3))),
		fmt.Sprintf("focal weight of a positive vs a negative at the same margin: α/(1−α) = %s", ratioText(p.Alpha, 1-p.Alpha)),
	}
	if math.IsInf(zStar, 1) {
		summary = append(summary, "smoothed CE with ε = 0 is BCE: its gradient for a positive never reaches 0, it keeps pushing z up")
	} else {
		summary = append(summary, fmt.Sprintf("smoothed CE: the positive's gradient is 0 at z* = log((1−ε/2)/(ε/2)) = %.3f; beyond it the loss pulls z back", zStar))
	}
	return Frame{SVG: svg, Summary: summary}, nil
}

func ratioText(a, b float64) string {
	if b == 0 {
		return "∞"
	}
	return fmt.Sprintf("%.3g", a/b)
}
