package experiments

import (
	"math"
	"testing"

	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"

	"github.com/losscourse/losscourse/pkg/backend"
	"github.com/losscourse/losscourse/pkg/losses"
)

func TestMetricsAt(t *testing.T) {
	scores := []float64{0.9, 0.8, 0.6, 0.4, 0.3, 0.1}
	y := []int{1, 0, 1, 1, 0, 0}
	tests := []struct {
		thr  float64
		want ThresholdMetrics
	}{
		{0.5, ThresholdMetrics{Threshold: 0.5, MinorityRecall: 2.0 / 3, Precision: 2.0 / 3, MajorityAcc: 2.0 / 3}},
		{0.95, ThresholdMetrics{Threshold: 0.95, MinorityRecall: 0, Precision: 1, MajorityAcc: 1}},
		{0.0, ThresholdMetrics{Threshold: 0, MinorityRecall: 1, Precision: 0.5, MajorityAcc: 0}},
	}
	for _, tc := range tests {
		got := metricsAt(scores, y, tc.thr)
		if math.Abs(got.MinorityRecall-tc.want.MinorityRecall) > 1e-12 || math.Abs(got.Precision-tc.want.Precision) > 1e-12 ||
			math.Abs(got.MajorityAcc-tc.want.MajorityAcc) > 1e-12 || got.Threshold != tc.want.Threshold {
			t.Errorf("metricsAt(thr %g) = %+v, want %+v", tc.thr, got, tc.want)
		}
	}
}

func TestBestF1Threshold(t *testing.T) {
	// Ranked: 1 1 0 1 0 0 → F1 after k = 1..6: 2/4, 4/5, 4/6, 6/7, 6/8, 6/9: best at k = 4.
	scores := []float64{0.95, 0.9, 0.7, 0.6, 0.2, 0.1}
	y := []int{1, 1, 0, 1, 0, 0}
	thr := bestF1Threshold(scores, y)
	if want := 0.4; math.Abs(thr-want) > 1e-12 {
		t.Errorf("bestF1Threshold = %g, want %g (between the 4th and 5th score)", thr, want)
	}
	m := metricsAt(scores, y, thr)
	if m.MinorityRecall != 1 || math.Abs(m.Precision-0.75) > 1e-12 {
		t.Errorf("at the chosen threshold: %+v, want recall 1, precision 0.75", m)
	}
	// Tied scores cannot be split: the cuts are after the tie (F1 2/5) or after
	// everything (F1 4/6, threshold half the lowest score).
	if thr = bestF1Threshold([]float64{0.5, 0.5, 0.5, 0.1}, []int{1, 0, 0, 1}); thr != 0.05 {
		t.Errorf("bestF1Threshold with ties = %g, want 0.05", thr)
	}
}

// TestAlphaBalancedIsFocalGammaZero: the α-balanced BCE of the comparison is
// exactly focal loss with γ = 0 and the same α (the control that isolates α).
func TestAlphaBalancedIsFocalGammaZero(t *testing.T) {
	b := backend.Default()
	ls := ImbalanceLosses(50)
	z := []float32{-3, -0.5, 0, 0.7, 2.5, -1}
	y := []float32{0, 1, 0, 1, 1, 0}
	got := tensors.ToScalar[float32](MustExecOnce(b, func(z, y *Node) *Node { return ls[1].Loss(z, y) },
		tensors.FromFlatDataAndDimensions(z, 6, 1), tensors.FromFlatDataAndDimensions(y, 6, 1)))
	want := tensors.ToScalar[float32](MustExecOnce(b, func(z, y *Node) *Node {
		return losses.SigmoidFocalLoss(z, y, losses.Gamma(0), losses.Alpha(0.75))
	}, tensors.FromFlatDataAndDimensions(z, 6, 1), tensors.FromFlatDataAndDimensions(y, 6, 1)))
	if math.Abs(float64(got-want)) > 1e-6 {
		t.Errorf("%s = %g, focal(γ = 0, α = 0.75) = %g", ls[1].Name, got, want)
	}
}

func TestRunImbalanceSmall(t *testing.T) {
	b := backend.Default()
	cfg := ImbalanceConfig{N: 3060, Steps: 150, Seed: 3}
	res, err := RunImbalance(b, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 5 {
		t.Fatalf("got %d results, want 5", len(res))
	}
	for _, r := range res {
		if r.TestCounts[1] == 0 || r.TestCounts[0] < 40*r.TestCounts[1] {
			t.Errorf("%s: test counts %v, want a 1:50 split with some minority examples", r.Loss, r.TestCounts)
		}
		// Any trained model ranks the minority far better than chance (AP of a random ranking ≈ 0.02).
		if !(r.AP > 0.3) {
			t.Errorf("%s: AP %.3f, want > 0.3", r.Loss, r.AP)
		}
		if r.Validated.Threshold <= 0 || r.Validated.Threshold >= 1 {
			t.Errorf("%s: validated threshold %g outside (0, 1)", r.Loss, r.Validated.Threshold)
		}
	}
	// Determinism: the same seed gives the same numbers.
	again, err := RunImbalance(b, cfg, ImbalanceLosses(50)[:1])
	if err != nil {
		t.Fatal(err)
	}
	if again[0].AP != res[0].AP || again[0].Default != res[0].Default {
		t.Errorf("not deterministic: %+v vs %+v", again[0], res[0])
	}
}

// TestImbalanceClaims runs a small study and checks the claims hold — and that
// alpha_raises_recall_at_half fails when the α weights are dropped from the
// α-balanced loss.
func TestImbalanceClaims(t *testing.T) {
	b := backend.Default()
	cfg := ImbalanceConfig{N: 10200, Steps: 400}
	seeds := []uint64{1, 2, 3}
	st, err := RunImbalanceStudy(b, cfg, seeds)
	if err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + st.Table())
	for _, v := range st.Claims() {
		if !v.OK {
			t.Errorf("claim %s fails: %s", v.Name, v.Text)
		}
	}
	// Break it: the "α-balanced" loss without its weights.
	broken := &ImbalanceStudy{Seeds: seeds}
	for _, s := range seeds {
		cfg.Seed = s
		ls := ImbalanceLosses(50)
		ls[1].Loss = ls[0].Loss
		ls[4].Loss = ls[3].Loss // focal γ = 2, α = 0.75 without its α
		res, err := RunImbalance(b, cfg, ls)
		if err != nil {
			t.Fatal(err)
		}
		broken.Results = append(broken.Results, res)
		broken.Losses = make([]string, len(res))
	}
	for _, name := range []string{"alpha_raises_recall_at_half", "focal_recall_gt_ce"} {
		if v := verdicts(broken.Claims())[name]; v.OK {
			t.Errorf("%s holds without the α weights: %s", name, v.Text)
		}
	}
}
