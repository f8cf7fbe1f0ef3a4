package data

import (
	"math/rand/v2"
	"slices"

	"github.com/gomlx/gomlx/core/tensors"
)

// Pair is a pair of example indices for a contrastive (Siamese) loss.
type Pair struct {
	A, B int
	Same bool // true if labels[A] == labels[B] (a positive pair).
}

// Triplet is an (anchor, positive, negative) triple of example indices for a
// triplet-margin loss: labels[Anchor] == labels[Positive] != labels[Negative].
type Triplet struct {
	Anchor, Positive, Negative int
}

// classIndex groups example indices by label, for O(1) sampling of "same
// class" and "other class" examples without rejection loops. Labels are
// compacted to 0..K−1 (K distinct labels), so a label of 2⁴⁰ costs no more than
// a label of 1.
type classIndex struct {
	class    []int   // compact class of each example.
	byClass  [][]int // indices of each compact class, ascending.
	order    []int   // all indices grouped by class.
	offset   []int   // start of each class in order.
	eligible []int   // indices whose class has ≥ 2 examples (valid anchors).
}

func newClassIndex(fn string, labels []int) (*classIndex, error) {
	if len(labels) == 0 {
		return nil, errorf(fn, "labels", "is empty")
	}
	for i, y := range labels {
		if y < 0 {
			return nil, errorf(fn, "labels", "label %d at index %d is negative", y, i)
		}
	}
	distinct := slices.Clone(labels)
	slices.Sort(distinct)
	distinct = slices.Compact(distinct)
	ci := &classIndex{class: make([]int, len(labels)), byClass: make([][]int, len(distinct)), offset: make([]int, len(distinct))}
	for i, y := range labels {
		c, _ := slices.BinarySearch(distinct, y)
		ci.class[i] = c
		ci.byClass[c] = append(ci.byClass[c], i)
	}
	for c, idx := range ci.byClass {
		ci.offset[c] = len(ci.order)
		ci.order = append(ci.order, idx...)
		if len(idx) >= 2 {
			ci.eligible = append(ci.eligible, idx...)
		}
	}
	if len(distinct) < 2 {
		return nil, errorf(fn, "labels", "need at least 2 distinct classes for negatives, got %d", len(distinct))
	}
	if len(ci.eligible) == 0 {
		return nil, errorf(fn, "labels", "no class has 2 or more examples, so there are no positive pairs")
	}
	return ci, nil
}

// positive returns an anchor (from a class with ≥ 2 examples) and a different
// example of the same class.
func (ci *classIndex) positive(r *rand.Rand) (a, p int) {
	a = ci.eligible[r.IntN(len(ci.eligible))]
	same := ci.byClass[ci.class[a]]
	p = same[r.IntN(len(same)-1)]
	if p == a {
		p = same[len(same)-1]
	}
	return a, p
}

// negative returns a uniformly chosen example whose class differs from example i's.
func (ci *classIndex) negative(r *rand.Rand, i int) int {
	y := ci.class[i]
	ny := len(ci.byClass[y])
	k := r.IntN(len(ci.order) - ny)
	if k >= ci.offset[y] {
		k += ny
	}
	return ci.order[k]
}

// SamplePairs draws n pairs from labels, alternating positive and negative
// (pair 2i is positive, 2i+1 negative, so ⌈n/2⌉ positives): a positive pair is
// a uniformly chosen example from a class with ≥ 2 examples and a different
// example of its class; a negative pair is a uniformly chosen example and a
// uniformly chosen example of any other class. Needs ≥ 2 classes and one class
// with ≥ 2 examples. Like the balanced pair miners of pytorch-metric-learning,
// with explicit seeds.
func SamplePairs(labels []int, n int, seed uint64) ([]Pair, error) {
	const fn = "SamplePairs"
	if err := checkN(fn, "n", n); err != nil {
		return nil, err
	}
	ci, err := newClassIndex(fn, labels)
	if err != nil {
		return nil, err
	}
	r := newRNG(seed, streamPairs)
	pairs := make([]Pair, n)
	for k := range pairs {
		if k%2 == 0 {
			a, b := ci.positive(r)
			pairs[k] = Pair{A: a, B: b, Same: true}
		} else {
			a := r.IntN(len(labels))
			pairs[k] = Pair{A: a, B: ci.negative(r, a), Same: false}
		}
	}
	return pairs, nil
}

