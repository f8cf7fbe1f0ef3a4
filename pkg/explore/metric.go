package explore

import (
	"fmt"
	"math"
	"sync"

	"github.com/gomlx/compute"
	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // the graph DSL reads best unqualified
	"github.com/gomlx/gomlx/core/tensors"

	"github.com/losscourse/losscourse/pkg/losses"
)

// The metric explorer's fixed setting: one anchor whose positive has cosine
// similarity InfoNCEPositive and 15 negatives with the similarities
// InfoNCENegatives, from clearly different (−0.3) to almost as close as the
// positive (0.65).
var (
	InfoNCEPositive  = 0.7
	InfoNCENegatives = []float64{-0.30, -0.20, -0.10, -0.05, 0.00, 0.05, 0.10, 0.15, 0.20, 0.25, 0.30, 0.40, 0.50, 0.60, 0.65}
)

// InfoNCEResult is the InfoNCE loss of one anchor and its gradient with
// respect to the cosine similarities, at one temperature.
type InfoNCEResult struct {
	Tau           float64
	Positive      float64   // s₊, the positive's similarity
	Negatives     []float64 // s_j, the negatives' similarities (as given)
	Loss          float64   // ℓ = −log softmax(s/τ)₊
	PositiveGrad  float64   // ∂ℓ/∂s₊ = (p₊ − 1)/τ
	NegativeGrads []float64 // ∂ℓ/∂s_j = p_j/τ
}

// Weights returns the softmax weights p = softmax(s/τ) of the positive and of
// each negative, read off the gradient: p_j = τ·∂ℓ/∂s_j, p₊ = 1 + τ·∂ℓ/∂s₊.
func (r *InfoNCEResult) Weights() (pos float64, neg []float64) {
	neg = make([]float64, len(r.NegativeGrads))
	for j, g := range r.NegativeGrads {
		neg[j] = r.Tau * g
	}
	return 1 + r.Tau*r.PositiveGrad, neg
}

// Share returns the fraction of the negatives' total gradient that goes to
// negative j: ∂ℓ/∂s_j / Σ_k ∂ℓ/∂s_k (= p_j / Σ_k p_k).
func (r *InfoNCEResult) Share(j int) float64 {
	sum := 0.0
	for _, g := range r.NegativeGrads {
		sum += g
	}
	return r.NegativeGrads[j] / sum
}

// hardestEasiest returns the indices of the most and least similar negative.
func (r *InfoNCEResult) hardestEasiest() (hard, easy int) {
	for j, s := range r.Negatives {
		if s > r.Negatives[hard] {
			hard = j
		}
		if s < r.Negatives[easy] {
			easy = j
		}
	}
	return hard, easy
}

// ComputeInfoNCE evaluates losses.InfoNCE for one anchor with the given cosine
// similarities to its positive and to its negatives, at every temperature in
// taus, and its gradient with respect to the similarities (autodiff), on
// backend b (Backend() when nil), in one graph.
//
// The embeddings are built from the similarities so that they are exact: the
// anchor is e₀ and key j is s_j·e₀ + √(1−s_j²)·e_{j+1} (unit norm for every
// s_j, so InfoNCE's L2 normalisation leaves the cosine q̂·k̂_j = s_j). The batch
// holds the anchor and one query per negative; Weights puts all the weight on
// the anchor's row, so the mean reduction is the anchor's loss.
func ComputeInfoNCE(b compute.Backend, positive float64, negatives, taus []float64) ([]*InfoNCEResult, error) {
	sims := append([]float64{positive}, negatives...)
	for _, s := range sims {
		if !(s > -1 && s < 1) {
			return nil, fmt.Errorf("explore.ComputeInfoNCE: similarities must be in (−1, 1), got %v", sims)
		}
	}
	if len(negatives) == 0 || len(taus) == 0 {
		return nil, fmt.Errorf("explore.ComputeInfoNCE: need negatives and temperatures, got %d and %d", len(negatives), len(taus))
	}
	for _, tau := range taus {
		if !(tau > 0) || math.IsInf(tau, 0) {
			return nil, fmt.Errorf("explore.ComputeInfoNCE: temperatures must be finite and > 0, got %v", taus)
		}
	}
	b, err := orDefault(b)
	if err != nil {
		return nil, fmt.Errorf("explore.ComputeInfoNCE: %w", err)
	}
	n := len(sims) // batch: the anchor and one query per negative
	d := n + 1     // e₀ plus one direction per key
	queries := make([]float64, n*d)
	queries[0] = 1 // the anchor is e₀
	for i := 1; i < n; i++ {
		queries[i*d+i+1] = 1 // other queries: e_{i+1}, weight 0 anyway
	}
	weights := make([]float64, n)
	weights[0] = 1
	outs, err := CallOnceN(b, func(s, q, w *Node) []*Node {
		g := s.Graph()
		col0 := ExpandAxes(s, -1)         // [n, 1]
		norm := Sqrt(OneMinus(Square(s))) // [n]
		eye := ConvertDType(Equal(Iota(g, shapes.Make(dtypes.Int32, n, n), 0), Iota(g, shapes.Make(dtypes.Int32, n, n), 1)), dtypes.Float64)
		keys := Concatenate([]*Node{col0, Mul(ExpandAxes(norm, -1), eye)}, 1) // [n, n+1]
		var out []*Node
		for _, tau := range taus {
			l := losses.InfoNCE(q, keys, losses.Temperature(tau), losses.Weights(w))
			out = append(out, l, Gradient(l, s)[0])
		}
		return out
	}, sims, tensors.FromFlatDataAndDimensions(queries, n, d), weights)
	if err != nil {
		return nil, fmt.Errorf("explore.ComputeInfoNCE: %w", err)
	}
	res := make([]*InfoNCEResult, len(taus))
	for i, tau := range taus {
		loss := tensors.ToScalar[float64](outs[2*i])
		grad := tensors.MustCopyFlatData[float64](outs[2*i+1])
		if err := finite(append(grad, loss)); err != nil {
			return nil, fmt.Errorf("explore.ComputeInfoNCE (τ = %g): %w", tau, err)
		}
		res[i] = &InfoNCEResult{Tau: tau, Positive: positive, Negatives: append([]float64(nil), negatives...),
			Loss: loss, PositiveGrad: grad[0], NegativeGrads: grad[1:]}
	}
	return res, nil
}

