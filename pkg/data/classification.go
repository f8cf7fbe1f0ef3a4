package data

import (
	"math"
	"math/rand/v2"
)

// BlobsOptions configures Blobs. Zero values take the documented defaults.
type BlobsOptions struct {
	N          int     // number of examples, > 0 and ≥ Classes.
	Classes    int     // number of classes C ≥ 2; 0 means 2.
	Dim        int     // number of features D ≥ 1; 0 means 2.
	Std        float64 // standard deviation of every blob, > 0; 0 means 1.
	Separation float64 // distance of each blob centre from the origin, ≥ 0; 0 means 4.
	// Imbalance is the minority:majority size ratio ρ in (0,1]; 0 means 1
	// (balanced). Class c gets a share proportional to ρ^(c/(C−1)): class 0 is
	// the majority, class C−1 the minority (ρ = 1/50 gives the 1:50 split of
	// focal-loss experiments).
	Imbalance  float64
	LabelNoise float64 // fraction of labels flipped to another class (FlipLabels), in [0,1).
	Seed       uint64
}

// Blobs draws C isotropic Gaussian blobs, x ~ N(μ_c, Std²·I), with centres μ_c
// on a circle of radius Separation in the first two features (angle 2πc/C; other
// features 0; for D = 1 the centres are evenly spaced in [−Separation, Separation]).
// Class sizes follow Imbalance exactly (largest-remainder rounding, at least one
// example per class) and the rows come in a random order. Like scikit-learn's
// make_blobs with fixed centres and an imbalance ratio.
func Blobs(opts BlobsOptions) (*Classification, error) {
	const fn = "Blobs"
	if err := checkN(fn, "N", opts.N); err != nil {
		return nil, err
	}
	if opts.Classes == 0 {
		opts.Classes = 2
	}
	if opts.Classes < 2 {
		return nil, errorf(fn, "Classes", "must be >= 2, got %d", opts.Classes)
	}
	if opts.N < opts.Classes {
		return nil, errorf(fn, "N", "must be >= Classes (%d) so every class has an example, got %d", opts.Classes, opts.N)
	}
	if opts.Dim == 0 {
		opts.Dim = 2
	}
	if opts.Dim < 0 {
		return nil, errorf(fn, "Dim", "must be >= 1, got %d", opts.Dim)
	}
	if opts.Classes > MaxClasses {
		return nil, errorf(fn, "Classes", "must be <= MaxClasses (%d), got %d", MaxClasses, opts.Classes)
	}
	if err := checkSize(fn, "Dim", opts.N, opts.Dim); err != nil {
		return nil, err
	}
	if opts.Std == 0 {
		opts.Std = 1
	}
	if err := checkNonNeg(fn, "Std", opts.Std); err != nil {
		return nil, err
	}
	if opts.Separation == 0 {
		opts.Separation = 4
	}
	if err := checkNonNeg(fn, "Separation", opts.Separation); err != nil {
		return nil, err
	}
	if opts.Imbalance == 0 {
		opts.Imbalance = 1
	}
	if !(opts.Imbalance > 0 && opts.Imbalance <= 1) {
		return nil, errorf(fn, "Imbalance", "minority:majority ratio must lie in (0,1], got %g", opts.Imbalance)
	}
	if err := checkFraction(fn, "LabelNoise", opts.LabelNoise); err != nil {
		return nil, err
	}
	C, D := opts.Classes, opts.Dim
	w := make([]float64, C)
	for c := range w {
		w[c] = math.Pow(opts.Imbalance, float64(c)/float64(C-1))
	}
	r := newRNG(opts.Seed, streamBlobs)
	y := shuffledLabels(r, apportion(opts.N, w))
	centres := newMatrix(C, D)
	for c := range C {
		if D == 1 {
			centres[c][0] = opts.Separation * (2*float64(c)/float64(C-1) - 1)
			continue
		}
		a := 2 * math.Pi * float64(c) / float64(C)
		centres[c][0] = opts.Separation * math.Cos(a)
		centres[c][1] = opts.Separation * math.Sin(a)
	}
	x := newMatrix(opts.N, D)
	for i, c := range y {
		for j := range D {
			x[i][j] = centres[c][j] + opts.Std*r.NormFloat64()
		}
	}
	return finish(&Classification{X: x, Y: y, Classes: C, Names: defaultNames(C)}, opts.LabelNoise, opts.Seed)
}

