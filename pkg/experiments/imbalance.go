package experiments

import (
	"fmt"
	"math"
	"sort"

	"github.com/gomlx/compute"
	. "github.com/gomlx/gomlx/core/graph"

	"github.com/losscourse/losscourse/pkg/course"
	"github.com/losscourse/losscourse/pkg/data"
	"github.com/losscourse/losscourse/pkg/losses"
)

// BinaryLoss is a loss on one logit per example: logits [B,1], targets y ∈ {0,1}
// [B,1] float32; it returns a scalar.
type BinaryLoss func(logits, y *Node) *Node

// ImbalanceLoss names one loss of the focal-loss comparison.
type ImbalanceLoss struct {
	Name string
	Loss BinaryLoss
}

// ImbalanceLosses returns the losses of the focal-loss comparison, each isolating
// one ingredient of the focal loss FL = −α_t (1 − p_t)^γ log p_t (Lin et al. 2017):
//
//   - "BCE": plain binary cross-entropy.
//   - "α-balanced BCE (α = 0.75)": −α_t log p_t, i.e. BCE with per-example weights
//     α = 0.75 on the minority (positive) class and 1 − α on the majority, averaged
//     over examples (ReductionElementMean) — exactly focal loss with γ = 0.
//   - "BCE, inverse-frequency weight": PosWeight(n₋/n₊) (PyTorch's pos_weight), the
//     usual class-weighting baseline.
//   - "focal γ = 2": the modulating factor alone (no α).
//   - "focal γ = 2, α = 0.75": both (the RetinaNet setting).
//
// posWeight is n₋/n₊ of the training set.
func ImbalanceLosses(posWeight float64) []ImbalanceLoss {
	const alpha, gamma = 0.75, 2.0
	return []ImbalanceLoss{
		{"BCE", func(z, y *Node) *Node { return losses.BinaryCrossEntropyWithLogits(z, y) }},
		{"α-balanced BCE (α = 0.75)", func(z, y *Node) *Node {
			w := Add(MulScalar(y, alpha), MulScalar(OneMinus(y), 1-alpha)) // α_t
			return losses.BinaryCrossEntropyWithLogits(z, y, losses.Weights(w), losses.Reduce(losses.ReductionElementMean))
		}},
		{fmt.Sprintf("BCE, pos_weight %.0f", posWeight), func(z, y *Node) *Node {
			return losses.BinaryCrossEntropyWithLogits(z, y, losses.PosWeight(Scalar(z.Graph(), z.DType(), posWeight)))
		}},
		{"focal γ = 2", func(z, y *Node) *Node { return losses.SigmoidFocalLoss(z, y, losses.Gamma(gamma)) }},
		{"focal γ = 2, α = 0.75", func(z, y *Node) *Node {
			return losses.SigmoidFocalLoss(z, y, losses.Gamma(gamma), losses.Alpha(alpha))
		}},
	}
}

// ImbalanceConfig configures one run of the 1:50 imbalance experiment (RunImbalance).
// Zero fields take the defaults of DefaultImbalanceConfig.
type ImbalanceConfig struct {
	N          int     // examples drawn (train + validation + test)
	Imbalance  float64 // minority:majority ratio
	Separation float64 // distance of each blob centre from the origin (σ = 1)
	Hidden     int     // tanh units of the one hidden layer
	Batch      int     // mini-batch size
	Steps      int     // Adam steps
	LR         float64 // Adam learning rate
	Seed       uint64  // seeds the data, the split, the initial weights and the batch order
}

// DefaultImbalanceConfig is the setting of notebook 02: two Gaussian blobs (σ = 1,
// centres ±1.6) at 1:50, 40 % held out (half validation, half test), an MLP with one
// hidden layer of 8 tanh units, Adam(0.02) on mini-batches of 256 for 1000 steps.
func DefaultImbalanceConfig() ImbalanceConfig {
	return ImbalanceConfig{N: 20400, Imbalance: 1.0 / 50, Separation: 1.6, Hidden: 8, Batch: 256, Steps: 1000, LR: 0.02, Seed: 1}
}

// ThresholdMetrics are the metrics of a classifier at one decision threshold on
// P(minority).
type ThresholdMetrics struct {
	Threshold      float64
	MinorityRecall float64 // TP / (TP + FN)
	Precision      float64 // TP / (TP + FP) (1 if nothing is predicted positive)
	MajorityAcc    float64 // TN / (TN + FP)
}

