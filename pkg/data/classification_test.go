package data

import (
	"math"
	"testing"
)

// generators lists every classification generator for the shared tests.
var classificationGenerators = []struct {
	name string
	gen  func(n int, seed uint64) (*Classification, error)
}{
	{"blobs", func(n int, s uint64) (*Classification, error) { return Blobs(BlobsOptions{N: n, Classes: 3, Seed: s}) }},
	{"blobs-imbalanced-5d", func(n int, s uint64) (*Classification, error) {
		return Blobs(BlobsOptions{N: n, Dim: 5, Imbalance: 1.0 / 50, Seed: s})
	}},
	{"moons", func(n int, s uint64) (*Classification, error) { return Moons(MoonsOptions{N: n, Noise: 0.1, Seed: s}) }},
	{"spirals", func(n int, s uint64) (*Classification, error) {
		return Spirals(SpiralsOptions{N: n, Classes: 4, Noise: 0.05, Seed: s})
	}},
	{"xor", func(n int, s uint64) (*Classification, error) { return XOR(XOROptions{N: n, Noise: 0.05, Seed: s}) }},
	{"moons-labelnoise", func(n int, s uint64) (*Classification, error) {
		return Moons(MoonsOptions{N: n, Noise: 0.1, LabelNoise: 0.1, Seed: s})
	}},
}

func TestClassificationDeterminism(t *testing.T) {
	for _, g := range classificationGenerators {
		t.Run(g.name, func(t *testing.T) {
			a, err := g.gen(500, 42)
			if err != nil {
				t.Fatalf("%s: %v", g.name, err)
			}
			b, _ := g.gen(500, 42)
			c, _ := g.gen(500, 43)
			if err := a.Validate(); err != nil {
				t.Fatalf("%s returned invalid data: %v", g.name, err)
			}
			if a.Fingerprint() != b.Fingerprint() {
				t.Errorf("%s: same seed gave different fingerprints %s and %s", g.name, a.Fingerprint(), b.Fingerprint())
			}
			if a.Fingerprint() == c.Fingerprint() {
				t.Errorf("%s: seeds 42 and 43 gave the same data", g.name)
			}
			if a.Len() != 500 {
				t.Errorf("%s: got %d rows, want 500", g.name, a.Len())
			}
		})
	}
}

func TestBlobsClassRatioAndMoments(t *testing.T) {
	cases := []struct {
		name       string
		opts       BlobsOptions
		wantCounts []int
	}{
		{"balanced 2", BlobsOptions{N: 1000, Seed: 1}, []int{500, 500}},
		{"1:50", BlobsOptions{N: 5100, Imbalance: 1.0 / 50, Seed: 1}, []int{5000, 100}},
		{"1:9", BlobsOptions{N: 1000, Imbalance: 0.1, Seed: 1}, []int{909, 91}},
		// weights 1, 0.5, 0.25 → 4/7, 2/7, 1/7 of 700.
		{"3 classes geometric", BlobsOptions{N: 700, Classes: 3, Imbalance: 0.25, Seed: 1}, []int{400, 200, 100}},
		{"tiny minority still present", BlobsOptions{N: 20, Imbalance: 0.001, Seed: 1}, []int{19, 1}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, err := Blobs(c.opts)
			if err != nil {
				t.Fatal(err)
			}
			got := d.ClassCounts()
			for k := range c.wantCounts {
				if got[k] != c.wantCounts[k] {
					t.Fatalf("Blobs(%+v) class counts: got %v, want %v", c.opts, got, c.wantCounts)
				}
			}
		})
	}
	// Moments: class 0 centred at (Separation, 0), class 1 at (−Separation, 0), std Std.
	d, _ := Blobs(BlobsOptions{N: 40000, Std: 0.5, Separation: 3, Seed: 7})
	want := [][]float64{{3, 0}, {-3, 0}}
	for c := 0; c < 2; c++ {
		var s, s2 [2]float64
		n := 0.0
		for i, y := range d.Y {
			if y != c {
				continue
			}
			n++
			for j := 0; j < 2; j++ {
				s[j] += d.X[i][j]
				s2[j] += d.X[i][j] * d.X[i][j]
			}
		}
		for j := 0; j < 2; j++ {
			mean := s[j] / n
			std := math.Sqrt(s2[j]/n - mean*mean)
			if math.Abs(mean-want[c][j]) > 0.02 || math.Abs(std-0.5) > 0.02 {
				t.Errorf("Blobs class %d feature %d: got mean %.4f std %.4f, want %.1f and 0.5 (±0.02)", c, j, mean, std, want[c][j])
			}
		}
	}
}

