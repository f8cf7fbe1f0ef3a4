package data

import (
	"slices"
	"testing"

	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/train"
)

// indexDataset has 10 examples: input row i is (i, 10+i) float32 and label i int32.
func indexDataset(t *testing.T, opts DatasetOptions) *Dataset {
	t.Helper()
	n := 10
	x := make([]float32, 0, 2*n)
	y := make([]int32, n)
	for i := 0; i < n; i++ {
		x = append(x, float32(i), float32(10+i))
		y[i] = int32(i)
	}
	d, err := NewDataset([]Column{Float32Column(x, 2)}, []Column{Int32Column(y)}, opts)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// collect reads one pass of seq and returns the labels batch by batch, checking
// that inputs match labels.
func collect(t *testing.T, seq func(func(train.Batch, error) bool)) [][]int32 {
	t.Helper()
	var out [][]int32
	for b, err := range seq {
		if err != nil {
			t.Fatal(err)
		}
		ys := tensors.MustCopyFlatData[int32](b.Labels[0])
		xs := tensors.MustCopyFlatData[float32](b.Inputs[0])
		if dims := b.Inputs[0].Shape().Dimensions; dims[0] != len(ys) || dims[1] != 2 {
			t.Fatalf("batch input dims %v for %d labels, want [%d 2]", dims, len(ys), len(ys))
		}
		for k, y := range ys {
			if xs[2*k] != float32(y) || xs[2*k+1] != float32(10+y) {
				t.Fatalf("batch row %d: input (%g, %g) does not belong to label %d", k, xs[2*k], xs[2*k+1], y)
			}
		}
		out = append(out, ys)
		if err := b.Finalize(); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func TestDatasetEpochs(t *testing.T) {
	d := indexDataset(t, DatasetOptions{Name: "idx", BatchSize: 4, Shuffle: true, Seed: 7})
	if d.BatchesPerEpoch() != 3 || d.NumExamples() != 10 || d.ShortName() != "idx" {
		t.Errorf("got %d batches per epoch, %d examples, short name %q; want 3, 10, \"idx\"", d.BatchesPerEpoch(), d.NumExamples(), d.ShortName())
	}
	var orders [][]int32
	for e := 0; e < 3; e++ {
		batches := collect(t, d.Iter())
		if len(batches) != 3 || len(batches[0]) != 4 || len(batches[2]) != 2 {
			t.Fatalf("epoch %d batch sizes: got %v, want [4 4 2]", e, batchSizes(batches))
		}
		order := slices.Concat(batches...)
		sorted := slices.Sorted(slices.Values(order))
		for i, v := range sorted {
			if v != int32(i) {
				t.Fatalf("epoch %d: examples seen %v, want each of 0..9 exactly once", e, sorted)
			}
		}
		want := d.EpochOrder(e)
		for i := range order {
			if int(order[i]) != want[i] {
				t.Fatalf("epoch %d via Iter: got order %v, want EpochOrder(%d) = %v", e, order, e, want)
			}
		}
		orders = append(orders, order)
	}
	if slices.Equal(orders[0], orders[1]) || slices.Equal(orders[1], orders[2]) {
		t.Errorf("shuffled epochs repeat: %v", orders)
	}
	// Same seed, a new Dataset: identical epochs. Reset restarts at epoch 0.
	d2 := indexDataset(t, DatasetOptions{BatchSize: 4, Shuffle: true, Seed: 7})
	for e := 0; e < 3; e++ {
		if got := slices.Concat(collect(t, d2.Iter())...); !slices.Equal(got, orders[e]) {
			t.Errorf("second run epoch %d: got %v, want %v", e, got, orders[e])
		}
	}
	d2.Reset()
	if got := slices.Concat(collect(t, d2.Iter())...); !slices.Equal(got, orders[0]) {
		t.Errorf("after Reset: got %v, want epoch 0 %v", got, orders[0])
	}
	// Another seed: another order.
	d3 := indexDataset(t, DatasetOptions{BatchSize: 4, Shuffle: true, Seed: 8})
	if got := slices.Concat(collect(t, d3.Epoch(0))...); slices.Equal(got, orders[0]) {
		t.Errorf("seeds 7 and 8 gave the same epoch-0 order %v", got)
	}
}

func batchSizes(b [][]int32) []int {
	var s []int
	for _, x := range b {
		s = append(s, len(x))
	}
	return s
}

func TestDatasetNoShuffleDropIncompleteInfinite(t *testing.T) {
	d := indexDataset(t, DatasetOptions{BatchSize: 3})
	got := collect(t, d.Iter())
	if want := [][]int32{{0, 1, 2}, {3, 4, 5}, {6, 7, 8}, {9}}; !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("no shuffle, batch 3: got %v, want %v", got, want)
	}
	d = indexDataset(t, DatasetOptions{BatchSize: 3, DropIncomplete: true})
	if got := collect(t, d.Iter()); len(got) != 3 || d.BatchesPerEpoch() != 3 {
		t.Errorf("DropIncomplete: got %d batches (BatchesPerEpoch %d), want 3", len(got), d.BatchesPerEpoch())
	}
	d = indexDataset(t, DatasetOptions{BatchSize: 5, Shuffle: true, Infinite: true, Seed: 1})
	var all []int32
	n := 0
	for b, err := range d.Iter() {
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, tensors.MustCopyFlatData[int32](b.Labels[0])...)
		if n++; n == 7 {
			break
		}
	}
	want := slices.Concat(intsTo32(d.EpochOrder(0)), intsTo32(d.EpochOrder(1)), intsTo32(d.EpochOrder(2)), intsTo32(d.EpochOrder(3)[:5]))
	if !slices.Equal(all, want) {
		t.Errorf("Infinite: got %v, want epochs 0,1,2 and half of 3: %v", all, want)
	}
	if _, err := NewDataset([]Column{Float32Column(make([]float32, 4))}, nil, DatasetOptions{BatchSize: 5, DropIncomplete: true}); err == nil {
		t.Errorf("BatchSize 5 > 4 examples with DropIncomplete: got no error")
	}
}

func intsTo32(a []int) []int32 {
	out := make([]int32, len(a))
	for i, v := range a {
		out[i] = int32(v)
	}
	return out
}

func TestClassificationAndRegressionDatasets(t *testing.T) {
	c, _ := Moons(MoonsOptions{N: 100, Seed: 1})
	ds, err := c.Dataset(DatasetOptions{BatchSize: 32, Shuffle: true, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	var _ train.Dataset = ds
	seen := 0
	for b, err := range ds.Iter() {
		if err != nil {
			t.Fatal(err)
		}
		x, y := b.Inputs[0].Shape(), b.Labels[0].Shape()
		if x.DType.String() != "Float32" || y.DType.String() != "Int32" || x.Dimensions[1] != 2 || y.Rank() != 1 {
			t.Fatalf("classification batch: got x %s y %s, want Float32 [B 2] and Int32 [B]", x, y)
		}
		seen += y.Dimensions[0]
	}
	if seen != 100 {
		t.Errorf("classification epoch: saw %d examples, want 100", seen)
	}
	r, _ := Sine(RegressionOptions{N: 50, Seed: 1})
	rs, _ := r.Dataset(DatasetOptions{BatchSize: 50})
	for b := range rs.Iter() {
		if y := b.Labels[0].Shape(); y.DType.String() != "Float32" || y.Dimensions[0] != 50 || y.Dimensions[1] != 1 {
			t.Errorf("regression batch labels: got %s, want Float32 [50 1]", y)
		}
		if got := tensors.MustCopyFlatData[float32](b.Labels[0])[7]; got != float32(r.Y[7]) {
			t.Errorf("regression label 7: got %g, want %g", got, r.Y[7])
		}
	}
}