// InfoNCETemperature returns the metric-learning explorer: InfoNCE for one
// anchor with a fixed positive (cosine 0.7) and 15 fixed negatives (−0.3 to
// 0.65), as the temperature τ moves: the softmax weight of every negative,
// and how the negatives' share of the gradient splits between the hardest and
// the easiest negative.
//
// What to look for: ∂ℓ/∂s_j = p_j/τ, so the gradient on the negatives follows
// the softmax weights. At small τ the softmax is sharp: nearly all of the push
// goes to the hardest negatives (the ratio hardest/easiest is
// exp((s_hard − s_easy)/τ)); at large τ every negative is pushed about equally
// and the loss approaches log(N+1).
func InfoNCETemperature() *Explorer {
	taus := Geomspace(0.01, 10, 31)
	var (
		once sync.Once
		all  []*InfoNCEResult
		err  error
	)
	return &Explorer{
		Name:  "infonce",
		Title: "InfoNCE: the temperature decides which negatives get the gradient",
		Params: []Param{
			{Key: "tau", Label: "temperature τ", Values: taus, Start: 0.1, Format: "%.3g",
				Help: "logits are cosine similarities divided by τ"},
		},
		Draw: func(v Values) (Frame, error) {
			once.Do(func() { all, err = ComputeInfoNCE(nil, InfoNCEPositive, InfoNCENegatives, taus) })
			if err != nil {
				return Frame{}, err
			}
			i := Param{Values: taus}.Index(v["tau"])
			return drawInfoNCE(all, i)
		},
	}
}

func drawInfoNCE(all []*InfoNCEResult, cur int) (Frame, error) {
	r := all[cur]
	pPos, pNeg := r.Weights()
	hard, easy := r.hardestEasiest()
	uniform := 1 / float64(len(r.Negatives)+1)

	wPanel := newPanel(fmt.Sprintf("softmax weights at τ = %.3g", r.Tau), "cosine similarity to the anchor", "weight p = τ·∂ℓ/∂s")
	for j, s := range r.Negatives {
		wPanel.line("", []float64{s, s}, []float64{0, pNeg[j]}, colBlue, false)
	}
	wPanel.points("negatives", r.Negatives, pNeg, colBlue, 2.5)
	wPanel.line("", []float64{r.Positive, r.Positive}, []float64{0, pPos}, colGreen, false)
	wPanel.points("positive", []float64{r.Positive}, []float64{pPos}, colGreen, 3)
	wPanel.line("uniform 1/(N+1)", []float64{-0.35, 0.75}, []float64{uniform, uniform}, colGrey, true)
	wPanel.yRange(0, 1.02)

	taus := make([]float64, len(all))
	hardShare, easyShare := make([]float64, len(all)), make([]float64, len(all))
	for i, a := range all {
		taus[i] = a.Tau
		hardShare[i], easyShare[i] = a.Share(hard), a.Share(easy)
	}
	sPanel := newPanel("share of the negatives' gradient", "τ (log scale)", "share")
	sPanel.logX()
	sPanel.line(fmt.Sprintf("hardest negative (s = %.2f)", r.Negatives[hard]), taus, hardShare, colVermillion, false)
	sPanel.line(fmt.Sprintf("easiest negative (s = %.2f)", r.Negatives[easy]), taus, easyShare, colBlue, false)
	sPanel.line("equal share 1/N", []float64{taus[0], taus[len(taus)-1]}, []float64{1 / float64(len(r.Negatives)), 1 / float64(len(r.Negatives))}, colGrey, true)
	sPanel.vline(r.Tau, colBlack)
	sPanel.yRange(0, 1.02)
	sPanel.p.Legend.Left = false

	svg, err := renderRow([]*panel{wPanel, sPanel}, 26, 9.5)
	if err != nil {
		return Frame{}, err
	}
	summary := []string{
		fmt.Sprintf("τ = %.3g: loss ℓ = %.4f (log(N+1) = %.4f is the loss of a uniform softmax); positive's weight p₊ = %.4f, ∂ℓ/∂s₊ = (p₊−1)/τ = %.3f",
			r.Tau, r.Loss, math.Log(float64(len(r.Negatives)+1)), pPos, r.PositiveGrad),
		fmt.Sprintf("hardest negative (s = %.2f): %.1f%% of the negatives' gradient; easiest (s = %.2f): %.2g%%",
			r.Negatives[hard], 100*r.Share(hard), r.Negatives[easy], 100*r.Share(easy)),
		fmt.Sprintf("gradient ratio hardest/easiest = %.4g = exp((%.2f − (%.2f))/τ) = %.4g",
			r.NegativeGrads[hard]/r.NegativeGrads[easy], r.Negatives[hard], r.Negatives[easy], math.Exp((r.Negatives[hard]-r.Negatives[easy])/r.Tau)),
	}
	return Frame{SVG: svg, Summary: summary}, nil
}
