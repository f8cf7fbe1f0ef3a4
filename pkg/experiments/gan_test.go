package experiments

import (
	"github.com/gomlx/compute"
	"math"
	"strings"
	"testing"

	"github.com/losscourse/losscourse/pkg/backend"
	"github.com/losscourse/losscourse/pkg/data"
)

// tiny is a GAN configuration small enough for unit tests (a second or two per run).
func tiny(l GANLoss, steps int) GANConfig {
	return GANConfig{Loss: l, Width: 16, Depth: 2, Batch: 32, Steps: steps, Snapshots: 2, Samples: 200, Seed: 5}
}

func ring(t testing.TB) *data.Target2D {
	t.Helper()
	target, err := RingTarget()
	if err != nil {
		t.Fatal(err)
	}
	return target
}

func TestGANConfigDefaults(t *testing.T) {
	for _, l := range GANLosses() {
		c, err := GANConfig{Loss: l}.withDefaults()
		if err != nil {
			t.Fatalf("%s: %v", l, err)
		}
		if c.Beta1 != 0.5 || c.Beta2 != 0.9 || c.ZDim != 2 || c.Scale != PaperScale || c.Depth != PaperDepth {
			t.Errorf("%s: defaults %+v do not follow gan_toy.py (β = (0.5, 0.9), 2-D noise, 3 layers, data / 1.414)", l, c)
		}
		wantCritic := 1
		if l.IsWasserstein() {
			wantCritic = PaperNCritic
		}
		if c.NCritic != wantCritic {
			t.Errorf("%s: NCritic %d, want %d", l, c.NCritic, wantCritic)
		}
	}
	gp, _ := GANConfig{Loss: WGANGP}.withDefaults()
	if gp.Lambda != PaperLambda || gp.Batch != PaperBatch {
		t.Errorf("WGAN-GP: λ %g batch %d, want the toy settings λ = %g, batch %d", gp.Lambda, gp.Batch, PaperLambda, PaperBatch)
	}
	clip, _ := GANConfig{Loss: WGANClip}.withDefaults()
	if clip.Optimizer != RMSProp || clip.Clip != PaperClipBound || clip.LR != 10*PaperClipLR {
		t.Errorf("WGAN clipping: %+v, want RMSProp(10 × 5e-5) and c = 0.01 (gan_toy.py)", clip)
	}
}

func TestGANConfigErrors(t *testing.T) {
	bad := []GANConfig{
		{Loss: GANLoss(7)},
		{Loss: WGANGP, Snapshots: 1},
		{Loss: WGANGP, LR: -1},
		{Loss: WGANGP, Lambda: -1},
		{Loss: WGANGP, Batch: 1},
		{Loss: WGANGP, Optimizer: "sgd"},
		{Loss: WGANGP, Schedule: "cosine"},
	}
	for _, c := range bad {
		if _, err := c.withDefaults(); err == nil || !strings.Contains(err.Error(), "experiments.TrainGAN") {
			t.Errorf("withDefaults(%+v): error %v, want an experiments.TrainGAN error", c, err)
		}
	}
	if _, err := TrainGAN(backend.Default(), nil, tiny(WGANGP, 1)); err == nil {
		t.Error("TrainGAN with a nil target: no error")
	}
}