// ImbalanceResult is the outcome of one loss on one seed.
type ImbalanceResult struct {
	Loss       string
	AP         float64          // average precision of the minority class on the test set
	Default    ThresholdMetrics // at p > 0.5
	Validated  ThresholdMetrics // at the threshold maximising F1 on the validation set
	TestCounts [2]int           // majority, minority examples in the test set
	// PRRecall and PRPrecision are the test precision–recall curve
	// (course.PrecisionRecall: after each example, ranked by score).
	PRRecall, PRPrecision []float64
}

// RunImbalance trains one model per loss on the same data, initial weights and
// batch order (cfg.Seed) and evaluates it on the test set.
func RunImbalance(b compute.Backend, cfg ImbalanceConfig, ls []ImbalanceLoss) ([]ImbalanceResult, error) {
	d := DefaultImbalanceConfig()
	if cfg.N == 0 {
		cfg.N = d.N
	}
	if cfg.Imbalance == 0 {
		cfg.Imbalance = d.Imbalance
	}
	if cfg.Separation == 0 {
		cfg.Separation = d.Separation
	}
	if cfg.Hidden == 0 {
		cfg.Hidden = d.Hidden
	}
	if cfg.Batch == 0 {
		cfg.Batch = d.Batch
	}
	if cfg.Steps == 0 {
		cfg.Steps = d.Steps
	}
	if cfg.LR == 0 {
		cfg.LR = d.LR
	}
	all, err := data.Blobs(data.BlobsOptions{N: cfg.N, Imbalance: cfg.Imbalance, Separation: cfg.Separation, Std: 1, Seed: cfg.Seed})
	if err != nil {
		return nil, err
	}
	train, held, err := all.Split(0.4, cfg.Seed+1)
	if err != nil {
		return nil, err
	}
	val, test, err := held.Split(0.5, cfg.Seed+2)
	if err != nil {
		return nil, err
	}
	if ls == nil {
		counts := train.ClassCounts()
		ls = ImbalanceLosses(float64(counts[0]) / float64(counts[1]))
	}
	var out []ImbalanceResult
	for _, l := range ls {
		res, err := fitBinary(b, train, l.Loss, cfg)
		if err != nil {
			return nil, fmt.Errorf("experiments.RunImbalance(%s): %w", l.Name, err)
		}
		pVal, pTest := res(val.X), res(test.X)
		thr := bestF1Threshold(pVal, val.Y)
		tc := test.ClassCounts()
		rc, pc, ap := course.PrecisionRecall(pTest, test.Y)
		out = append(out, ImbalanceResult{
			Loss:     l.Name,
			AP:       ap,
			PRRecall: rc, PRPrecision: pc,
			Default:    metricsAt(pTest, test.Y, 0.5),
			Validated:  metricsAt(pTest, test.Y, thr),
			TestCounts: [2]int{tc[0], tc[1]},
		})
	}
	return out, nil
}

// fitBinary trains cfg's MLP (course.MLP: one hidden layer of cfg.Hidden tanh
// units, one logit) on c (labels 0/1) with course.Fit — Adam(cfg.LR) on shuffled
// mini-batches of cfg.Batch, initial weights and batch order seeded by cfg.Seed —
// and returns its P(y = 1) as a function of the inputs.
func fitBinary(b compute.Backend, c *data.Classification, loss BinaryLoss, cfg ImbalanceConfig) (func(x [][]float64) []float64, error) {
	ds, err := course.BinaryDataset(c, data.DatasetOptions{Name: "imbalanced train", BatchSize: cfg.Batch, Shuffle: true, Seed: cfg.Seed, Infinite: true})
	if err != nil {
		return nil, err
	}
	net := course.MLP{Hidden: []int{cfg.Hidden}, Out: 1}.ModelFn()
	lossFn := func(labels, preds []*Node) *Node { return loss(preds[0], labels[0]) }
	store, err := course.Fit(b, net, lossFn, ds, course.FitOptions{Steps: cfg.Steps, LearningRate: cfg.LR, Seed: int64(cfg.Seed) + 101, Quiet: true})
	if err != nil {
		return nil, err
	}
	return func(x [][]float64) []float64 {
		p, err := course.Probabilities(b, store, net, x)
		if err != nil {
			panic(err)
		}
		return course.Column(p, 0)
	}, nil
}

// metricsAt evaluates scores (P(y = 1)) against labels y at threshold thr (positive when score > thr).
func metricsAt(scores []float64, y []int, thr float64) ThresholdMetrics {
	var tp, fp, tn, fn int
	for i, s := range scores {
		switch {
		case y[i] == 1 && s > thr:
			tp++
		case y[i] == 1:
			fn++
		case s > thr:
			fp++
		default:
			tn++
		}
	}
	m := ThresholdMetrics{Threshold: thr, Precision: 1}
	if tp+fn > 0 {
		m.MinorityRecall = float64(tp) / float64(tp+fn)
	}
	if tp+fp > 0 {
		m.Precision = float64(tp) / float64(tp+fp)
	}
	if tn+fp > 0 {
		m.MajorityAcc = float64(tn) / float64(tn+fp)
	}
	return m
}

