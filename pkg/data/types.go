package data

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math"
	"strconv"

	"github.com/gomlx/gomlx/core/tensors"
)

// Classification is a labelled classification data set: N rows of D features
// and one integer label per row.
//
// Generators and LoadDigits always return a valid Classification (see
// Validate). Methods that convert to tensors assume validity.
type Classification struct {
	X       [][]float64 // N×D features, row-major.
	Y       []int       // labels in 0..Classes−1, len N.
	Classes int         // number of classes C ≥ 2.
	Names   []string    // class names, len Classes ("0", "1", … by default).
}

// Validate checks that X is rectangular and non-empty, len(Y) = len(X), every
// label lies in 0..Classes−1, Classes ≥ 2 and Names has Classes entries (or is
// empty).
func (c *Classification) Validate() error {
	const fn = "Classification.Validate"
	if c == nil {
		return errorf(fn, "c", "is nil")
	}
	if len(c.X) == 0 {
		return errorf(fn, "X", "has no rows")
	}
	d := len(c.X[0])
	if d == 0 {
		return errorf(fn, "X", "row 0 has no features")
	}
	for i, row := range c.X {
		if len(row) != d {
			return errorf(fn, "X", "row %d has %d features, row 0 has %d", i, len(row), d)
		}
	}
	if len(c.Y) != len(c.X) {
		return errorf(fn, "Y", "has %d labels for %d rows of X", len(c.Y), len(c.X))
	}
	if c.Classes < 2 {
		return errorf(fn, "Classes", "must be >= 2, got %d", c.Classes)
	}
	for i, y := range c.Y {
		if y < 0 || y >= c.Classes {
			return errorf(fn, "Y", "label %d at row %d is outside 0..%d", y, i, c.Classes-1)
		}
	}
	if len(c.Names) != 0 && len(c.Names) != c.Classes {
		return errorf(fn, "Names", "has %d names for %d classes", len(c.Names), c.Classes)
	}
	return nil
}

// Len returns the number of examples N.
func (c *Classification) Len() int { return len(c.X) }

// Dim returns the number of features D (0 if there are no rows).
func (c *Classification) Dim() int { return dim(c.X) }

// ClassCounts returns the number of examples of each class, len Classes.
func (c *Classification) ClassCounts() []int {
	counts := make([]int, c.Classes)
	for _, y := range c.Y {
		if y >= 0 && y < c.Classes {
			counts[y]++
		}
	}
	return counts
}

// Subset returns a deep copy of the rows idx (in that order; repeats allowed).
func (c *Classification) Subset(idx []int) (*Classification, error) {
	out := &Classification{X: make([][]float64, len(idx)), Y: make([]int, len(idx)),
		Classes: c.Classes, Names: append([]string(nil), c.Names...)}
	for k, i := range idx {
		if i < 0 || i >= len(c.X) {
			return nil, errorf("Classification.Subset", "idx", "index %d at position %d is outside 0..%d", i, k, len(c.X)-1)
		}
		out.X[k] = append([]float64(nil), c.X[i]...)
		out.Y[k] = c.Y[i]
	}
	return out, nil
}

