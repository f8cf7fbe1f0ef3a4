package explore

import (
	"math"
	"testing"
)

func TestVAEDataVariances(t *testing.T) {
	x, lambda := vaeData()
	if len(x) != vaeN || lambda != [2]float64{4, 1} {
		t.Fatalf("vaeData: %d points, λ = %v", len(x), lambda)
	}
	// The sample covariance has eigenvalues 4 and 1.
	var m [2]float64
	for _, p := range x {
		m[0], m[1] = m[0]+p[0]/vaeN, m[1]+p[1]/vaeN
	}
	var sxx, sxy, syy float64
	for _, p := range x {
		dx, dy := p[0]-m[0], p[1]-m[1]
		sxx, sxy, syy = sxx+dx*dx/vaeN, sxy+dx*dy/vaeN, syy+dy*dy/vaeN
	}
	tr, det := sxx+syy, sxx*syy-sxy*sxy
	if math.Abs(tr-5) > 1e-9 || math.Abs(det-4) > 1e-9 {
		t.Errorf("sample covariance trace %.12g and determinant %.12g, want 5 and 4 (eigenvalues 4 and 1)", tr, det)
	}
}

// TestBetaVAEFollowsTheLinearOptimum trains at β values away from the collapse
// thresholds (1 and 4) and compares the KL per latent dimension with ½·log⁺(λ/β).
func TestBetaVAEFollowsTheLinearOptimum(t *testing.T) {
	prevRecon := -1.0
	for _, tc := range []struct {
		beta     float64
		collapse [2]bool
	}{
		{0.25, [2]bool{false, false}},
		{0.5, [2]bool{false, false}},
		{2, [2]bool{false, true}},
		{8, [2]bool{true, true}},
	} {
		f, err := TrainBetaVAE(nil, tc.beta)
		if err != nil {
			t.Fatal(err)
		}
		for j := range 2 {
			want := 0.5 * math.Max(0, math.Log(f.Lambda[j]/tc.beta))
			if f.Theory[j] != want || math.Abs(f.KL[j]-want) > 0.03 {
				t.Errorf("β = %g, dimension %d: KL %.4f, theory %.4f, want within 0.03 of ½·log⁺(λ/β) = %.4f", tc.beta, j+1, f.KL[j], f.Theory[j], want)
			}
		}
		if f.Collapse != tc.collapse {
			t.Errorf("β = %g: collapsed dimensions %v, want %v (KL %v)", tc.beta, f.Collapse, tc.collapse, f.KL)
		}
		if f.Recon2 <= prevRecon {
			t.Errorf("β = %g: reconstruction error %.4f, not above %.4f at the smaller β", tc.beta, f.Recon2, prevRecon)
		}
		prevRecon = f.Recon2
		if len(f.Recon) != vaeN || math.IsNaN(f.NegELBO) {
			t.Errorf("β = %g: %d reconstructions, loss %g", tc.beta, len(f.Recon), f.NegELBO)
		}
	}
}

func TestTrainBetaVAEErrors(t *testing.T) {
	for _, beta := range []float64{0, -1, math.Inf(1), math.NaN()} {
		if _, err := TrainBetaVAE(nil, beta); err == nil {
			t.Errorf("TrainBetaVAE(%g) gave no error", beta)
		}
	}
}
