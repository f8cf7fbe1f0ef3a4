package data

import (
	"math"
	"testing"
)

func TestTargetsShapesAndDeterminism(t *testing.T) {
	wantModes := map[string]int{"ring8": 8, "grid25": 25, "swissroll": 36, "checkerboard": 8}
	for _, name := range TargetNames() {
		t.Run(name, func(t *testing.T) {
			a, err := Target(name, TargetOptions{N: 2000, Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			b, _ := Target(name, TargetOptions{N: 2000, Seed: 1})
			c, _ := Target(name, TargetOptions{N: 2000, Seed: 2})
			if a.Name != name || len(a.Points) != 2000 || len(a.Points[0]) != 2 {
				t.Errorf("%s: got name %q and %d points of width %d, want %q, 2000, 2", name, a.Name, len(a.Points), len(a.Points[0]), name)
			}
			if len(a.Centres) != wantModes[name] {
				t.Errorf("%s: got %d mode centres, want %d", name, len(a.Centres), wantModes[name])
			}
			if a.Fingerprint() != b.Fingerprint() || a.Fingerprint() == c.Fingerprint() {
				t.Errorf("%s is not a deterministic function of its seed", name)
			}
			if dims := a.Tensor().Shape().Dimensions; dims[0] != 2000 || dims[1] != 2 {
				t.Errorf("%s Tensor dims: got %v, want [2000 2]", name, dims)
			}
		})
	}
	if _, err := Target("Swiss-Roll", TargetOptions{N: 5}); err != nil {
		t.Errorf(`Target("Swiss-Roll"): got %v, want the swiss roll`, err)
	}
}

func TestTargetScoreOnTrueSamplesExactCentresAndUniformNoise(t *testing.T) {
	for _, name := range TargetNames() {
		t.Run(name, func(t *testing.T) {
			tg, _ := Target(name, TargetOptions{N: 5000, Seed: 3})
			// Exact centres: every mode covered, every sample high quality.
			cov, err := tg.Score(tg.Centres)
			if err != nil {
				t.Fatal(err)
			}
			if cov.Covered != cov.Modes || cov.HighQuality != 1 {
				t.Errorf("%s exact centres: got %d/%d modes covered, quality %g; want all covered, quality 1", name, cov.Covered, cov.Modes, cov.HighQuality)
			}
			// True samples: all modes covered, quality near 1.
			cov, _ = tg.Score(tg.Points)
			if cov.Covered != cov.Modes || cov.HighQuality < 0.95 {
				t.Errorf("%s true samples: got %d/%d modes covered, quality %.3f; want all covered, quality >= 0.95", name, cov.Covered, cov.Modes, cov.HighQuality)
			}
			// Uniform noise over the bounding box: low quality, few modes.
			r := newRNG(99, 0)
			noise := newMatrix(5000, 2)
			for i := range noise {
				noise[i][0], noise[i][1] = -5+10*r.Float64(), -5+10*r.Float64()
			}
			cov, _ = tg.Score(noise)
			maxQ := map[string]float64{"ring8": 0.01, "grid25": 0.03, "swissroll": 0.3, "checkerboard": 0.3}[name]
			if cov.HighQuality > maxQ || cov.Covered > cov.Modes/2 {
				t.Errorf("%s uniform noise: got %d/%d covered, quality %.3f; want <= %d covered, quality <= %g", name, cov.Covered, cov.Modes, cov.HighQuality, cov.Modes/2, maxQ)
			}
		})
	}
}

func TestModeCoverageCollapsedGenerator(t *testing.T) {
	ring, _ := Ring8(TargetOptions{N: 800, Seed: 4})
	// A collapsed generator: every sample on mode 0 and mode 3.
	var collapsed [][]float64
	for i := 0; i < 800; i++ {
		c := ring.Centres[0]
		if i%2 == 1 {
			c = ring.Centres[3]
		}
		collapsed = append(collapsed, []float64{c[0] + 0.01, c[1]})
	}
	cov, err := ring.Score(collapsed)
	if err != nil {
		t.Fatal(err)
	}
	if cov.Covered != 2 || cov.HighQuality != 1 || cov.Counts[0] != 400 || cov.Counts[3] != 400 {
		t.Errorf("collapsed on modes 0 and 3: got %+v, want 2 covered, quality 1, counts 400 at 0 and 3", cov)
	}
	// Hand-computed case: centres (0,0),(10,0); radius 1; minCount 2.
	samples := [][]float64{{0.5, 0}, {0, -0.9}, {9.5, 0}, {5, 5}}
	cov, _ = ModeCoverage(samples, [][]float64{{0, 0}, {10, 0}}, 1, 2)
	if cov.Covered != 1 || cov.HighQuality != 0.75 || cov.Counts[0] != 2 || cov.Counts[1] != 1 {
		t.Errorf("hand case: got %+v, want Covered 1, HighQuality 0.75, Counts [2 1]", cov)
	}
	if got := DefaultMinCount(2500, 25); got != 20 {
		t.Errorf("DefaultMinCount(2500, 25): got %d, want 20 (PacGAN)", got)
	}
}

func TestGaussianTargetsStd(t *testing.T) {
	g, _ := Grid25(TargetOptions{N: 50000, Std: 0.1, Seed: 6})
	var s2 float64
	for _, p := range g.Points {
		// distance to nearest grid node (nodes at even integers in [−4,4]).
		for _, v := range p {
			d := v - 2*math.Round(v/2)
			s2 += d * d
		}
	}
	if std := math.Sqrt(s2 / float64(2*len(g.Points))); math.Abs(std-0.1) > 0.003 {
		t.Errorf("Grid25 Std 0.1: got per-coordinate std %.4f, want 0.1", std)
	}
	if g.Std != 0.1 {
		t.Errorf("Grid25 Target2D.Std: got %g, want 0.1", g.Std)
	}
}
