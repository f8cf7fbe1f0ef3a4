package data

import (
	"math"
	"strings"

	"github.com/gomlx/gomlx/core/tensors"
)

// Target2D is a 2-D toy distribution for GANs, VAEs and flows: samples from it,
// the centres of its modes and the per-mode σ that Score uses to call a
// generated sample "high quality" (within 3σ of a centre).
type Target2D struct {
	Name    string      // "ring8", "grid25", "swissroll" or "checkerboard".
	Points  [][]float64 // N×2 samples of the target.
	Centres [][]float64 // M×2 mode centres.
	Std     float64     // per-mode σ for Score (radius 3σ).
}

// TargetOptions configures the 2-D targets.
type TargetOptions struct {
	N int // number of samples, > 0.
	// Std is the per-mode standard deviation of Ring8 (default 0.02) and Grid25
	// (default 0.05), and the noise std of SwissRoll (default 0.05). Checkerboard
	// has uniform squares and rejects a non-zero Std.
	Std  float64
	Seed uint64
}

// Ring8 samples a mixture of 8 equally weighted Gaussians N(μ_k, Std²·I) with
// centres μ_k = 2·(cos 2πk/8, sin 2πk/8) — the "ring of 8 Gaussians" of
// Metz et al. (2017, unrolled GANs), σ = 0.02 by default. Each mode gets
// N/8 samples (±1); rows are in random order.
func Ring8(opts TargetOptions) (*Target2D, error) {
	centres := make([][]float64, 8)
	for k := range centres {
		a := 2 * math.Pi * float64(k) / 8
		centres[k] = []float64{2 * math.Cos(a), 2 * math.Sin(a)}
	}
	return gaussianMixture("Ring8", "ring8", centres, 0.02, opts)
}

// Grid25 samples a mixture of 25 equally weighted Gaussians on the 5×5 grid
// {−4,−2,0,2,4}², σ = 0.05 by default (the grid of VEEGAN and PacGAN).
func Grid25(opts TargetOptions) (*Target2D, error) {
	var centres [][]float64
	for i := -2; i <= 2; i++ {
		for j := -2; j <= 2; j++ {
			centres = append(centres, []float64{2 * float64(i), 2 * float64(j)})
		}
	}
	return gaussianMixture("Grid25", "grid25", centres, 0.05, opts)
}

func gaussianMixture(fn, name string, centres [][]float64, defStd float64, opts TargetOptions) (*Target2D, error) {
	if err := checkN(fn, "N", opts.N); err != nil {
		return nil, err
	}
	if opts.Std == 0 {
		opts.Std = defStd
	}
	if !(opts.Std > 0) || math.IsInf(opts.Std, 0) {
		return nil, errorf(fn, "Std", "must be > 0, got %g", opts.Std)
	}
	r := newRNG(opts.Seed, streamTarget)
	w := make([]float64, len(centres))
	for k := range w {
		w[k] = 1
	}
	modes := shuffledLabels(r, apportion(opts.N, w))
	pts := newMatrix(opts.N, 2)
	for i, k := range modes {
		pts[i][0] = centres[k][0] + opts.Std*r.NormFloat64()
		pts[i][1] = centres[k][1] + opts.Std*r.NormFloat64()
	}
	return &Target2D{Name: name, Points: pts, Centres: centres, Std: opts.Std}, nil
}

// Swiss-roll geometry: t ∈ [1.5π, 4.5π], point (t·cos t, t·sin t)/5, mode
// centres every swissSpacing of arc length.
const (
	swissTMin    = 1.5 * math.Pi
	swissTMax    = 4.5 * math.Pi
	swissDiv     = 5.0
	swissSpacing = 0.5
)