func TestMoonsSpiralsXORGeometry(t *testing.T) {
	m, _ := Moons(MoonsOptions{N: 1001, Seed: 3})
	if got := m.ClassCounts(); got[0] != 500 || got[1] != 501 {
		t.Errorf("Moons(1001) counts: got %v, want [500 501]", got)
	}
	for i, x := range m.X { // noise-free: exactly on the unit circles.
		cx, cy := 0.0, 0.0
		if m.Y[i] == 1 {
			cx, cy = 1, 0.5
		}
		if r := math.Hypot(x[0]-cx, x[1]-cy); math.Abs(r-1) > 1e-12 {
			t.Fatalf("Moons noise-free row %d (class %d) at distance %g from its circle centre, want 1", i, m.Y[i], r)
		}
	}
	s, _ := Spirals(SpiralsOptions{N: 900, Classes: 3, Seed: 3})
	if got := s.ClassCounts(); got[0] != 300 || got[1] != 300 || got[2] != 300 {
		t.Errorf("Spirals counts: got %v, want [300 300 300]", got)
	}
	for i, x := range s.X {
		if r := math.Hypot(x[0], x[1]); r > 1 {
			t.Fatalf("Spirals noise-free row %d has radius %g > 1", i, r)
		}
	}
	x, _ := XOR(XOROptions{N: 2000, Seed: 3})
	for i, p := range x.X {
		want := 0
		if p[0]*p[1] < 0 {
			want = 1
		}
		if x.Y[i] != want {
			t.Fatalf("XOR noise-free row %d at %v: got label %d, want %d", i, p, x.Y[i], want)
		}
	}
	if n1 := x.ClassCounts()[1]; n1 < 900 || n1 > 1100 {
		t.Errorf("XOR(2000) class 1 count: got %d, want about 1000", n1)
	}
}

func TestFlipLabels(t *testing.T) {
	clean, _ := Spirals(SpiralsOptions{N: 1000, Classes: 4, Seed: 9})
	noisy, idx, err := FlipLabels(clean, 0.15, 9)
	if err != nil {
		t.Fatal(err)
	}
	if len(idx) != 150 {
		t.Fatalf("FlipLabels(0.15) of 1000: got %d flipped indices, want 150", len(idx))
	}
	flipped := make([]bool, clean.Len())
	for _, i := range idx {
		flipped[i] = true
	}
	changed := 0
	for i := range clean.Y {
		if clean.Y[i] != noisy.Y[i] {
			changed++
			if !flipped[i] {
				t.Fatalf("row %d changed label but is not in the flipped indices", i)
			}
		} else if flipped[i] {
			t.Fatalf("row %d is reported flipped but kept label %d", i, clean.Y[i])
		}
	}
	if changed != 150 {
		t.Errorf("got %d changed labels, want 150", changed)
	}
	// The generator option equals FlipLabels with the same seed.
	viaOpt, _ := Spirals(SpiralsOptions{N: 1000, Classes: 4, Seed: 9, LabelNoise: 0.15})
	if viaOpt.Fingerprint() != noisy.Fingerprint() {
		t.Errorf("Spirals LabelNoise=0.15 differs from FlipLabels(Spirals, 0.15, seed)")
	}
	// FlipLabels must not modify its input.
	again, _ := Spirals(SpiralsOptions{N: 1000, Classes: 4, Seed: 9})
	if again.Fingerprint() != clean.Fingerprint() {
		t.Errorf("FlipLabels modified its input")
	}
}

func TestClassificationSplitStratified(t *testing.T) {
	d, _ := Blobs(BlobsOptions{N: 5100, Imbalance: 1.0 / 50, Seed: 5})
	tr, te, err := d.Split(0.2, 11)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := te.ClassCounts(), []int{1000, 20}; got[0] != want[0] || got[1] != want[1] {
		t.Errorf("stratified test counts: got %v, want %v", got, want)
	}
	if got, want := tr.ClassCounts(), []int{4000, 80}; got[0] != want[0] || got[1] != want[1] {
		t.Errorf("stratified train counts: got %v, want %v", got, want)
	}
	// Every row lands in exactly one part: compare multisets through the first feature.
	seen := map[float64]int{}
	for _, x := range d.X {
		seen[x[0]]++
	}
	for _, part := range []*Classification{tr, te} {
		for _, x := range part.X {
			seen[x[0]]--
		}
	}
	for v, n := range seen {
		if n != 0 {
			t.Fatalf("row with x0=%g appears %d times too many/few across train+test", v, -n)
		}
	}
	tr2, _, _ := d.Split(0.2, 11)
	tr3, _, _ := d.Split(0.2, 12)
	if tr.Fingerprint() != tr2.Fingerprint() || tr.Fingerprint() == tr3.Fingerprint() {
		t.Errorf("Split is not a deterministic function of its seed")
	}
}

func TestClassificationConversions(t *testing.T) {
	d := &Classification{X: [][]float64{{1, 2}, {3, 4}, {5, 6}}, Y: []int{0, 2, 1}, Classes: 3}
	x, y := d.Tensors()
	if got := x.Shape().String(); got != "(Float32)[3, 2]" {
		t.Errorf("Tensors x shape: got %s, want (Float32)[3, 2]", got)
	}
	if got := y.Shape().String(); got != "(Int32)[3]" {
		t.Errorf("Tensors y shape: got %s, want (Int32)[3]", got)
	}
	if got := x.Value().([][]float32); got[2][1] != 6 || got[1][0] != 3 {
		t.Errorf("Tensors x values: got %v", got)
	}
	if got := y.Value().([]int32); got[1] != 2 {
		t.Errorf("Tensors y values: got %v, want [0 2 1]", got)
	}
	if got := d.OneHot(); got[1][2] != 1 || got[1][0] != 0 || got[2][1] != 1 {
		t.Errorf("OneHot: got %v", got)
	}
	if got := d.FlatX(); len(got) != 6 || got[3] != 4 {
		t.Errorf("FlatX: got %v, want [1 2 3 4 5 6]", got)
	}
	sub, err := d.Subset([]int{2, 0})
	if err != nil || sub.Y[0] != 1 || sub.X[1][1] != 2 {
		t.Errorf("Subset([2 0]): got %+v, %v", sub, err)
	}
	sub.X[0][0] = 99
	if d.X[2][0] == 99 {
		t.Errorf("Subset shares memory with its source")
	}
}
