package experiments

import (
	"testing"

	"github.com/losscourse/losscourse/pkg/course"
)

// TestStudyFigures renders every study figure from small hand-made studies (no
// training): each must produce a PNG.
func TestStudyFigures(t *testing.T) {
	seeds := []uint64{1, 2}
	imb := &ImbalanceStudy{Seeds: seeds, Losses: []string{"BCE", "focal γ = 2"}}
	for s := range seeds {
		r := ImbalanceResult{AP: 0.8 + 0.01*float64(s), Default: ThresholdMetrics{MinorityRecall: 0.7, Precision: 0.9, MajorityAcc: 0.99},
			Validated: ThresholdMetrics{MinorityRecall: 0.8, Precision: 0.85, MajorityAcc: 0.98}, TestCounts: [2]int{100, 10}}
		imb.Results = append(imb.Results, []ImbalanceResult{r, r})
	}
	cal := &CalibrationStudy{Seeds: seeds, Eps: []float64{0, 0.2}}
	for range seeds {
		cal.Results = append(cal.Results, []CalibrationResult{{Eps: 0, ECE: 0.2, Accuracy: 0.85, Confidence: []float64{0.6, 0.9}, BinAccuracy: []float64{0.6, 0.8}},
			{Eps: 0.2, ECE: 0.05, Accuracy: 0.85, Confidence: []float64{0.6, 0.85}, BinAccuracy: []float64{0.6, 0.84}}})
	}
	line, err := LineWithOutliers(50, 1)
	if err != nil {
		t.Fatal(err)
	}
	rob := &RobustLineStudy{Seeds: seeds, Deltas: []float64{0.1, 1, 10}, First: line, Slopes: map[string][]float64{}, Intercepts: map[string][]float64{}}
	for _, n := range []string{"MSE", "MAE", HuberName(0.1), HuberName(1), HuberName(10)} {
		rob.Slopes[n], rob.Intercepts[n] = []float64{1.5, 1.6}, []float64{1, 1}
	}
	emb := &EmbeddingStudy{Seeds: seeds, Taus: []float64{0.1, 1}, PCA8: 0.9, Recall: map[string][]float64{}}
	for _, n := range []string{"untrained", "triplet", "contrastive", NTXentName(0.1), NTXentName(1)} {
		emb.Recall[n] = []float64{0.8, 0.82}
	}
	ms := &MarginStudy{Seeds: seeds, Margins: []float64{1, 0.2}, Steps: []float64{0, 10},
		Active: [][][]float64{{{0.8, 0.1}, {0.7, 0.12}}, {{0.4, 0.05}, {0.35, 0.06}}}, MeanNeg: [][]float64{{6, 7}, {2, 2.5}}}
	figs := append(imb.Figures(), cal.Figures()...)
	figs = append(figs, rob.FitFigure(), rob.SweepFigure())
	figs = append(figs, rob.ResidualFigures()...)
	figs = append(figs, emb.Figures()...)
	figs = append(figs, ms.Figure())
	for i, f := range figs {
		png, err := course.RowPNG(f)
		if err != nil || len(png) < 1000 {
			t.Errorf("figure %d (%q): %d bytes, %v", i, f.Title.Text, len(png), err)
		}
		if f.X.Label.Text == "" || f.Y.Label.Text == "" {
			t.Errorf("figure %d (%q) has an unlabelled axis", i, f.Title.Text)
		}
	}
	if rob.Table() == "" {
		t.Error("RobustLineStudy.Table is empty")
	}
}

// TestMarginClaims checks the margin claims on hand-made curves, and that they
// fail when the margin is ignored or the active set does not shrink.
func TestMarginClaims(t *testing.T) {
	ms := &MarginStudy{Seeds: []uint64{1, 2, 3}, Margins: []float64{1, 0.2}, Steps: []float64{0, 10},
		Active:  [][][]float64{{{0.8, 0.1}, {0.7, 0.12}, {0.75, 0.09}}, {{0.4, 0.05}, {0.35, 0.06}, {0.38, 0.04}}},
		MeanNeg: [][]float64{{6, 7, 6.5}, {2, 2.5, 2.2}}}
	for _, v := range ms.Claims() {
		if !v.OK {
			t.Errorf("claim %s fails: %s", v.Name, v.Text)
		}
	}
	broken := *ms
	broken.MeanNeg = [][]float64{ms.MeanNeg[0], ms.MeanNeg[0]} // margin ignored
	broken.Active = [][][]float64{{{0.8, 0.8}, {0.7, 0.71}, {0.75, 0.74}}, ms.Active[1]}
	for _, v := range broken.Claims() {
		if v.OK {
			t.Errorf("claim %s holds on broken data: %s", v.Name, v.Text)
		}
	}
}

// TestPairSplit checks PairSplit on embeddings where every digit sits on its own point.
func TestPairSplit(t *testing.T) {
	var e [][]float64
	var y []int
	for i := 0; i < 40; i++ {
		y = append(y, i%4)
		e = append(e, []float64{float64(i % 4), 0})
	}
	same, diff, err := PairSplit(e, y, 0.5, 200, 1)
	if err != nil || same != 1 || diff != 1 {
		t.Errorf("PairSplit = %v, %v, %v; want 1, 1, nil", same, diff, err)
	}
}
