package course

import (
	"testing"

	"github.com/losscourse/losscourse/pkg/data"
)

func TestMetricDatasets(t *testing.T) {
	tr, _, err := DigitsSplit()
	if err != nil {
		t.Fatal(err)
	}
	opts := data.DatasetOptions{BatchSize: 8}
	tests := []struct {
		name           string
		ds             func() (*data.Dataset, error)
		inputs, labels int
	}{
		{"triplets", func() (*data.Dataset, error) { return TripletDataset(tr, 20, 1, opts) }, 3, 0},
		{"pairs", func() (*data.Dataset, error) { return PairDataset(tr, 20, 1, opts) }, 2, 1},
		{"views", func() (*data.Dataset, error) {
			return ViewsDataset(tr.X[:10], 2, data.AugmentOptions{NoiseStd: 0.1, Width: 8, Height: 8, Seed: 3}, opts)
		}, 2, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ds, err := tc.ds()
			if err != nil {
				t.Fatal(err)
			}
			for batch, err := range ds.Iter() {
				if err != nil {
					t.Fatal(err)
				}
				if len(batch.Inputs) != tc.inputs || len(batch.Labels) != tc.labels {
					t.Fatalf("%d inputs and %d labels, want %d and %d", len(batch.Inputs), len(batch.Labels), tc.inputs, tc.labels)
				}
				for _, in := range batch.Inputs {
					if dims := in.Shape().Dimensions; dims[0] != 8 || dims[1] != 64 {
						t.Errorf("input shape %v, want [8 64]", dims)
					}
				}
				break
			}
		})
	}
	// Pair labels: half similar.
	ds := Must(PairDataset(tr, 100, 2, data.DatasetOptions{BatchSize: 100}))
	for batch := range ds.Iter() {
		if s := Floats(batch.Labels[0]); Mean(s) < 0.4 || Mean(s) > 0.6 {
			t.Errorf("fraction of similar pairs %.2f, want about one half", Mean(s))
		}
		break
	}
	if _, err := ViewsDataset(tr.X, 0, data.AugmentOptions{}, opts); err == nil {
		t.Error("ViewsDataset with 0 rounds: no error")
	}
	if got := Rows([][]float64{{1}, {2}, {3}}, []int{2, 0}); got[0][0] != 3 || got[1][0] != 1 {
		t.Errorf("Rows = %v", got)
	}
	if got := Dot([]float64{1, 2}, []float64{3, 4}); got != 11 {
		t.Errorf("Dot = %g", got)
	}
}