// bestF1Threshold returns the threshold on scores that maximises the F1 score of the
// positive class on (scores, y): the midpoint between the cut score and the next
// lower one (ties broken towards the higher threshold).
func bestF1Threshold(scores []float64, y []int) float64 {
	idx := make([]int, len(scores))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return scores[idx[a]] > scores[idx[b]] })
	pos := 0
	for _, v := range y {
		pos += v
	}
	best, bestThr, tp := -1.0, 0.5, 0
	for k, i := range idx {
		if y[i] == 1 {
			tp++
		}
		if k+1 < len(idx) && scores[idx[k+1]] == scores[i] {
			continue // a threshold cannot split tied scores
		}
		f1 := 2 * float64(tp) / float64(k+1+pos)
		if f1 > best {
			best = f1
			if k+1 < len(idx) {
				bestThr = (scores[i] + scores[idx[k+1]]) / 2
			} else {
				bestThr = scores[i] / 2
			}
		}
	}
	return bestThr
}

// ImbalanceStudy is RunImbalance over several seeds: Results[i][j] is loss j on Seeds[i].
type ImbalanceStudy struct {
	Seeds   []uint64
	Losses  []string
	Results [][]ImbalanceResult
}

// RunImbalanceStudy runs RunImbalance (with ImbalanceLosses) on every seed (cfg.Seed is replaced).
func RunImbalanceStudy(b compute.Backend, cfg ImbalanceConfig, seeds []uint64) (*ImbalanceStudy, error) {
	st := &ImbalanceStudy{Seeds: append([]uint64(nil), seeds...)}
	for _, s := range seeds {
		cfg.Seed = s
		res, err := RunImbalance(b, cfg, nil)
		if err != nil {
			return nil, err
		}
		if st.Losses == nil {
			for _, r := range res {
				st.Losses = append(st.Losses, r.Loss)
			}
		}
		st.Results = append(st.Results, res)
	}
	return st, nil
}

// Metric returns the summary over seeds of f applied to loss number j's results.
func (st *ImbalanceStudy) Metric(j int, f func(ImbalanceResult) float64) course.Summary {
	var v []float64
	for _, res := range st.Results {
		v = append(v, f(res[j]))
	}
	return course.Summarize(v)
}

// The metrics of the study, by name.
var (
	ImbAP          = func(r ImbalanceResult) float64 { return r.AP }
	ImbRecall      = func(r ImbalanceResult) float64 { return r.Default.MinorityRecall }
	ImbPrecision   = func(r ImbalanceResult) float64 { return r.Default.Precision }
	ImbMajority    = func(r ImbalanceResult) float64 { return r.Default.MajorityAcc }
	ImbValRecall   = func(r ImbalanceResult) float64 { return r.Validated.MinorityRecall }
	ImbValPrec     = func(r ImbalanceResult) float64 { return r.Validated.Precision }
	ImbValMajority = func(r ImbalanceResult) float64 { return r.Validated.MajorityAcc }
)

// Table returns the study as text: one line per loss, every metric as mean ± sd over seeds.
func (st *ImbalanceStudy) Table() string {
	ms := func(s course.Summary) string { return fmt.Sprintf("%.3f ± %.3f", s.Mean, s.SD) }
	tc := st.Results[0][0].TestCounts
	s := fmt.Sprintf("%d seeds; test set: %d majority, %d minority examples (one minority example = %.4f of recall)\n", len(st.Seeds), tc[0], tc[1], 1/float64(tc[1]))
	s += fmt.Sprintf("%-28s %-15s | %-15s %-15s %-15s | %-15s %-15s %-15s\n", "", "", "threshold 0.5", "", "", "threshold max F1 on validation", "", "")
	s += fmt.Sprintf("%-28s %-15s | %-15s %-15s %-15s | %-15s %-15s %-15s\n", "loss", "AP", "minority recall", "precision", "majority acc", "minority recall", "precision", "majority acc")
	for j, name := range st.Losses {
		s += fmt.Sprintf("%-28s %-15s | %-15s %-15s %-15s | %-15s %-15s %-15s\n", name, ms(st.Metric(j, ImbAP)),
			ms(st.Metric(j, ImbRecall)), ms(st.Metric(j, ImbPrecision)), ms(st.Metric(j, ImbMajority)),
			ms(st.Metric(j, ImbValRecall)), ms(st.Metric(j, ImbValPrec)), ms(st.Metric(j, ImbValMajority)))
	}
	return s
}