// SampleTriplets draws n triplets: the anchor uniformly from the classes with ≥ 2
// examples, the positive uniformly among the other examples of its class, the
// negative uniformly among the examples of all other classes (random, not
// hard-negative, mining).
func SampleTriplets(labels []int, n int, seed uint64) ([]Triplet, error) {
	const fn = "SampleTriplets"
	if err := checkN(fn, "n", n); err != nil {
		return nil, err
	}
	ci, err := newClassIndex(fn, labels)
	if err != nil {
		return nil, err
	}
	r := newRNG(seed, streamTriplets)
	ts := make([]Triplet, n)
	for k := range ts {
		a, p := ci.positive(r)
		ts[k] = Triplet{Anchor: a, Positive: p, Negative: ci.negative(r, a)}
	}
	return ts, nil
}

// PairTensors gathers pairs from x (N×D) into float32 tensors a and b [P,D] and
// same [P] (1 for a positive pair, 0 for a negative one), the inputs of
// losses.Contrastive(a, b, same).
func PairTensors(x [][]float64, pairs []Pair) (a, b, same *tensors.Tensor, err error) {
	const fn = "PairTensors"
	if err := checkMatrix(fn, "x", x, -1); err != nil {
		return nil, nil, nil, err
	}
	if len(pairs) == 0 {
		return nil, nil, nil, errorf(fn, "pairs", "is empty")
	}
	ia, ib := make([]int, len(pairs)), make([]int, len(pairs))
	s := make([]float32, len(pairs))
	for k, p := range pairs {
		ia[k], ib[k] = p.A, p.B
		if p.Same {
			s[k] = 1
		}
	}
	if a, err = gatherRows(fn, "pairs", x, ia); err != nil {
		return nil, nil, nil, err
	}
	if b, err = gatherRows(fn, "pairs", x, ib); err != nil {
		return nil, nil, nil, err
	}
	return a, b, tensors.FromFlatDataAndDimensions(s, len(s)), nil
}

// TripletTensors gathers triplets from x (N×D) into float32 tensors [T,D], the
// inputs of losses.TripletMargin(anchor, positive, negative).
func TripletTensors(x [][]float64, ts []Triplet) (anchor, positive, negative *tensors.Tensor, err error) {
	const fn = "TripletTensors"
	if err := checkMatrix(fn, "x", x, -1); err != nil {
		return nil, nil, nil, err
	}
	if len(ts) == 0 {
		return nil, nil, nil, errorf(fn, "ts", "is empty")
	}
	ia, ip, in := make([]int, len(ts)), make([]int, len(ts)), make([]int, len(ts))
	for k, t := range ts {
		ia[k], ip[k], in[k] = t.Anchor, t.Positive, t.Negative
	}
	if anchor, err = gatherRows(fn, "ts", x, ia); err != nil {
		return nil, nil, nil, err
	}
	if positive, err = gatherRows(fn, "ts", x, ip); err != nil {
		return nil, nil, nil, err
	}
	if negative, err = gatherRows(fn, "ts", x, in); err != nil {
		return nil, nil, nil, err
	}
	return anchor, positive, negative, nil
}

func gatherRows(fn, arg string, x [][]float64, idx []int) (*tensors.Tensor, error) {
	d := len(x[0])
	out := make([]float32, 0, len(idx)*d)
	for k, i := range idx {
		if i < 0 || i >= len(x) {
			return nil, errorf(fn, arg, "entry %d refers to row %d, outside 0..%d", k, i, len(x)-1)
		}
		for _, v := range x[i] {
			out = append(out, float32(v))
		}
	}
	return tensors.FromFlatDataAndDimensions(out, len(idx), d), nil
}

