package experiments

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"github.com/losscourse/losscourse/pkg/course"
)

// Margin is the outcome of comparing two multi-seed summaries a and b (course.Summary), "a > b".
type Margin struct {
	Diff   float64 // mean(a) − mean(b)
	Spread float64 // the larger of the two standard deviations
	// Holds is true when Diff > Spread: the gap between the means is larger
	// than the seed-to-seed spread of either side (the course's rule for a
	// comparative claim).
	Holds bool
}

// Compare returns the Margin of "a > b": Holds when mean(a) − mean(b) exceeds the
// larger of the two standard deviations.
func Compare(a, b course.Summary) Margin {
	m := Margin{Diff: a.Mean - b.Mean, Spread: math.Max(a.SD, b.SD)}
	m.Holds = m.Diff > m.Spread
	return m
}

// String formats the margin, e.g. "Δ = 0.120 > spread 0.030".
func (m Margin) String() string {
	rel := "≤"
	if m.Holds {
		rel = ">"
	}
	return fmt.Sprintf("Δ = %.3f %s spread %.3f", m.Diff, rel, m.Spread)
}

// SlicedWasserstein returns the sliced Wasserstein-1 distance between two 2-D point
// sets: the mean over `projections` random directions θ (seeded) of the 1-D W₁
// distance between the projections ⟨x, θ⟩, each computed exactly from sorted
// quantiles (resampled to the smaller set's size). It is 0 for identical sets and
// grows with the distance between them; used to check that a critic's W₁ estimate
// moves with a distance it did not compute.
func SlicedWasserstein(a, b [][]float64, projections int, seed uint64) float64 {
	if len(a) == 0 || len(b) == 0 || projections < 1 {
		return math.NaN()
	}
	r := rand.New(rand.NewPCG(seed, 0x511ced))
	n := min(len(a), len(b))
	pa, pb := make([]float64, len(a)), make([]float64, len(b))
	var total float64
	for p := 0; p < projections; p++ {
		ang := 2 * math.Pi * r.Float64()
		cx, cy := math.Cos(ang), math.Sin(ang)
		for i, x := range a {
			pa[i] = x[0]*cx + x[1]*cy
		}
		for i, x := range b {
			pb[i] = x[0]*cx + x[1]*cy
		}
		sort.Float64s(pa)
		sort.Float64s(pb)
		var d float64
		for i := 0; i < n; i++ {
			qa := pa[(2*i+1)*len(pa)/(2*n)]
			qb := pb[(2*i+1)*len(pb)/(2*n)]
			d += math.Abs(qa - qb)
		}
		total += d / float64(n)
	}
	return total / float64(projections)
}

// Spearman returns the Spearman rank correlation of x and y (equal lengths ≥ 2;
// ties get their average rank).
func Spearman(x, y []float64) float64 {
	if len(x) != len(y) || len(x) < 2 {
		return math.NaN()
	}
	rx, ry := ranks(x), ranks(y)
	return pearson(rx, ry)
}

func ranks(x []float64) []float64 {
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(i, j int) bool { return x[idx[i]] < x[idx[j]] })
	r := make([]float64, len(x))
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && x[idx[j+1]] == x[idx[i]] {
			j++
		}
		avg := float64(i+j)/2 + 1
		for k := i; k <= j; k++ {
			r[idx[k]] = avg
		}
		i = j + 1
	}
	return r
}

func pearson(x, y []float64) float64 {
	n := float64(len(x))
	var mx, my float64
	for i := range x {
		mx += x[i] / n
		my += y[i] / n
	}
	var sxy, sxx, syy float64
	for i := range x {
		sxy += (x[i] - mx) * (y[i] - my)
		sxx += (x[i] - mx) * (x[i] - mx)
		syy += (y[i] - my) * (y[i] - my)
	}
	if sxx == 0 || syy == 0 {
		return math.NaN()
	}
	return sxy / math.Sqrt(sxx*syy)
}

// ComparePaired compares two metrics measured on the same seeds, "a > b": Diff is
// the mean of the per-seed differences aᵢ − bᵢ and Spread their standard deviation
// (course.Paired). Use it when the seeds change the data: the differences between
// seeds then cancel and only the effect of a against b remains.
func ComparePaired(a, b []float64) Margin {
	d := course.Paired(a, b)
	m := Margin{Diff: d.Mean, Spread: d.SD}
	m.Holds = m.Diff > m.Spread
	return m
}

// OverSeeds runs f once per seed and returns the results in seed order; it stops
// at the first error. (course.OverSeeds does the same for a single float metric.)
func OverSeeds[T any](seeds []uint64, f func(seed uint64) (T, error)) ([]T, error) {
	out := make([]T, 0, len(seeds))
	for _, s := range seeds {
		r, err := f(s)
		if err != nil {
			return nil, fmt.Errorf("seed %d: %w", s, err)
		}
		out = append(out, r)
	}
	return out, nil
}

// Field summarises one number of every seed's result: course.Summarize of field(r) over rs.
func Field[T any](rs []T, field func(T) float64) course.Summary {
	v := make([]float64, len(rs))
	for i, r := range rs {
		v[i] = field(r)
	}
	return course.Summarize(v)
}