// MoonsOptions configures Moons.
type MoonsOptions struct {
	N          int     // number of examples, ≥ 2.
	Noise      float64 // std of the Gaussian noise added to both coordinates, ≥ 0 (0.1 is typical).
	LabelNoise float64 // fraction of labels flipped, in [0,1).
	Seed       uint64
}

// Moons draws scikit-learn's two interleaving half circles: class 0 is
// (cos t, sin t), class 1 is (1 − cos t, ½ − sin t), t ~ U(0, π), plus
// N(0, Noise²) on each coordinate; ⌊N/2⌋ examples of class 0, the rest class 1,
// rows in random order. Equivalent to sklearn.datasets.make_moons(N, noise=Noise).
func Moons(opts MoonsOptions) (*Classification, error) {
	const fn = "Moons"
	if opts.N < 2 {
		return nil, errorf(fn, "N", "must be >= 2 (one example per class), got %d", opts.N)
	}
	if err := checkN(fn, "N", opts.N); err != nil {
		return nil, err
	}
	if err := checkNonNeg(fn, "Noise", opts.Noise); err != nil {
		return nil, err
	}
	if err := checkFraction(fn, "LabelNoise", opts.LabelNoise); err != nil {
		return nil, err
	}
	r := newRNG(opts.Seed, streamMoons)
	y := shuffledLabels(r, []int{opts.N / 2, opts.N - opts.N/2})
	x := newMatrix(opts.N, 2)
	for i, c := range y {
		t := math.Pi * r.Float64()
		if c == 0 {
			x[i][0], x[i][1] = math.Cos(t), math.Sin(t)
		} else {
			x[i][0], x[i][1] = 1-math.Cos(t), 0.5-math.Sin(t)
		}
		x[i][0] += opts.Noise * r.NormFloat64()
		x[i][1] += opts.Noise * r.NormFloat64()
	}
	return finish(&Classification{X: x, Y: y, Classes: 2, Names: defaultNames(2)}, opts.LabelNoise, opts.Seed)
}

// SpiralsOptions configures Spirals.
type SpiralsOptions struct {
	N          int     // number of examples, ≥ Classes.
	Classes    int     // number of arms C ≥ 2; 0 means 3.
	Turns      float64 // turns of each arm, > 0; 0 means 1.
	Noise      float64 // std of the Gaussian noise added to both coordinates, ≥ 0 (0.05 is typical).
	LabelNoise float64 // fraction of labels flipped, in [0,1).
	Seed       uint64
}

// Spirals draws C interleaved spiral arms (the CS231n spiral data set): for
// class c, radius ρ ~ U(0,1) and angle θ = 2π·Turns·ρ + 2πc/C give
// x = ρ·(cos θ, sin θ) + N(0, Noise²·I). Classes have equal size (±1) and rows
// come in random order. Not linearly separable for any C.
func Spirals(opts SpiralsOptions) (*Classification, error) {
	const fn = "Spirals"
	if opts.Classes == 0 {
		opts.Classes = 3
	}
	if opts.Classes < 2 {
		return nil, errorf(fn, "Classes", "must be >= 2, got %d", opts.Classes)
	}
	if opts.Classes > MaxClasses {
		return nil, errorf(fn, "Classes", "must be <= MaxClasses (%d), got %d", MaxClasses, opts.Classes)
	}
	if opts.N < opts.Classes {
		return nil, errorf(fn, "N", "must be >= Classes (%d), got %d", opts.Classes, opts.N)
	}
	if err := checkN(fn, "N", opts.N); err != nil {
		return nil, err
	}
	if opts.Turns == 0 {
		opts.Turns = 1
	}
	if !(opts.Turns > 0) || math.IsInf(opts.Turns, 0) {
		return nil, errorf(fn, "Turns", "must be > 0, got %g", opts.Turns)
	}
	if err := checkNonNeg(fn, "Noise", opts.Noise); err != nil {
		return nil, err
	}
	if err := checkFraction(fn, "LabelNoise", opts.LabelNoise); err != nil {
		return nil, err
	}
	C := opts.Classes
	w := make([]float64, C)
	for c := range w {
		w[c] = 1
	}
	r := newRNG(opts.Seed, streamSpirals)
	y := shuffledLabels(r, apportion(opts.N, w))
	x := newMatrix(opts.N, 2)
	for i, c := range y {
		rho := r.Float64()
		th := 2*math.Pi*opts.Turns*rho + 2*math.Pi*float64(c)/float64(C)
		x[i][0] = rho*math.Cos(th) + opts.Noise*r.NormFloat64()
		x[i][1] = rho*math.Sin(th) + opts.Noise*r.NormFloat64()
	}
	return finish(&Classification{X: x, Y: y, Classes: C, Names: defaultNames(C)}, opts.LabelNoise, opts.Seed)
}