// SwissRoll samples the 2-D swiss roll: t ~ U(1.5π, 4.5π),
// x = (t·cos t, t·sin t)/5 + N(0, Std²·I) (Std default 0.05): scikit-learn's
// make_swiss_roll projected on its (x, z) plane and scaled into [−3, 3]². The
// "modes" of this continuous target are points on the curve every 0.5 units of
// arc length (36 of them), and Target2D.Std is set to
// √((0.5/2)² + (2·Std)²)/3 so that 3σ covers half the spacing plus two noise
// standard deviations: true samples score a high-quality fraction near 1.
func SwissRoll(opts TargetOptions) (*Target2D, error) {
	const fn = "SwissRoll"
	if err := checkN(fn, "N", opts.N); err != nil {
		return nil, err
	}
	if opts.Std == 0 {
		opts.Std = 0.05
	}
	if !(opts.Std > 0) || math.IsInf(opts.Std, 0) {
		return nil, errorf(fn, "Std", "must be > 0, got %g", opts.Std)
	}
	r := newRNG(opts.Seed, streamTarget+1)
	pts := newMatrix(opts.N, 2)
	for i := range pts {
		t := swissTMin + (swissTMax-swissTMin)*r.Float64()
		pts[i][0] = t*math.Cos(t)/swissDiv + opts.Std*r.NormFloat64()
		pts[i][1] = t*math.Sin(t)/swissDiv + opts.Std*r.NormFloat64()
	}
	// Centres at equal arc length, by fine integration of ds = √(1+t²)/5 dt.
	var centres [][]float64
	const steps = 100000
	dt := (swissTMax - swissTMin) / steps
	next := 0.0
	s := 0.0
	for k := 0; k <= steps; k++ {
		t := swissTMin + float64(k)*dt
		if s >= next {
			centres = append(centres, []float64{t * math.Cos(t) / swissDiv, t * math.Sin(t) / swissDiv})
			next += swissSpacing
		}
		s += math.Sqrt(1+t*t) / swissDiv * dt
	}
	std := math.Sqrt(swissSpacing*swissSpacing/4+4*opts.Std*opts.Std) / 3
	return &Target2D{Name: "swissroll", Points: pts, Centres: centres, Std: std}, nil
}

// Checkerboard samples uniformly from the 8 dark squares of a 4×4 board on
// [−2,2]² (square (i,j), i,j ∈ 0..3, with lower-left corner (−2+i, −2+j), is dark
// when i+j is even), each square getting N/8 samples (±1). The modes are the
// square centres and Target2D.Std = √2/6, so that 3σ is the half-diagonal of a
// square: every true sample is high quality.
func Checkerboard(opts TargetOptions) (*Target2D, error) {
	const fn = "Checkerboard"
	if err := checkN(fn, "N", opts.N); err != nil {
		return nil, err
	}
	if opts.Std != 0 {
		return nil, errorf(fn, "Std", "Checkerboard squares are uniform and take no Std, got %g", opts.Std)
	}
	var corners, centres [][]float64
	for i := 0; i < 4; i++ {
		for j := 0; j < 4; j++ {
			if (i+j)%2 == 0 {
				x0, y0 := -2+float64(i), -2+float64(j)
				corners = append(corners, []float64{x0, y0})
				centres = append(centres, []float64{x0 + 0.5, y0 + 0.5})
			}
		}
	}
	r := newRNG(opts.Seed, streamTarget+2)
	w := make([]float64, len(centres))
	for k := range w {
		w[k] = 1
	}
	modes := shuffledLabels(r, apportion(opts.N, w))
	pts := newMatrix(opts.N, 2)
	for i, k := range modes {
		pts[i][0] = corners[k][0] + r.Float64()
		pts[i][1] = corners[k][1] + r.Float64()
	}
	return &Target2D{Name: "checkerboard", Points: pts, Centres: centres, Std: math.Sqrt2 / 6}, nil
}

var targetNames = []string{"ring8", "grid25", "swissroll", "checkerboard"}

// TargetNames returns the names Target accepts, in a fixed order.
func TargetNames() []string { return append([]string(nil), targetNames...) }

