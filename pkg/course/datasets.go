package course

import (
	"fmt"

	"github.com/losscourse/losscourse/pkg/data"
)

// Rows returns the rows idx of x (the row slices are shared, not copied).
func Rows(x [][]float64, idx []int) [][]float64 {
	out := make([][]float64, len(idx))
	for i, j := range idx {
		out[i] = x[j]
	}
	return out
}

// Take returns the values v[i] for i in idx, in that order.
func Take(v []float64, idx []int) []float64 {
	out := make([]float64, len(idx))
	for k, i := range idx {
		out[k] = v[i]
	}
	return out
}

// FloatColumn turns host rows (all of the same length D) into a float32
// data.Column of examples of shape [D], for data.NewDataset.
func FloatColumn(rows [][]float64) data.Column {
	if len(rows) == 0 {
		return data.Float32Column(nil, 0)
	}
	d := len(rows[0])
	flat := make([]float32, 0, len(rows)*d)
	for i, r := range rows {
		if len(r) != d {
			panic(fmt.Sprintf("course.FloatColumn: row %d has %d values, row 0 has %d", i, len(r), d))
		}
		for _, v := range r {
			flat = append(flat, float32(v))
		}
	}
	return data.Float32Column(flat, d)
}

// TripletDataset samples n triplets from c with data.SampleTriplets (anchor and
// positive of one class, negative of another) and returns them as a dataset
// with three input columns (anchors, positives, negatives: float32 [B, D] each)
// and no labels — the input of losses.TripletMargin through an embedding
// network applied to each input (MLP.ModelFn does that).
func TripletDataset(c *data.Classification, n int, seed uint64, opts data.DatasetOptions) (*data.Dataset, error) {
	ts, err := data.SampleTriplets(c.Y, n, seed)
	if err != nil {
		return nil, err
	}
	a, p, ng := make([]int, len(ts)), make([]int, len(ts)), make([]int, len(ts))
	for i, t := range ts {
		a[i], p[i], ng[i] = t.Anchor, t.Positive, t.Negative
	}
	return data.NewDataset([]data.Column{FloatColumn(Rows(c.X, a)), FloatColumn(Rows(c.X, p)), FloatColumn(Rows(c.X, ng))}, nil, opts)
}

// PairDataset samples n pairs from c with data.SamplePairs (half of the same
// class, half of different classes) and returns them as a dataset with two
// input columns (float32 [B, D]) and the label similar ∈ {0, 1} (float32 [B]) —
// the inputs and label of losses.Contrastive.
func PairDataset(c *data.Classification, n int, seed uint64, opts data.DatasetOptions) (*data.Dataset, error) {
	pairs, err := data.SamplePairs(c.Y, n, seed)
	if err != nil {
		return nil, err
	}
	a, b, same := make([]int, len(pairs)), make([]int, len(pairs)), make([]float32, len(pairs))
	for i, p := range pairs {
		a[i], b[i] = p.A, p.B
		if p.Same {
			same[i] = 1
		}
	}
	return data.NewDataset([]data.Column{FloatColumn(Rows(c.X, a)), FloatColumn(Rows(c.X, b))}, []data.Column{data.Float32Column(same)}, opts)
}

// ViewsDataset makes rounds × two augmented views of every row of x
// (data.TwoViews with aug, its Seed advanced by one per round) and returns them
// as a dataset with two input columns (float32 [B, D]) and no labels — SimCLR's
// positive pairs for losses.NTXent.
func ViewsDataset(x [][]float64, rounds int, aug data.AugmentOptions, opts data.DatasetOptions) (*data.Dataset, error) {
	if rounds <= 0 {
		return nil, fmt.Errorf("course.ViewsDataset: rounds must be > 0, got %d", rounds)
	}
	var v1, v2 [][]float64
	for r := range rounds {
		a := aug
		a.Seed += uint64(r)
		x1, x2, err := data.TwoViews(x, a)
		if err != nil {
			return nil, err
		}
		v1, v2 = append(v1, x1...), append(v2, x2...)
	}
	return data.NewDataset([]data.Column{FloatColumn(v1), FloatColumn(v2)}, nil, opts)
}
