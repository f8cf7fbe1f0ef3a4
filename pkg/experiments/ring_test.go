package experiments

import (
	"testing"
)

// study builds a RingStudy from single runs (one seed).
func study(runs map[string]*GANRun) *RingStudy {
	st := &RingStudy{Seeds: []uint64{1}, Runs: map[string][]*GANRun{}}
	for name, r := range runs {
		st.Names = append(st.Names, name)
		st.Runs[name] = []*GANRun{r}
	}
	return st
}

func trainBroken(t *testing.T, cfg GANConfig, br ganBreaks) *GANRun {
	t.Helper()
	run, err := trainGAN(backendForTest(), ring(t), cfg, br)
	if err != nil {
		t.Fatal(err)
	}
	return run
}

// TestRingClaimsBreak proves that some of notebook 06's claims fail when the code
// they describe is broken: the gradient penalty dropped, clipping not applied.
func TestRingClaimsBreak(t *testing.T) {
	th := RingThresholdsFor(true)
	gp := GANConfig{Loss: WGANGP, Batch: 64, Snapshots: 2, Seed: 1} // the fast-mode configuration of notebook 06
	un := GANConfig{Loss: WGANUnconstrained, Batch: 64, Steps: 100, Snapshots: 2, Seed: 1}
	clip := GANConfig{Loss: WGANClip, Width: 32, Batch: 64, Steps: 20, Snapshots: 2, Seed: 1}
	unRun := trainBroken(t, un, ganBreaks{})

	good := verdicts(study(map[string]*GANRun{RingGP: trainBroken(t, gp, ganBreaks{}), RingUnconstrained: unRun, RingClip: trainBroken(t, clip, ganBreaks{})}).Claims(th))
	for _, name := range []string{"gp_keeps_gradient_near_one", "clipping_pins_weights"} {
		if v, ok := good[name]; !ok || !v.OK {
			t.Errorf("claim %s does not hold on the real code: %+v", name, v)
		}
	}

	bad := verdicts(study(map[string]*GANRun{RingGP: trainBroken(t, gp, ganBreaks{dropPenalty: true}), RingUnconstrained: unRun, RingClip: trainBroken(t, clip, ganBreaks{skipClip: true})}).Claims(th))
	if v := bad["gp_keeps_gradient_near_one"]; v.OK {
		t.Errorf("gp_keeps_gradient_near_one holds with the penalty dropped: %s", v.Text)
	}
	if v := bad["clipping_pins_weights"]; v.OK {
		t.Errorf("clipping_pins_weights holds without clipping: %s", v.Text)
	}
}
