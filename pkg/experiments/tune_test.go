package experiments

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/losscourse/losscourse/pkg/backend"
	"github.com/losscourse/losscourse/pkg/data"
)

// TestTuneGAN is a tuning harness, skipped unless LOSSCOURSE_TUNE is set, e.g.
// LOSSCOURSE_TUNE="loss=3 width=128 depth=3 steps=2000 lr=1e-3 seeds=1,2,3".
func TestTuneGAN(t *testing.T) {
	spec := os.Getenv("LOSSCOURSE_TUNE")
	if spec == "" {
		t.Skip("set LOSSCOURSE_TUNE to run the GAN tuning harness")
	}
	b := backend.Default()
	target, err := data.Ring8(data.TargetOptions{N: 20000, Std: 0.05, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	cfg := GANConfig{}
	seeds := []uint64{1}
	for _, kv := range strings.Fields(spec) {
		k, v, _ := strings.Cut(kv, "=")
		f, _ := strconv.ParseFloat(v, 64)
		switch k {
		case "loss":
			cfg.Loss = GANLoss(int(f))
		case "width":
			cfg.Width = int(f)
		case "depth":
			cfg.Depth = int(f)
		case "steps":
			cfg.Steps = int(f)
		case "ncritic":
			cfg.NCritic = int(f)
		case "batch":
			cfg.Batch = int(f)
		case "lr":
			cfg.LR = f
		case "lambda":
			cfg.Lambda = f
		case "scale":
			cfg.Scale = f
		case "snaps":
			cfg.Snapshots = int(f)
		case "decay":
			cfg.Schedule = ConstantLR
			if f != 0 {
				cfg.Schedule = LinearDecay
			}
		case "rmsprop":
			if f != 0 {
				cfg.Optimizer = RMSProp
			} else {
				cfg.Optimizer = Adam
			}
		case "beta1":
			cfg.Beta1 = f
		case "seeds":
			seeds = nil
			for _, s := range strings.Split(v, ",") {
				n, _ := strconv.Atoi(s)
				seeds = append(seeds, uint64(n))
			}
		}
	}
	for _, seed := range seeds {
		cfg.Seed = seed
		cpu0 := cpuSeconds()
		run, err := TrainGAN(b, target, cfg)
		if err != nil {
			t.Fatal(err)
		}
		var line strings.Builder
		for i, s := range run.SnapSteps {
			fmt.Fprintf(&line, " [%d: %d/8 hq %.2f swd %.3f]", s, run.Cov[i].Covered, run.Cov[i].HighQuality, run.SWD[i])
		}
		w := run.WEstimate
		fmt.Printf("%s seed %d: %s gradnorm %.2f W %.3f→%.3f in %s (cpu %.0fs)\n", run.Config.Loss, seed, line.String(), run.GradNorm, w[0].Value, w[len(w)-1].Value, run.Elapsed.Round(1e8), cpuSeconds()-cpu0)
	}
}

// TestTuneImbalance prints the focal-loss comparison over seeds; skipped unless
// LOSSCOURSE_TUNE_IMB is set (to the number of seeds).
func TestTuneImbalance(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("LOSSCOURSE_TUNE_IMB"))
	if n == 0 {
		t.Skip("set LOSSCOURSE_TUNE_IMB=<seeds>")
	}
	var seeds []uint64
	for s := 1; s <= n; s++ {
		seeds = append(seeds, uint64(s))
	}
	cpu0 := cpuSeconds()
	st, err := RunImbalanceStudy(backend.Default(), DefaultImbalanceConfig(), seeds)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Print(st.Table())
	for _, res := range st.Results {
		for _, r := range res {
			fmt.Printf("  %-28s AP %.3f rec %.3f/%.3f\n", r.Loss, r.AP, r.Default.MinorityRecall, r.Validated.MinorityRecall)
		}
	}
	fmt.Printf("cpu %.0fs\n", cpuSeconds()-cpu0)
}

// cpuSeconds is the user + system CPU time of this process.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Sec+ru.Stime.Sec) + float64(ru.Utime.Usec+ru.Stime.Usec)/1e6
}

// TestTuneSaturation prints a saturation sweep; skipped unless LOSSCOURSE_TUNE_SAT is set (to dSteps).
func TestTuneSaturation(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("LOSSCOURSE_TUNE_SAT"))
	if n == 0 {
		t.Skip("set LOSSCOURSE_TUNE_SAT=<discriminator steps>")
	}
	res, err := SaturationSweep(backend.Default(), ring(t), GANConfig{}, []float64{-16, -12, -8, -6, -4, -2, 0, 2, 4}, n)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range res.Trained {
		fmt.Printf("D step %5d: mean D %.4f  minimax %.3e  nonsat %.3e  ratio %.2e\n", res.TrainedSteps[i], p.MeanD, p.GradMinimax, p.GradNonSat, p.Ratio())
	}
	for _, p := range res.Sweep {
		fmt.Printf("bias %5.1f: mean D %.2e  minimax %.3e  nonsat %.3e  ratio %.2e\n", p.Bias, p.MeanD, p.GradMinimax, p.GradNonSat, p.Ratio())
	}
}

// TestTuneRobust prints the robust-regression study; skipped unless LOSSCOURSE_TUNE_ROBUST is set.
func TestTuneRobust(t *testing.T) {
	if os.Getenv("LOSSCOURSE_TUNE_ROBUST") == "" {
		t.Skip("set LOSSCOURSE_TUNE_ROBUST=1")
	}
	st, err := RunRobustLineStudy(backend.Default(), 200, 2000, []float64{0.05, 0.2, 0.5, 1, 2, 4, 8, 16, 100}, []uint64{1, 2, 3})
	if err != nil {
		t.Fatal(err)
	}
	for name, s := range st.Slopes {
		fmt.Printf("%-14s %v\n", name, s)
	}
	for _, v := range st.Claims() {
		fmt.Println(v.Name, v.OK, v.Text)
	}
}

// TestTuneEmbedding prints the embedding study; skipped unless LOSSCOURSE_TUNE_EMB is set (to the steps).
func TestTuneEmbedding(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("LOSSCOURSE_TUNE_EMB"))
	if n == 0 {
		t.Skip("set LOSSCOURSE_TUNE_EMB=<steps>")
	}
	cpu0 := cpuSeconds()
	st, err := RunEmbeddingStudy(backend.Default(), EmbeddingConfig{Steps: n}, []float64{0.05, 0.1, 0.5, 1}, []uint64{1, 2, 3})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Print(st.Table())
	for name, r := range st.Recall {
		fmt.Println(name, r)
	}
	for _, v := range st.Claims() {
		fmt.Println(v.Name, v.OK, v.Text)
	}
	fmt.Printf("cpu %.0fs\n", cpuSeconds()-cpu0)
}
