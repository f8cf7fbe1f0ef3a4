package experiments

import (
	"testing"
)

// TestGuideRunners runs each experiment of notebook 07 briefly and checks that the
// numbers are in range and that the expected winners win even at this budget.
func TestGuideRunners(t *testing.T) {
	b := backendForTest()
	c, err := GuideClassification(b, 150, 1)
	if err != nil {
		t.Fatal(err)
	}
	if c.Binary < 0.8 || c.MultiClass < 0.8 || c.MultiLabelBCE < c.MultiLabelSoftmax+0.2 {
		t.Errorf("classification: %+v, want accuracies > 0.8 and BCE per label ≫ softmax", c)
	}
	r, err := GuideRegression(b, 150, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !(r.Huber < r.MSE && r.MAE < r.MSE) {
		t.Errorf("regression with outliers: %+v, want Huber and MAE below MSE", r)
	}
	e, err := GuideEmbedding(b, 60, 1)
	if err != nil {
		t.Fatal(err)
	}
	if e.Triplet < 0.5 || e.InfoNCE < 0.5 || e.Triplet > 1 || e.InfoNCE > 1 {
		t.Errorf("embeddings: %+v, want recall@1 in (0.5, 1] (chance ≈ 0.1)", e)
	}
	v, err := GuideVAE(b, 60, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !(v.NegELBO > 0 && v.MeanImage > 0) {
		t.Errorf("VAE: %+v", v)
	}
}
