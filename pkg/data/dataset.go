package data

import (
	"iter"
	"sync"

	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/train"
)

// DatasetOptions configures a Dataset. The zero value is a valid configuration:
// batches of 32 in the original order, last incomplete batch kept, one epoch
// per Iter call.
type DatasetOptions struct {
	Name           string // name for GoMLX logs and plots; default "data".
	BatchSize      int    // examples per batch, > 0; 0 means 32.
	Shuffle        bool   // visit the examples in a new seeded order every epoch.
	Seed           uint64 // seed of the per-epoch permutations.
	DropIncomplete bool   // drop the last batch of an epoch when it has < BatchSize examples.
	Infinite       bool   // Iter loops over epochs forever (for train.Loop.RunSteps).
}

// Column is one input or label array of a Dataset: flat row-major data holding
// N examples of shape exampleDims each. Build it with Float32Column or
// Int32Column.
type Column struct {
	f32  []float32
	i32  []int32
	dims []int // per-example dimensions.
}

// Float32Column wraps flat float32 data of N examples, each of shape exampleDims
// (none: one scalar per example). The slice is not copied: do not modify it
// while a Dataset uses it.
func Float32Column(data []float32, exampleDims ...int) Column {
	return Column{f32: data, dims: append([]int(nil), exampleDims...)}
}

// Int32Column wraps flat int32 data (e.g. class labels) of N examples, each of
// shape exampleDims (none: one scalar per example).
func Int32Column(data []int32, exampleDims ...int) Column {
	return Column{i32: data, dims: append([]int(nil), exampleDims...)}
}

// exampleSize is the number of values per example (dimensions checked by NewDataset).
func (c Column) exampleSize() int {
	s := 1
	for _, d := range c.dims {
		s *= d
	}
	return s
}

func (c Column) length() int {
	if c.f32 != nil {
		return len(c.f32)
	}
	return len(c.i32)
}

// Dataset is a GoMLX train.Dataset (v0.28, Go iterators) over host data. Each
// batch holds one tensor per input Column and per label Column, shaped
// [B, exampleDims...] with B = BatchSize (smaller for the last batch unless
// DropIncomplete).
//
// Epoch e visits the examples in the order EpochOrder(e), which depends only on
// (Seed, e): the identity when Shuffle is false, a PCG-seeded Fisher–Yates
// permutation otherwise. So every example is seen exactly once per epoch,
// consecutive epochs are shuffled differently and two runs with the same Seed
// see identical batches. Iter yields epoch 0 on its first call, epoch 1 on the
// next, and so on (train.Loop.RunEpochs calls Iter once per epoch); with
// Infinite it runs epoch after epoch without end. Reset starts again at epoch 0.
// Every Iter call counts, including trainer.Eval's: use a separate, unshuffled
// Dataset for evaluation (another c.Dataset call).
//
// PyTorch equivalent: DataLoader(ds, batch_size=B, shuffle=True, drop_last=…,
// generator=torch.Generator().manual_seed(seed)). It replaces GoMLX's dataset.InMemoryFromData for the course: same role, but
// no backend is needed to batch, and shuffling is seeded (InMemoryDataset seeds
// from the clock unless given a math/rand v1 generator).
type Dataset struct {
	opts           DatasetOptions
	inputs, labels []Column
	n              int

	mu        sync.Mutex
	nextEpoch int
}

var _ train.Dataset = (*Dataset)(nil)

// NewDataset validates the columns (at least one, all with the same number of
// examples N ≥ 1, example dimensions > 0 with at most MaxElements values per
// example) and options and returns the Dataset.
func NewDataset(inputs, labels []Column, opts DatasetOptions) (*Dataset, error) {
	const fn = "NewDataset"
	if opts.Name == "" {
		opts.Name = "data"
	}
	if opts.BatchSize == 0 {
		opts.BatchSize = 32
	}
	if opts.BatchSize < 0 {
		return nil, errorf(fn, "opts.BatchSize", "must be > 0, got %d", opts.BatchSize)
	}
	if len(inputs)+len(labels) == 0 {
		return nil, errorf(fn, "inputs", "no input or label columns given")
	}
	n := -1
	check := func(kind string, cols []Column) error {
		for i, c := range cols {
			if (c.f32 == nil) == (c.i32 == nil) {
				return errorf(fn, kind, "column %d is empty (build it with Float32Column or Int32Column)", i)
			}
			for _, d := range c.dims {
				if d <= 0 {
					return errorf(fn, kind, "column %d has example dimensions %v, all must be > 0", i, c.dims)
				}
			}
			if err := checkSize(fn, kind, c.dims...); err != nil {
				return errorf(fn, kind, "column %d has example dimensions %v: more than MaxElements (%d) values per example", i, c.dims, MaxElements)
			}
			size := c.exampleSize()
			if c.length()%size != 0 {
				return errorf(fn, kind, "column %d has %d values, not a multiple of the example size %d (dims %v)",
					i, c.length(), size, c.dims)
			}
			rows := c.length() / size
			if n < 0 {
				n = rows
			} else if rows != n {
				return errorf(fn, kind, "column %d has %d examples, the first column has %d", i, rows, n)
			}
		}
		return nil
	}
	if err := check("inputs", inputs); err != nil {
		return nil, err
	}
	if err := check("labels", labels); err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, errorf(fn, "inputs", "columns have no examples")
	}
	if opts.DropIncomplete && n < opts.BatchSize {
		return nil, errorf(fn, "opts.BatchSize", "%d is larger than the %d examples and DropIncomplete is set: "+
			"every batch would be dropped", opts.BatchSize, n)
	}
	return &Dataset{opts: opts, inputs: inputs, labels: labels, n: n}, nil
}