func TestTrainGANRecords(t *testing.T) {
	b := backend.Default()
	target := ring(t)
	cfg := tiny(WGANGP, 12)
	cfg.Snapshots, cfg.Window = 3, 4
	run, err := TrainGAN(b, target, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := run.SnapSteps, []int{0, 6, 12}; len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Errorf("SnapSteps = %v, want %v", got, want)
	}
	if len(run.Snaps) != 3 || len(run.Snaps[0]) != cfg.Samples || len(run.Cov) != 3 || len(run.SWD) != 3 {
		t.Errorf("snapshots: %d sets of %d points, %d coverages, %d distances", len(run.Snaps), len(run.Snaps[0]), len(run.Cov), len(run.SWD))
	}
	if len(run.DLoss) != 3 || len(run.WEstimate) != 3 || len(run.GP) != 3 || run.DLoss[2].Step != 12 {
		t.Errorf("curves: %d loss points %v, %d W points, %d GP points; want 3 each, the last at step 12", len(run.DLoss), run.DLoss, len(run.WEstimate), len(run.GP))
	}
	// The WGAN-GP loss is the Wasserstein critic loss plus λ·GP: −W(training units) + λ·GP.
	for i, p := range run.DLoss {
		want := -run.WEstimate[i].Value/run.Config.Scale + run.Config.Lambda*run.GP[i].Value
		if math.Abs(p.Value-want) > 1e-4*math.Max(1, math.Abs(want)) {
			t.Errorf("window %d: critic loss %g, want −W/scale + λ·GP = %g", i, p.Value, want)
		}
	}
	if !(run.GradNorm > 0) {
		t.Errorf("GradNorm = %g, want > 0", run.GradNorm)
	}
	// Deterministic for a seed; another seed gives another run.
	again, err := TrainGAN(b, target, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if again.SWD[2] != run.SWD[2] || again.GradNorm != run.GradNorm {
		t.Errorf("same seed, different runs: SWD %g vs %g, grad norm %g vs %g", run.SWD[2], again.SWD[2], run.GradNorm, again.GradNorm)
	}
	cfg.Seed++
	other, err := TrainGAN(b, target, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if other.SWD[2] == run.SWD[2] {
		t.Errorf("seeds %d and %d gave the same run", cfg.Seed-1, cfg.Seed)
	}
}

func TestLRDecay(t *testing.T) {
	c := GANConfig{LR: 1e-3, Steps: 100, Schedule: LinearDecay}
	for _, tc := range []struct{ s, want float64 }{{0, 1e-3}, {50, 5e-4}, {99, 1e-5}} {
		if got := c.lrAt(int(tc.s)); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("lrAt(%g) = %g, want %g", tc.s, got, tc.want)
		}
	}
	c.Schedule = ConstantLR
	if got := c.lrAt(99); got != 1e-3 {
		t.Errorf("without decay lrAt(99) = %g, want 1e-3", got)
	}
}

// TestClippingBoundsWeights: after training, every critic weight of the clipped
// WGAN lies in [−c, c], and the critic's gradient norm is far below 1.
func TestClippingBoundsWeights(t *testing.T) {
	run, err := TrainGAN(backend.Default(), ring(t), tiny(WGANClip, 10))
	if err != nil {
		t.Fatal(err)
	}
	if run.MaxCriticWeight > run.Config.Clip*(1+1e-6) {
		t.Errorf("max |critic weight| = %g > c = %g", run.MaxCriticWeight, run.Config.Clip)
	}
	if !(run.GradNorm < 0.05) {
		t.Errorf("clipped critic ‖∇f‖ = %g, want ≪ 1", run.GradNorm)
	}
}

// TestRunRingStudyParallel: running seeds in parallel gives the same runs as one at a time.
func TestRunRingStudyParallel(t *testing.T) {
	b := backend.Default()
	target := ring(t)
	cfgs := []GANConfig{tiny(NonSaturating, 8), tiny(WGANGP, 4)}
	seeds := []uint64{1, 2}
	one, err := RunRingStudy(b, target, cfgs, seeds, 1)
	if err != nil {
		t.Fatal(err)
	}
	two, err := RunRingStudy(b, target, cfgs, seeds, 2)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []string{"non-saturating GAN", "WGAN-GP"} {
		for i := range seeds {
			a, c := one.Runs[l][i], two.Runs[l][i]
			if a.Config.Seed != seeds[i] || a.SWD[1] != c.SWD[1] || a.GradNorm != c.GradNorm {
				t.Errorf("%s seed %d: serial (seed %d, SWD %g, ‖∇f‖ %g) ≠ parallel (SWD %g, ‖∇f‖ %g)", l, seeds[i], a.Config.Seed, a.SWD[1], a.GradNorm, c.SWD[1], c.GradNorm)
			}
		}
	}
	if got := len(one.Modes("WGAN-GP")); got != 2 {
		t.Errorf("Modes: %d values, want 2", got)
	}
	if !strings.Contains(one.Table(), "WGAN-GP") || strings.Contains(one.Table(), "minimax") {
		t.Errorf("Table lists the wrong objectives:\n%s", one.Table())
	}
	if _, err := RunRingStudy(b, target, []GANConfig{tiny(WGANGP, 1), tiny(WGANGP, 1)}, seeds, 1); err == nil {
		t.Error("a configuration given twice: no error")
	}
	named := tiny(WGANGP, 1)
	named.Name = "WGAN-GP, again"
	if _, err := RunRingStudy(b, target, []GANConfig{tiny(WGANGP, 1), named}, seeds[:1], 1); err != nil {
		t.Errorf("two configurations of one loss with different names: %v", err)
	}
}

func backendForTest() compute.Backend { return backend.Default() }