// values returns f of loss j on every seed.
func (st *ImbalanceStudy) values(j int, f func(ImbalanceResult) float64) []float64 {
	return st.Metric(j, f).Values
}

// Claims evaluates what the study shows, comparing each loss with BCE on the same
// seeds (ComparePaired: the margin is the standard deviation of the per-seed
// differences). The losses must be ImbalanceLosses' five, in order.
//
//   - no_loss_improves_ap: every loss's AP is within 0.01 of BCE's (mean paired
//     difference): none ranks the test set better. Catches: a loss that breaks the
//     ranking (a wrong gradient, a sign error in the modulating factor).
//   - alpha_raises_recall_at_half: α-balanced BCE has a higher minority recall at
//     p > 0.5 than BCE, by more than the spread. Catches: the α weights ignored.
//   - alpha_costs_precision: … and a lower precision, by more than the spread (α
//     moves the operating point; it does not separate the classes better).
//   - focal_recall_gt_ce: focal γ = 2, α = 0.75 has a higher minority recall at
//     p > 0.5 than BCE, by more than the spread. Catches: the focal loss reduced
//     to BCE (γ and α ignored).
//   - gamma_alone_no_recall_gain: focal with γ = 2 and no α does not raise the
//     recall at 0.5 beyond the spread. Fails if γ alone helps on this data.
//   - threshold_explains_recall_gap: with the threshold chosen on validation data
//     (max F1), the range of the losses' mean minority recalls is less than a third
//     of its range at p > 0.5: the losses differ mainly in where they put the
//     operating point. Fails if a loss separates the classes better.
func (st *ImbalanceStudy) Claims() []Verdict {
	const bce, alphaBCE, focalGamma, focalBoth = 0, 1, 3, 4
	var out []Verdict
	worst, worstName := 0.0, ""
	for j := 1; j < len(st.Losses); j++ {
		if d := ComparePaired(st.values(j, ImbAP), st.values(bce, ImbAP)).Diff; math.Abs(d) > math.Abs(worst) {
			worst, worstName = d, st.Losses[j]
		}
	}
	out = append(out, Verdict{"no_loss_improves_ap", math.Abs(worst) < 0.01,
		fmt.Sprintf("largest mean paired AP difference from BCE: %+.4f (%s), |·| < 0.01; AP of BCE %s", worst, worstName, st.Metric(bce, ImbAP))})
	m := ComparePaired(st.values(alphaBCE, ImbRecall), st.values(bce, ImbRecall))
	out = append(out, Verdict{"alpha_raises_recall_at_half", m.Holds, fmt.Sprintf("minority recall at 0.5, α-balanced BCE − BCE: %s (paired over %d seeds)", m, len(st.Seeds))})
	m = ComparePaired(st.values(bce, ImbPrecision), st.values(alphaBCE, ImbPrecision))
	out = append(out, Verdict{"alpha_costs_precision", m.Holds, fmt.Sprintf("precision at 0.5, BCE − α-balanced BCE: %s", m)})
	m = ComparePaired(st.values(focalBoth, ImbRecall), st.values(bce, ImbRecall))
	out = append(out, Verdict{"focal_recall_gt_ce", m.Holds, fmt.Sprintf("minority recall at 0.5, focal γ = 2, α = 0.75 − BCE: %s", m)})
	m = ComparePaired(st.values(focalGamma, ImbRecall), st.values(bce, ImbRecall))
	out = append(out, Verdict{"gamma_alone_no_recall_gain", !m.Holds, fmt.Sprintf("minority recall at 0.5, focal γ = 2 − BCE: %s: no gain beyond the spread", m)})
	rangeOf := func(f func(ImbalanceResult) float64) (lo, hi float64) {
		lo, hi = math.Inf(1), math.Inf(-1)
		for j := range st.Losses {
			m := st.Metric(j, f).Mean
			lo, hi = math.Min(lo, m), math.Max(hi, m)
		}
		return
	}
	lo5, hi5 := rangeOf(ImbRecall)
	loV, hiV := rangeOf(ImbValRecall)
	out = append(out, Verdict{"threshold_explains_recall_gap", hiV-loV < (hi5-lo5)/3,
		fmt.Sprintf("mean minority recall across the %d losses: %.3f–%.3f at p > 0.5 (range %.3f), %.3f–%.3f at the validated threshold (range %.3f < ⅓ of it)", len(st.Losses), lo5, hi5, hi5-lo5, loV, hiV, hiV-loV)})
	return out
}