// Name implements train.Dataset.
func (d *Dataset) Name() string { return d.opts.Name }

// ShortName implements train.HasShortName: the first 3 characters of Name.
func (d *Dataset) ShortName() string {
	r := []rune(d.opts.Name)
	return string(r[:min(3, len(r))])
}

// NumExamples returns N.
func (d *Dataset) NumExamples() int { return d.n }

// BatchesPerEpoch returns the number of batches one epoch yields.
func (d *Dataset) BatchesPerEpoch() int {
	if d.opts.DropIncomplete {
		return d.n / d.opts.BatchSize
	}
	return (d.n + d.opts.BatchSize - 1) / d.opts.BatchSize
}

// Reset makes the next Iter call start again at epoch 0.
func (d *Dataset) Reset() {
	d.mu.Lock()
	d.nextEpoch = 0
	d.mu.Unlock()
}

// EpochOrder returns the order in which epoch e visits the examples: a
// permutation of 0..N−1 that depends only on (Seed, e).
func (d *Dataset) EpochOrder(e int) []int {
	order := make([]int, d.n)
	for i := range order {
		order[i] = i
	}
	if d.opts.Shuffle {
		r := newRNG(d.opts.Seed, mix64(streamShuffle, uint64(e)))
		r.Shuffle(d.n, func(i, j int) { order[i], order[j] = order[j], order[i] })
	}
	return order
}

// Iter implements train.Dataset: it yields the batches of the next epoch (or,
// with Infinite, of all following epochs).
func (d *Dataset) Iter() iter.Seq2[train.Batch, error] {
	return func(yield func(train.Batch, error) bool) {
		for {
			d.mu.Lock()
			e := d.nextEpoch
			d.nextEpoch++
			d.mu.Unlock()
			for b, err := range d.Epoch(e) {
				if !yield(b, err) {
					return
				}
			}
			if !d.opts.Infinite {
				return
			}
		}
	}
}

// Epoch yields the batches of epoch e, independently of Iter's epoch counter.
func (d *Dataset) Epoch(e int) iter.Seq2[train.Batch, error] {
	return func(yield func(train.Batch, error) bool) {
		order := d.EpochOrder(e)
		bs := d.opts.BatchSize
		for start := 0; start < d.n; start += bs {
			end := min(start+bs, d.n)
			if end-start < bs && d.opts.DropIncomplete {
				return
			}
			if !yield(d.batch(order[start:end]), nil) {
				return
			}
		}
	}
}

// batch gathers the rows idx of every column as tensors, exactly as a batch
// of Epoch would.
func (d *Dataset) batch(idx []int) train.Batch {
	b := train.Batch{Inputs: make([]*tensors.Tensor, len(d.inputs)), Labels: make([]*tensors.Tensor, len(d.labels))}
	for i, c := range d.inputs {
		b.Inputs[i] = gatherColumn(c, idx)
	}
	for i, c := range d.labels {
		b.Labels[i] = gatherColumn(c, idx)
	}
	return b
}

func gatherColumn(c Column, idx []int) *tensors.Tensor {
	dims := append([]int{len(idx)}, c.dims...)
	size := c.exampleSize()
	if c.f32 != nil {
		t := tensors.FromShape(shapes.Make(dtypes.Float32, dims...))
		tensors.MustMutableFlatData(t, func(flat []float32) {
			for k, i := range idx {
				copy(flat[k*size:(k+1)*size], c.f32[i*size:(i+1)*size])
			}
		})
		return t
	}
	t := tensors.FromShape(shapes.Make(dtypes.Int32, dims...))
	tensors.MustMutableFlatData(t, func(flat []int32) {
		for k, i := range idx {
			copy(flat[k*size:(k+1)*size], c.i32[i*size:(i+1)*size])
		}
	})
	return t
}

// mix64 combines two words with SplitMix64's finaliser, so (stream, epoch)
// pairs never collide with the plain stream constants of the generators.
func mix64(a, b uint64) uint64 {
	z := a ^ (b+0x9e3779b97f4a7c15)*0xbf58476d1ce4e5b9
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}
