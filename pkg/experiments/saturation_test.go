package experiments

import (
	"testing"

	"github.com/losscourse/losscourse/pkg/backend"
)

var satBiases = []float64{-12, -8, -6, -4, -2, 0, 2}

func verdicts(vs []Verdict) map[string]Verdict {
	m := map[string]Verdict{}
	for _, v := range vs {
		m[v.Name] = v
	}
	return m
}

// TestSaturationClaims runs a small sweep and checks that the notebook's claims
// hold — and that they fail when the generator losses are swapped.
func TestSaturationClaims(t *testing.T) {
	b := backend.Default()
	cfg := GANConfig{Width: 32, Batch: 128, Seed: 2}
	res, err := SaturationSweep(b, ring(t), cfg, satBiases, 400)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Sweep) != len(satBiases) || len(res.Trained) != 4 || res.TrainedSteps[3] != 400 {
		t.Fatalf("sweep %d points, trained %d at %v", len(res.Sweep), len(res.Trained), res.TrainedSteps)
	}
	for i := 1; i < len(res.Sweep); i++ {
		if !(res.Sweep[i].MeanD > res.Sweep[i-1].MeanD) {
			t.Errorf("mean D(G(z)) does not grow with the bias: %+v then %+v", res.Sweep[i-1], res.Sweep[i])
		}
	}
	for name, v := range verdicts(res.Claims()) {
		if !v.OK {
			t.Errorf("claim %s fails on the real losses: %s", name, v.Text)
		}
	}
	broken, err := saturationSweep(b, ring(t), cfg, satBiases, 400, ganBreaks{swapGeneratorLoss: true})
	if err != nil {
		t.Fatal(err)
	}
	got := verdicts(broken.Claims())
	for _, name := range []string{"minimax_gradient_proportional_to_d", "nonsat_gradient_does_not_vanish", "minimax_vanishes_when_d_rejects", "d_training_shrinks_ratio"} {
		if got[name].OK {
			t.Errorf("claim %s still holds with the generator losses swapped: %s", name, got[name].Text)
		}
	}
}
