package experiments

import (
	"fmt"

	"github.com/gomlx/compute"
	"github.com/gomlx/gomlx/ml/train"

	"github.com/losscourse/losscourse/pkg/course"
	"github.com/losscourse/losscourse/pkg/data"
	"github.com/losscourse/losscourse/pkg/losses"
)

// CalibrationConfig configures the label-smoothing experiment of notebook 02
// (RunCalibration). Zero fields take DefaultCalibrationConfig's values.
type CalibrationConfig struct {
	NTrain, NTest int     // noisy two moons: training and test points
	Noise         float64 // moons' coordinate noise
	LabelNoise    float64 // fraction of flipped labels
	Hidden        []int   // tanh hidden layers
	Batch, Steps  int     // Adam mini-batches and steps
	LR            float64 // Adam learning rate
	Seed          uint64  // seeds the data, the split, the initial weights and the batch order
}

// DefaultCalibrationConfig is notebook 02's setting: 200 training points of noisy
// two moons (noise 0.3, 10 % flipped labels), 1000 test points, two hidden layers
// of 64 tanh units, Adam(0.01) on mini-batches of 64 for 4000 steps — long enough
// for the unsmoothed network to fit part of the label noise and become over-confident.
func DefaultCalibrationConfig() CalibrationConfig {
	return CalibrationConfig{NTrain: 200, NTest: 1000, Noise: 0.3, LabelNoise: 0.1, Hidden: []int{64, 64}, Batch: 64, Steps: 4000, LR: 0.01, Seed: 1}
}

func (c CalibrationConfig) withDefaults() CalibrationConfig {
	d := DefaultCalibrationConfig()
	if c.NTrain == 0 {
		c.NTrain = d.NTrain
	}
	if c.NTest == 0 {
		c.NTest = d.NTest
	}
	if c.Noise == 0 {
		c.Noise = d.Noise
	}
	if c.LabelNoise == 0 {
		c.LabelNoise = d.LabelNoise
	}
	if c.Hidden == nil {
		c.Hidden = d.Hidden
	}
	if c.Batch == 0 {
		c.Batch = d.Batch
	}
	if c.Steps == 0 {
		c.Steps = d.Steps
	}
	if c.LR == 0 {
		c.LR = d.LR
	}
	return c
}

// CalibrationResult is one smoothing level on one seed.
type CalibrationResult struct {
	Eps      float64 // label smoothing ε
	ECE      float64 // expected calibration error, 10 equal-width bins (course.Calibrate)
	Accuracy float64 // test accuracy
	// Confidence and BinAccuracy are the reliability diagram (course.Calibration.Curve):
	// mean confidence and accuracy of each non-empty bin.
	Confidence, BinAccuracy []float64
}

// CalibrationStudy holds RunCalibrationStudy's results: Results[i][j] is Eps[j] on Seeds[i].
type CalibrationStudy struct {
	Seeds   []uint64
	Eps     []float64
	Results [][]CalibrationResult
}

// RunCalibrationStudy trains cfg's network with softmax cross-entropy and label
// smoothing ε for every ε of eps on every seed (the same data, initial weights
// and batches for every ε of a seed) and measures the test ECE and accuracy.
func RunCalibrationStudy(b compute.Backend, cfg CalibrationConfig, eps []float64, seeds []uint64) (*CalibrationStudy, error) {
	cfg = cfg.withDefaults()
	st := &CalibrationStudy{Seeds: append([]uint64(nil), seeds...), Eps: append([]float64(nil), eps...)}
	for _, seed := range seeds {
		all, err := data.Moons(data.MoonsOptions{N: cfg.NTrain + cfg.NTest, Noise: cfg.Noise, LabelNoise: cfg.LabelNoise, Seed: seed})
		if err != nil {
			return nil, err
		}
		tr, te, err := all.Split(float64(cfg.NTest)/float64(cfg.NTrain+cfg.NTest), seed+1)
		if err != nil {
			return nil, err
		}
		net := course.MLP{Hidden: cfg.Hidden, Out: 2}.ModelFn()
		var row []CalibrationResult
		for _, e := range eps {
			ds, err := tr.Dataset(data.DatasetOptions{Name: "noisy moons", BatchSize: cfg.Batch, Shuffle: true, Seed: seed, Infinite: true})
			if err != nil {
				return nil, err
			}
			var loss train.LossFn = losses.LossFn(losses.SoftmaxCrossEntropy, losses.LabelSmoothing(e))
			store, err := course.Fit(b, net, loss, ds, course.FitOptions{Steps: cfg.Steps, LearningRate: cfg.LR, Seed: int64(seed) + 5, Quiet: true})
			if err != nil {
				return nil, fmt.Errorf("experiments.RunCalibrationStudy(ε = %g, seed %d): %w", e, seed, err)
			}
			pr, err := course.Probabilities(b, store, net, te.X)
			if err != nil {
				return nil, err
			}
			cal := course.Calibrate(pr, te.Y, 10)
			conf, acc := cal.Curve()
			row = append(row, CalibrationResult{Eps: e, ECE: cal.ECE, Accuracy: course.Accuracy(pr, te.Y), Confidence: conf, BinAccuracy: acc})
		}
		st.Results = append(st.Results, row)
	}
	return st, nil
}

// Values returns f of smoothing level j on every seed.
func (st *CalibrationStudy) Values(j int, f func(CalibrationResult) float64) []float64 {
	v := make([]float64, len(st.Results))
	for i, row := range st.Results {
		v[i] = f(row[j])
	}
	return v
}

// Table returns ECE and accuracy per ε as mean ± sd over seeds.
func (st *CalibrationStudy) Table() string {
	s := fmt.Sprintf("%6s  %-15s  %-15s  (%d seeds)\n", "ε", "test ECE", "test accuracy", len(st.Seeds))
	for j, e := range st.Eps {
		ece, acc := course.Summarize(st.Values(j, func(r CalibrationResult) float64 { return r.ECE })), course.Summarize(st.Values(j, func(r CalibrationResult) float64 { return r.Accuracy }))
		s += fmt.Sprintf("%6.2f  %.3f ± %-7.3f  %.3f ± %-7.3f\n", e, ece.Mean, ece.SD, acc.Mean, acc.SD)
	}
	return s
}

// Claims evaluates notebook 02's calibration claims; Eps must start with 0.
//
//   - smoothing_lowers_ece: for the largest ε, ECE(0) − ECE(ε) paired over seeds
//     exceeds its spread. Catches: smoothing not applied (LabelSmoothing ignored),
//     or an ECE that does not measure over-confidence.
//   - smoothing_keeps_accuracy: the test accuracy changes by less than 0.03 (mean
//     paired difference): smoothing changes the confidence, not the decisions.
func (st *CalibrationStudy) Claims() []Verdict {
	last := len(st.Eps) - 1
	ece := func(r CalibrationResult) float64 { return r.ECE }
	acc := func(r CalibrationResult) float64 { return r.Accuracy }
	m := ComparePaired(st.Values(0, ece), st.Values(last, ece))
	a := ComparePaired(st.Values(last, acc), st.Values(0, acc))
	return []Verdict{
		{"smoothing_lowers_ece", m.Holds, fmt.Sprintf("ECE(ε = 0) − ECE(ε = %.2g): %s (paired over %d seeds)", st.Eps[last], m, len(st.Seeds))},
		{"smoothing_keeps_accuracy", a.Diff > -0.03 && a.Diff < 0.03, fmt.Sprintf("test accuracy, ε = %.2g − ε = 0: %+.3f (|·| < 0.03; spread %.3f)", st.Eps[last], a.Diff, a.Spread)},
	}
}
