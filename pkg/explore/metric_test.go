package explore

import (
	"math"
	"strings"
	"testing"

	"github.com/losscourse/losscourse/pkg/backend"
)

// softmaxRef returns softmax(s/τ) over the positive (index 0) and the negatives.
func softmaxRef(pos float64, neg []float64, tau float64) []float64 {
	s := append([]float64{pos}, neg...)
	m := math.Inf(-1)
	for _, x := range s {
		m = math.Max(m, x/tau)
	}
	z, p := 0.0, make([]float64, len(s))
	for i, x := range s {
		p[i] = math.Exp(x/tau - m)
		z += p[i]
	}
	for i := range p {
		p[i] /= z
	}
	return p
}

func TestComputeInfoNCEIsSoftmaxOverTau(t *testing.T) {
	taus := []float64{0.01, 0.07, 0.1, 0.5, 1, 10}
	for _, nb := range backend.ForTests() {
		res, err := ComputeInfoNCE(nb.Backend, InfoNCEPositive, InfoNCENegatives, taus)
		if err != nil {
			t.Fatalf("%s: %v", nb.Name, err)
		}
		for i, r := range res {
			if r.Tau != taus[i] {
				t.Fatalf("result %d has τ %g, want %g", i, r.Tau, taus[i])
			}
			want := softmaxRef(r.Positive, r.Negatives, r.Tau)
			pos, neg := r.Weights()
			if !closeTo(pos, want[0], 1e-10) {
				t.Errorf("%s τ=%g: positive weight 1 + τ·∂ℓ/∂s₊ = %.12g, softmax %.12g", nb.Name, r.Tau, pos, want[0])
			}
			sum := pos
			for j := range neg {
				sum += neg[j]
				if math.Abs(neg[j]-want[j+1]) > 1e-12 {
					t.Errorf("%s τ=%g: negative %d (s=%g) weight τ·∂ℓ/∂s = %.12g, softmax %.12g", nb.Name, r.Tau, j, r.Negatives[j], neg[j], want[j+1])
				}
			}
			if math.Abs(sum-1) > 1e-10 {
				t.Errorf("%s τ=%g: weights sum to %.15g, want 1", nb.Name, r.Tau, sum)
			}
			if !closeTo(r.Loss, -math.Log(want[0]), 1e-10) {
				t.Errorf("%s τ=%g: loss %.12g, want −log p₊ = %.12g", nb.Name, r.Tau, r.Loss, -math.Log(want[0]))
			}
			hard, easy := r.hardestEasiest()
			if r.Negatives[hard] != 0.65 || r.Negatives[easy] != -0.30 {
				t.Errorf("hardest/easiest negatives %g/%g, want 0.65/−0.30", r.Negatives[hard], r.Negatives[easy])
			}
			ratio := r.NegativeGrads[hard] / r.NegativeGrads[easy]
			if wantR := math.Exp((0.65 + 0.30) / r.Tau); !closeTo(ratio, wantR, 1e-8) {
				t.Errorf("%s τ=%g: gradient ratio hardest/easiest %.10g, want exp(Δs/τ) = %.10g", nb.Name, r.Tau, ratio, wantR)
			}
			shares := 0.0
			for j := range r.Negatives {
				shares += r.Share(j)
			}
			if math.Abs(shares-1) > 1e-12 {
				t.Errorf("shares sum to %.15g", shares)
			}
		}
		// Small τ: the hardest negative takes most of the push; large τ: close to an equal share.
		if s := res[0].Share(14); s < 0.9 {
			t.Errorf("τ = 0.01: hardest negative's share %.3f, want > 0.9", s)
		}
		if s := res[len(res)-1].Share(14); math.Abs(s-1.0/15) > 0.01 {
			t.Errorf("τ = 10: hardest negative's share %.4f, want ≈ 1/15", s)
		}
	}
}

func TestComputeInfoNCEErrors(t *testing.T) {
	for _, tc := range []struct {
		pos       float64
		neg, taus []float64
	}{
		{1, []float64{0}, []float64{1}},
		{0.5, []float64{-1}, []float64{1}},
		{0.5, nil, []float64{1}},
		{0.5, []float64{0}, nil},
		{0.5, []float64{0}, []float64{0}},
		{0.5, []float64{0}, []float64{math.Inf(1)}},
	} {
		if _, err := ComputeInfoNCE(nil, tc.pos, tc.neg, tc.taus); err == nil || !strings.Contains(err.Error(), "ComputeInfoNCE") {
			t.Errorf("ComputeInfoNCE(%g, %v, %v) error = %v", tc.pos, tc.neg, tc.taus, err)
		}
	}
}
