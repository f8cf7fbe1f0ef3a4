package course

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestMoments(t *testing.T) {
	x := []float64{1, 2, 3, 10}
	if got := Mean(x); got != 4 {
		t.Errorf("Mean = %g, want 4", got)
	}
	if got := Variance(x); math.Abs(got-(9+4+1+36)/4.0) > 1e-12 {
		t.Errorf("Variance = %g, want 12.5 (divides by n)", got)
	}
	if got := Median(x); got != 2.5 {
		t.Errorf("Median of an even sample = %g, want 2.5", got)
	}
	if got := Median([]float64{5, 1, 3}); got != 3 {
		t.Errorf("Median = %g, want 3", got)
	}
	if x[3] != 10 {
		t.Error("Median modified its input")
	}
	if got := Linspace(0, 1, 5); MaxAbsDiff(got, []float64{0, 0.25, 0.5, 0.75, 1}) != 0 {
		t.Errorf("Linspace = %v", got)
	}
}

func TestSummaries(t *testing.T) {
	s := Summarize([]float64{0.8, 0.9, 1.0})
	if s.N != 3 || math.Abs(s.Mean-0.9) > 1e-12 || math.Abs(s.SD-0.1) > 1e-12 || s.Min != 0.8 || s.Max != 1 {
		t.Errorf("Summarize = %+v, want mean 0.9, sd 0.1 (n−1), min 0.8, max 1", s)
	}
	if got := s.String(); got != "0.900 ± 0.100 (n = 3)" {
		t.Errorf("String = %q", got)
	}
	if math.Abs(s.SE()-0.1/math.Sqrt(3)) > 1e-12 {
		t.Errorf("SE = %g", s.SE())
	}
	d := Paired([]float64{3, 5}, []float64{1, 2})
	if d.Mean != 2.5 {
		t.Errorf("Paired mean = %g, want 2.5", d.Mean)
	}
	got, err := OverSeeds(Seeds(4), func(seed int64) (float64, error) { return float64(seed), nil })
	if err != nil || got.Mean != 2.5 || got.N != 4 {
		t.Errorf("OverSeeds = %+v, %v; want mean 2.5 over 4 seeds", got, err)
	}
	_, err = OverSeeds(Seeds(3), func(seed int64) (float64, error) {
		if seed == 2 {
			return 0, errors.New("diverged")
		}
		return 1, nil
	})
	if err == nil || !strings.Contains(err.Error(), "seed 2") {
		t.Errorf("OverSeeds error = %v, want one naming seed 2", err)
	}
}