// Target returns the 2-D target called name (one of TargetNames; case and
// the characters "-", "_" and " " are ignored, so "Swiss-Roll" works).
func Target(name string, opts TargetOptions) (*Target2D, error) {
	key := strings.ToLower(strings.NewReplacer("-", "", "_", "", " ", "").Replace(name))
	switch key {
	case "ring8":
		return Ring8(opts)
	case "grid25":
		return Grid25(opts)
	case "swissroll":
		return SwissRoll(opts)
	case "checkerboard":
		return Checkerboard(opts)
	}
	return nil, errorf("Target", "name", "unknown target %q (known: %s)", name, strings.Join(targetNames, ", "))
}

// Tensor returns the samples as a float32 tensor [N,2].
func (t *Target2D) Tensor() *tensors.Tensor {
	return tensors.FromFlatDataAndDimensions(flat32(t.Points), len(t.Points), 2)
}

// Fingerprint returns the hex SHA-256 of the binary encoding of the samples,
// centres and Std.
func (t *Target2D) Fingerprint() string {
	h := newHasher()
	h.str(t.Name)
	h.ints(len(t.Points), len(t.Centres))
	h.matrix(t.Points)
	h.matrix(t.Centres)
	h.floats(t.Std)
	return h.sum()
}

// Score computes ModeCoverage of samples against t's centres with radius 3·Std
// and minCount DefaultMinCount(len(samples), len(Centres)).
func (t *Target2D) Score(samples [][]float64) (Coverage, error) {
	return ModeCoverage(samples, t.Centres, 3*t.Std, DefaultMinCount(len(samples), len(t.Centres)))
}

// Coverage is the result of ModeCoverage.
type Coverage struct {
	Modes       int     // number of mode centres M.
	Covered     int     // modes with at least minCount high-quality samples.
	HighQuality float64 // fraction of samples within radius of their nearest centre.
	Counts      []int   // high-quality samples assigned to each mode, len M.
}

// ModeCoverage is the standard mode-collapse metric for 2-D GAN targets
// (Metz et al. 2017; Srivastava et al. 2017, VEEGAN; Lin et al. 2018, PacGAN):
// each sample is assigned to its nearest centre (Euclidean; ties to the lower
// index) and is high quality if that distance is ≤ radius (usually 3σ); a mode
// is covered if it receives ≥ minCount high-quality samples. Samples and
// centres must have the same width; radius > 0, minCount ≥ 1.
func ModeCoverage(samples, centres [][]float64, radius float64, minCount int) (Coverage, error) {
	const fn = "ModeCoverage"
	if err := checkMatrix(fn, "centres", centres, -1); err != nil {
		return Coverage{}, err
	}
	if err := checkMatrix(fn, "samples", samples, len(centres[0])); err != nil {
		return Coverage{}, err
	}
	if !(radius > 0) {
		return Coverage{}, errorf(fn, "radius", "must be > 0, got %g", radius)
	}
	if minCount < 1 {
		return Coverage{}, errorf(fn, "minCount", "must be >= 1, got %d", minCount)
	}
	cov := Coverage{Modes: len(centres), Counts: make([]int, len(centres))}
	r2 := radius * radius
	hq := 0
	for _, s := range samples {
		best, bestD := 0, math.Inf(1)
		for k, c := range centres {
			d := 0.0
			for j, v := range s {
				dv := v - c[j]
				d += dv * dv
			}
			if d < bestD {
				best, bestD = k, d
			}
		}
		if bestD <= r2 {
			cov.Counts[best]++
			hq++
		}
	}
	for _, n := range cov.Counts {
		if n >= minCount {
			cov.Covered++
		}
	}
	cov.HighQuality = float64(hq) / float64(len(samples))
	return cov, nil
}

// DefaultMinCount returns max(1, ⌈0.2·numSamples/numModes⌉): a mode counts as
// covered when it gets at least a fifth of its fair share of samples (20 of
// 2,500 samples over 25 modes, PacGAN's threshold).
func DefaultMinCount(numSamples, numModes int) int {
	if numModes <= 0 {
		return 1
	}
	return max(1, int(math.Ceil(0.2*float64(numSamples)/float64(numModes))))
}
