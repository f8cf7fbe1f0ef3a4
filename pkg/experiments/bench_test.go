package experiments

import (
	"fmt"
	"testing"

	"github.com/losscourse/losscourse/pkg/backend"
	"github.com/losscourse/losscourse/pkg/data"
)

// BenchmarkGANStep measures one generator step (with its NCritic critic steps) of
// each objective at the default width.
func BenchmarkGANStep(b *testing.B) {
	be := backend.Default()
	target, err := data.Ring8(data.TargetOptions{N: 4000, Std: 0.05, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	for _, w := range []int{64, 128} {
		for _, l := range []GANLoss{NonSaturating, WGANGP} {
			b.Run(fmt.Sprintf("%s/width%d", l, w), func(b *testing.B) {
				cfg := GANConfig{Loss: l, Width: w, Steps: 1, Snapshots: 2, Samples: 8}
				// Warm up (compiles the graphs), then time steps.
				if _, err := TrainGAN(be, target, cfg); err != nil {
					b.Fatal(err)
				}
				cfg.Steps = b.N
				b.ResetTimer()
				if _, err := TrainGAN(be, target, cfg); err != nil {
					b.Fatal(err)
				}
			})
		}
	}
}
