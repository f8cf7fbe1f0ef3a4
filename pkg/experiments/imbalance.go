package experiments

import (
	"fmt"
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
		out = append(out, ImbalanceResult{
			Loss:       l.Name,
			AP:         averagePrecision(pTest, test.Y),
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

// averagePrecision is course.PrecisionRecall's average precision.
func averagePrecision(scores []float64, y []int) float64 {
	_, _, ap := course.PrecisionRecall(scores, y)
	return ap
}