// AugmentOptions configures TwoViews.
type AugmentOptions struct {
	NoiseStd float64 // std of the Gaussian noise added to every feature, ≥ 0.
	// MaxShift shifts each image by (dx, dy), each uniform in
	// [−MaxShift, MaxShift] pixels, filling uncovered pixels with 0; needs
	// Width·Height = D. 1 suits the 8×8 digits.
	MaxShift      int
	Width, Height int     // image layout of each row (8, 8 for digits); 0 for non-images.
	Clip          bool    // clip the result to [ClipMin, ClipMax].
	ClipMin       float64 // lower clip bound (0 for digits).
	ClipMax       float64 // upper clip bound (1 for digits).
	Seed          uint64
}

// TwoViews returns two independently augmented views of every row of x (the
// positive pairs of SimCLR / InfoNCE / NT-Xent: view1[i] and view2[i] come from
// the same example, every other row is a negative). Each view is: shift the
// image by a random (dx, dy) (if MaxShift > 0), add N(0, NoiseStd²) to every
// feature, clip (if Clip). Use a different Seed per training step (e.g.
// Seed: base + step) to get fresh views. torchvision equivalent per view:
// RandomAffine(0, translate=(MaxShift/W, MaxShift/H)) followed by additive
// Gaussian noise and clamp.
func TwoViews(x [][]float64, opts AugmentOptions) (v1, v2 [][]float64, err error) {
	const fn = "TwoViews"
	if err := checkMatrix(fn, "x", x, -1); err != nil {
		return nil, nil, err
	}
	if err := checkNonNeg(fn, "NoiseStd", opts.NoiseStd); err != nil {
		return nil, nil, err
	}
	if opts.MaxShift < 0 {
		return nil, nil, errorf(fn, "MaxShift", "must be >= 0, got %d", opts.MaxShift)
	}
	if opts.Width < 0 || opts.Height < 0 {
		return nil, nil, errorf(fn, "Width", "Width and Height must be >= 0, got %d×%d", opts.Width, opts.Height)
	}
	d := len(x[0])
	if (opts.Width != 0 || opts.Height != 0 || opts.MaxShift > 0) && opts.Width*opts.Height != d {
		return nil, nil, errorf(fn, "Width", "image %d×%d does not match the %d features of x", opts.Width, opts.Height, d)
	}
	if opts.Clip && !(opts.ClipMin < opts.ClipMax) {
		return nil, nil, errorf(fn, "ClipMin", "need ClipMin < ClipMax, got %g and %g", opts.ClipMin, opts.ClipMax)
	}
	r := newRNG(opts.Seed, streamAugment)
	v1, v2 = newMatrix(len(x), d), newMatrix(len(x), d)
	for i, row := range x {
		augment(r, row, v1[i], opts)
		augment(r, row, v2[i], opts)
	}
	return v1, v2, nil
}

func augment(r *rand.Rand, in, out []float64, o AugmentOptions) {
	if o.MaxShift > 0 {
		dx := r.IntN(2*o.MaxShift+1) - o.MaxShift
		dy := r.IntN(2*o.MaxShift+1) - o.MaxShift
		for y := 0; y < o.Height; y++ {
			for x := 0; x < o.Width; x++ {
				sx, sy := x-dx, y-dy
				v := 0.0
				if sx >= 0 && sx < o.Width && sy >= 0 && sy < o.Height {
					v = in[sy*o.Width+sx]
				}
				out[y*o.Width+x] = v
			}
		}
	} else {
		copy(out, in)
	}
	for j := range out {
		if o.NoiseStd > 0 {
			out[j] += o.NoiseStd * r.NormFloat64()
		}
		if o.Clip {
			out[j] = min(o.ClipMax, max(o.ClipMin, out[j]))
		}
	}
}
