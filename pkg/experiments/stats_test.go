package experiments

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/losscourse/losscourse/pkg/course"
)

func TestCompare(t *testing.T) {
	tests := []struct {
		name      string
		a, b      []float64
		wantHolds bool
		wantDiff  float64
	}{
		{"clear gap", []float64{0.9, 0.91, 0.89}, []float64{0.5, 0.52, 0.48}, true, 0.4},
		{"gap smaller than spread", []float64{0.9, 0.5, 0.7}, []float64{0.6, 0.62, 0.58}, false, 0.1},
		{"wrong direction", []float64{0.1, 0.1, 0.1}, []float64{0.5, 0.5, 0.5}, false, -0.4},
		{"equal", []float64{0.5, 0.6}, []float64{0.5, 0.6}, false, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := Compare(course.Summarize(tc.a), course.Summarize(tc.b))
			if m.Holds != tc.wantHolds || math.Abs(m.Diff-tc.wantDiff) > 1e-9 {
				t.Errorf("Compare(%v, %v) = %+v, want Holds %v and Diff %g", tc.a, tc.b, m, tc.wantHolds, tc.wantDiff)
			}
		})
	}
}

func TestSlicedWasserstein(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	a := make([][]float64, 2000)
	for i := range a {
		a[i] = []float64{r.NormFloat64(), r.NormFloat64()}
	}
	if got := SlicedWasserstein(a, a, 32, 1); got != 0 {
		t.Errorf("SlicedWasserstein(a, a) = %g, want 0", got)
	}
	// A shift by (d, 0): the 1-D W₁ along θ is |d·cos θ|, whose mean over θ is 2d/π.
	for _, d := range []float64{0.5, 2} {
		b := make([][]float64, len(a))
		for i, x := range a {
			b[i] = []float64{x[0] + d, x[1]}
		}
		got, want := SlicedWasserstein(a, b, 4000, 3), 2*d/math.Pi
		if math.Abs(got-want) > 0.02*want {
			t.Errorf("SlicedWasserstein(shift %g) = %.4f, want 2d/π = %.4f", d, got, want)
		}
	}
	if !math.IsNaN(SlicedWasserstein(nil, a, 4, 1)) {
		t.Error("SlicedWasserstein of an empty set is not NaN")
	}
}

func TestSpearman(t *testing.T) {
	tests := []struct {
		x, y []float64
		want float64
	}{
		{[]float64{1, 2, 3, 4}, []float64{10, 20, 30, 40}, 1},
		{[]float64{1, 2, 3, 4}, []float64{4, 3, 2, 1}, -1},
		{[]float64{1, 2, 3, 4}, []float64{1, 100, 2, 200}, 0.8},
		{[]float64{1, 1, 2}, []float64{1, 2, 3}, math.Sqrt(3) / 2}, // average ranks for ties
	}
	for _, tc := range tests {
		if got := Spearman(tc.x, tc.y); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("Spearman(%v, %v) = %g, want %g", tc.x, tc.y, got, tc.want)
		}
	}
	if !math.IsNaN(Spearman([]float64{1}, []float64{2})) {
		t.Error("Spearman of one point is not NaN")
	}
}

func TestComparePaired(t *testing.T) {
	// Large seed-to-seed spread, consistent per-seed gain: unpaired fails, paired holds.
	a, b := []float64{0.6, 0.8, 0.7}, []float64{0.55, 0.74, 0.66}
	if Compare(course.Summarize(a), course.Summarize(b)).Holds {
		t.Error("unpaired comparison holds although the gap is below the spread")
	}
	m := ComparePaired(a, b)
	if !m.Holds || math.Abs(m.Diff-0.05) > 1e-9 {
		t.Errorf("ComparePaired = %+v, want Diff 0.05 and Holds", m)
	}
	if ComparePaired(b, a).Holds {
		t.Error("ComparePaired holds in the wrong direction")
	}
}

func TestOverSeedsAndField(t *testing.T) {
	type res struct{ A, B float64 }
	rs, err := OverSeeds([]uint64{1, 2, 3}, func(s uint64) (res, error) { return res{float64(s), 10 * float64(s)}, nil })
	if err != nil {
		t.Fatal(err)
	}
	if s := Field(rs, func(r res) float64 { return r.B }); s.Mean != 20 || s.SD != 10 || s.N != 3 {
		t.Errorf("Field = %+v, want mean 20, sd 10, n 3", s)
	}
	if _, err := OverSeeds([]uint64{1, 2}, func(s uint64) (res, error) {
		if s == 2 {
			return res{}, fmt.Errorf("boom")
		}
		return res{}, nil
	}); err == nil || err.Error() != "seed 2: boom" {
		t.Errorf("OverSeeds error = %v, want \"seed 2: boom\"", err)
	}
}