// Split returns a stratified train/test split: each class is shuffled (seeded)
// and round(testFraction·n_c) of its n_c examples go to test (at least one, and
// at least one left for train, for classes with ≥ 2 examples). Both parts keep
// the original row order. testFraction must lie in (0,1).
//
// Equivalent to scikit-learn's train_test_split(X, y, test_size=f, stratify=y).
func (c *Classification) Split(testFraction float64, seed uint64) (train, test *Classification, err error) {
	const fn = "Classification.Split"
	if !(testFraction > 0 && testFraction < 1) {
		return nil, nil, errorf(fn, "testFraction", "must lie in (0,1), got %g", testFraction)
	}
	if err := c.Validate(); err != nil {
		return nil, nil, err
	}
	r := newRNG(seed, streamSplit)
	isTest := make([]bool, len(c.Y))
	byClass := make([][]int, c.Classes)
	for i, y := range c.Y {
		byClass[y] = append(byClass[y], i)
	}
	for _, idx := range byClass {
		n := len(idx)
		k := int(math.Round(testFraction * float64(n)))
		if n >= 2 {
			k = max(1, min(k, n-1))
		}
		r.Shuffle(n, func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
		for _, i := range idx[:k] {
			isTest[i] = true
		}
	}
	var trainIdx, testIdx []int
	for i, t := range isTest {
		if t {
			testIdx = append(testIdx, i)
		} else {
			trainIdx = append(trainIdx, i)
		}
	}
	train, _ = c.Subset(trainIdx)
	test, _ = c.Subset(testIdx)
	return train, test, nil
}

// FlatX returns the features flattened row-major (len N·D), a copy.
func (c *Classification) FlatX() []float64 { return flat(c.X) }

// FlatX32 returns the features flattened row-major as float32.
func (c *Classification) FlatX32() []float32 { return flat32(c.X) }

// Y32 returns the labels as int32 (GoMLX's label dtype for SoftmaxCrossEntropy).
func (c *Classification) Y32() []int32 {
	out := make([]int32, len(c.Y))
	for i, y := range c.Y {
		out[i] = int32(y)
	}
	return out
}

// OneHot returns the labels one-hot encoded, N×Classes.
func (c *Classification) OneHot() [][]float64 {
	out := make([][]float64, len(c.Y))
	for i, y := range c.Y {
		out[i] = make([]float64, c.Classes)
		if y >= 0 && y < c.Classes {
			out[i][y] = 1
		}
	}
	return out
}

// Tensors returns the whole data set as host tensors: x float32 [N,D] and
// y int32 [N]. It panics if c is not valid (generators always return valid data).
func (c *Classification) Tensors() (x, y *tensors.Tensor) {
	x = tensors.FromFlatDataAndDimensions(c.FlatX32(), len(c.X), c.Dim())
	y = tensors.FromFlatDataAndDimensions(c.Y32(), len(c.Y))
	return x, y
}

// Dataset returns a GoMLX train.Dataset over c with inputs [x float32 [B,D]]
// and labels [y int32 [B]].
func (c *Classification) Dataset(opts DatasetOptions) (*Dataset, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return NewDataset([]Column{Float32Column(c.FlatX32(), c.Dim())},
		[]Column{Int32Column(c.Y32())}, opts)
}

// Fingerprint returns the hex SHA-256 of the binary encoding of c (N, D, Classes,
// X as IEEE-754 bits, Y, Names): equal fingerprints mean bit-identical data.
func (c *Classification) Fingerprint() string {
	h := newHasher()
	h.ints(len(c.X), c.Dim(), c.Classes)
	h.matrix(c.X)
	h.ints(c.Y...)
	for _, n := range c.Names {
		h.str(n)
	}
	return h.sum()
}

// Regression is a regression data set: N rows of D features, a noisy target
// per row, the noise-free target and the indices of the outlier rows.
type Regression struct {
	X        [][]float64 // N×D features.
	Y        []float64   // noisy targets (outliers included), len N.
	Clean    []float64   // noise-free targets f(x), len N (may be nil for user data).
	Outliers []int       // indices of outlier rows, ascending.
}

// Validate checks that X is rectangular and non-empty and that Y (and Clean,
// when set) have one value per row.
func (r *Regression) Validate() error {
	const fn = "Regression.Validate"
	if r == nil {
		return errorf(fn, "r", "is nil")
	}
	if len(r.X) == 0 {
		return errorf(fn, "X", "has no rows")
	}
	d := len(r.X[0])
	if d == 0 {
		return errorf(fn, "X", "row 0 has no features")
	}
	for i, row := range r.X {
		if len(row) != d {
			return errorf(fn, "X", "row %d has %d features, row 0 has %d", i, len(row), d)
		}
	}
	if len(r.Y) != len(r.X) {
		return errorf(fn, "Y", "has %d targets for %d rows of X", len(r.Y), len(r.X))
	}
	if r.Clean != nil && len(r.Clean) != len(r.X) {
		return errorf(fn, "Clean", "has %d targets for %d rows of X", len(r.Clean), len(r.X))
	}
	for k, i := range r.Outliers {
		if i < 0 || i >= len(r.X) {
			return errorf(fn, "Outliers", "index %d at position %d is outside 0..%d", i, k, len(r.X)-1)
		}
	}
	return nil
}

// Len returns the number of examples N.
func (r *Regression) Len() int { return len(r.X) }

// Dim returns the number of features D.
func (r *Regression) Dim() int { return dim(r.X) }

// Subset returns a deep copy of the rows idx (in that order). Outliers is
// re-indexed to positions in the subset.
func (r *Regression) Subset(idx []int) (*Regression, error) {
	out := &Regression{X: make([][]float64, len(idx)), Y: make([]float64, len(idx))}
	if r.Clean != nil {
		out.Clean = make([]float64, len(idx))
	}
	isOut := make(map[int]bool, len(r.Outliers)) // lookup only, never iterated
	for _, i := range r.Outliers {
		isOut[i] = true
	}
	for k, i := range idx {
		if i < 0 || i >= len(r.X) {
			return nil, errorf("Regression.Subset", "idx", "index %d at position %d is outside 0..%d", i, k, len(r.X)-1)
		}
		out.X[k] = append([]float64(nil), r.X[i]...)
		out.Y[k] = r.Y[i]
		if r.Clean != nil {
			out.Clean[k] = r.Clean[i]
		}
		if isOut[i] {
			out.Outliers = append(out.Outliers, k)
		}
	}
	return out, nil
}

// Split returns a random (seeded) train/test split with round(testFraction·N)
// test rows (at least 1 and at most N−1); both parts keep the original order.
func (r *Regression) Split(testFraction float64, seed uint64) (train, test *Regression, err error) {
	const fn = "Regression.Split"
	if !(testFraction > 0 && testFraction < 1) {
		return nil, nil, errorf(fn, "testFraction", "must lie in (0,1), got %g", testFraction)
	}
	if err := r.Validate(); err != nil {
		return nil, nil, err
	}
	n := len(r.X)
	if n < 2 {
		return nil, nil, errorf(fn, "r", "needs at least 2 rows to split, got %d", n)
	}
	k := max(1, min(n-1, int(math.Round(testFraction*float64(n)))))
	testIdx := sampleIndices(newRNG(seed, streamSplit), n, k)
	trainIdx := make([]int, 0, n-k)
	t := 0
	for i := 0; i < n; i++ {
		if t < len(testIdx) && testIdx[t] == i {
			t++
			continue
		}
		trainIdx = append(trainIdx, i)
	}
	train, _ = r.Subset(trainIdx)
	test, _ = r.Subset(testIdx)
	return train, test, nil
}

// FlatX returns the features flattened row-major (len N·D), a copy.
func (r *Regression) FlatX() []float64 { return flat(r.X) }

// FlatX32 returns the features flattened row-major as float32.
func (r *Regression) FlatX32() []float32 { return flat32(r.X) }

// Y32 returns the targets as float32.
func (r *Regression) Y32() []float32 {
	out := make([]float32, len(r.Y))
	for i, y := range r.Y {
		out[i] = float32(y)
	}
	return out
}

// Tensors returns x float32 [N,D] and y float32 [N,1] (the shape a model with
// one output unit produces). It panics if r is not valid.
func (r *Regression) Tensors() (x, y *tensors.Tensor) {
	x = tensors.FromFlatDataAndDimensions(r.FlatX32(), len(r.X), r.Dim())
	y = tensors.FromFlatDataAndDimensions(r.Y32(), len(r.Y), 1)
	return x, y
}

// Dataset returns a GoMLX train.Dataset over r with inputs [x float32 [B,D]]
// and labels [y float32 [B,1]].
func (r *Regression) Dataset(opts DatasetOptions) (*Dataset, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	return NewDataset([]Column{Float32Column(r.FlatX32(), r.Dim())},
		[]Column{Float32Column(r.Y32(), 1)}, opts)
}

// Fingerprint returns the hex SHA-256 of the binary encoding of r (N, D, X, Y,
// Clean, Outliers).
func (r *Regression) Fingerprint() string {
	h := newHasher()
	h.ints(len(r.X), r.Dim())
	h.matrix(r.X)
	h.floats(r.Y...)
	h.floats(r.Clean...)
	h.ints(r.Outliers...)
	return h.sum()
}

// MatrixTensor converts a rectangular N×D matrix into a float32 tensor [N,D].
func MatrixTensor(x [][]float64) (*tensors.Tensor, error) {
	if len(x) == 0 {
		return nil, errorf("MatrixTensor", "x", "has no rows")
	}
	d := len(x[0])
	for i, row := range x {
		if len(row) != d {
			return nil, errorf("MatrixTensor", "x", "row %d has %d columns, row 0 has %d", i, len(row), d)
		}
	}
	return tensors.FromFlatDataAndDimensions(flat32(x), len(x), d), nil
}

func dim(x [][]float64) int {
	if len(x) == 0 {
		return 0
	}
	return len(x[0])
}

func flat(x [][]float64) []float64 {
	out := make([]float64, 0, len(x)*dim(x))
	for _, row := range x {
		out = append(out, row...)
	}
	return out
}

func flat32(x [][]float64) []float32 {
	out := make([]float32, 0, len(x)*dim(x))
	for _, row := range x {
		for _, v := range row {
			out = append(out, float32(v))
		}
	}
	return out
}

// newMatrix allocates an n×d matrix backed by one contiguous slice.
func newMatrix(n, d int) [][]float64 {
	buf := make([]float64, n*d)
	m := make([][]float64, n)
	for i := range m {
		m[i] = buf[i*d : (i+1)*d : (i+1)*d]
	}
	return m
}

func defaultNames(c int) []string {
	names := make([]string, c)
	for i := range names {
		names[i] = strconv.Itoa(i)
	}
	return names
}

// hasher encodes values little-endian into SHA-256.
type hasher struct {
	buf []byte
	h   interface {
		Write([]byte) (int, error)
		Sum([]byte) []byte
	}
}

func newHasher() *hasher { return &hasher{h: sha256.New(), buf: make([]byte, 0, 4096)} }

func (h *hasher) flush() {
	h.h.Write(h.buf)
	h.buf = h.buf[:0]
}

func (h *hasher) u64(v uint64) {
	if len(h.buf)+8 > cap(h.buf) {
		h.flush()
	}
	h.buf = binary.LittleEndian.AppendUint64(h.buf, v)
}

func (h *hasher) ints(v ...int) {
	for _, x := range v {
		h.u64(uint64(int64(x)))
	}
}

func (h *hasher) floats(v ...float64) {
	for _, x := range v {
		h.u64(math.Float64bits(x))
	}
}

func (h *hasher) matrix(x [][]float64) {
	for _, row := range x {
		h.floats(row...)
	}
}

func (h *hasher) str(s string) {
	h.ints(len(s))
	h.flush()
	h.h.Write([]byte(s))
}

func (h *hasher) sum() string {
	h.flush()
	return hex.EncodeToString(h.h.Sum(nil))
}