// XOROptions configures XOR.
type XOROptions struct {
	N          int     // number of examples, > 0.
	Noise      float64 // std of the Gaussian noise added to the features after labelling, ≥ 0.
	LabelNoise float64 // fraction of labels flipped, in [0,1).
	Seed       uint64
}

// XOR draws x ~ U(−1,1)² and labels it y = 1 if x₁·x₂ < 0 (the quadrants of
// opposite sign), else 0, then adds N(0, Noise²) to each feature: the classic
// problem no linear model can solve. Classes are balanced in expectation.
func XOR(opts XOROptions) (*Classification, error) {
	const fn = "XOR"
	if err := checkN(fn, "N", opts.N); err != nil {
		return nil, err
	}
	if err := checkNonNeg(fn, "Noise", opts.Noise); err != nil {
		return nil, err
	}
	if err := checkFraction(fn, "LabelNoise", opts.LabelNoise); err != nil {
		return nil, err
	}
	r := newRNG(opts.Seed, streamXOR)
	x := newMatrix(opts.N, 2)
	y := make([]int, opts.N)
	for i := range x {
		a, b := 2*r.Float64()-1, 2*r.Float64()-1
		if a*b < 0 {
			y[i] = 1
		}
		x[i][0] = a + opts.Noise*r.NormFloat64()
		x[i][1] = b + opts.Noise*r.NormFloat64()
	}
	return finish(&Classification{X: x, Y: y, Classes: 2, Names: defaultNames(2)}, opts.LabelNoise, opts.Seed)
}

// FlipLabels returns a copy of c in which exactly round(fraction·N) labels,
// chosen uniformly without replacement, are replaced by a different class drawn
// uniformly from the other C−1 classes, and the ascending indices of the flipped
// rows (for label-smoothing and noisy-label experiments). fraction must lie in [0,1).
func FlipLabels(c *Classification, fraction float64, seed uint64) (*Classification, []int, error) {
	const fn = "FlipLabels"
	if err := checkFraction(fn, "fraction", fraction); err != nil {
		return nil, nil, err
	}
	if err := c.Validate(); err != nil {
		return nil, nil, err
	}
	out, _ := c.Subset(identity(len(c.Y)))
	k := int(math.Round(fraction * float64(len(c.Y))))
	r := newRNG(seed, streamFlip)
	idx := sampleIndices(r, len(c.Y), k)
	for _, i := range idx {
		out.Y[i] = (out.Y[i] + 1 + r.IntN(c.Classes-1)) % c.Classes
	}
	return out, idx, nil
}

// finish applies the label-noise option of a generator.
func finish(c *Classification, labelNoise float64, seed uint64) (*Classification, error) {
	if labelNoise == 0 {
		return c, nil
	}
	out, _, err := FlipLabels(c, labelNoise, seed)
	return out, err
}

// apportion splits n into len(w) integer counts proportional to w
// (largest-remainder method, ties to the lower index), each at least 1 when n ≥ len(w).
func apportion(n int, w []float64) []int {
	total := 0.0
	for _, v := range w {
		total += v
	}
	counts := make([]int, len(w))
	rem := make([]float64, len(w))
	used := 0
	for i, v := range w {
		exact := float64(n) * v / total
		counts[i] = int(math.Floor(exact))
		rem[i] = exact - float64(counts[i])
		used += counts[i]
	}
	for ; used < n; used++ {
		best := 0
		for i := range rem {
			if rem[i] > rem[best] {
				best = i
			}
		}
		counts[best]++
		rem[best] = -1
	}
	if n >= len(w) {
		for i := range counts {
			for counts[i] == 0 {
				big := 0
				for j := range counts {
					if counts[j] > counts[big] {
						big = j
					}
				}
				counts[big]--
				counts[i]++
			}
		}
	}
	return counts
}

// shuffledLabels returns counts[c] copies of each label c, in a seeded random order.
func shuffledLabels(r *rand.Rand, counts []int) []int {
	total := 0
	for _, k := range counts {
		total += k
	}
	y := make([]int, 0, total)
	for c, k := range counts {
		for range k {
			y = append(y, c)
		}
	}
	r.Shuffle(len(y), func(i, j int) { y[i], y[j] = y[j], y[i] })
	return y
}

func identity(n int) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	return idx
}
