package data

import (
	"math"
	"testing"
)

func residuals(r *Regression) []float64 {
	e := make([]float64, r.Len())
	for i := range e {
		e[i] = r.Y[i] - r.Clean[i]
	}
	return e
}

func TestRegressionNoiseStatistics(t *testing.T) {
	const n = 100000
	cases := []struct {
		name       string
		opts       RegressionOptions
		wantStd    float64 // √Var
		wantMeanAb float64 // E|ε|
		wantTail   float64 // P(|ε| > 3·Scale)
	}{
		// Gaussian σ: E|ε| = σ√(2/π), P(|Z|>3) = 0.0027.
		{"gaussian", RegressionOptions{N: n, Noise: GaussianNoise, Scale: 0.5, Seed: 1}, 0.5, 0.5 * math.Sqrt(2/math.Pi), 0.0027},
		// Laplace b: Var = 2b², E|ε| = b, P(|ε|>3b) = e⁻³.
		{"laplace", RegressionOptions{N: n, Noise: LaplaceNoise, Scale: 0.5, Seed: 1}, 0.5 * math.Sqrt2, 0.5, math.Exp(-3)},
		// Student-t ν=5, s: Var = s²ν/(ν−2), E|T| = 2√ν Γ((ν+1)/2)/(√π (ν−1) Γ(ν/2)), P(|T|>3) = 0.0301.
		{"student-t nu=5", RegressionOptions{N: n, Noise: StudentTNoise, DoF: 5, Scale: 0.5, Seed: 1},
			0.5 * math.Sqrt(5.0/3), 0.5 * 2 * math.Sqrt(5) * math.Gamma(3) / (math.Sqrt(math.Pi) * 4 * math.Gamma(2.5)), 0.0301},
		// Student-t ν=3 (default): P(|T|>3) = 0.0577; variance 3s² but heavy tails make it noisy, so skip it.
		{"student-t nu=3", RegressionOptions{N: n, Noise: StudentTNoise, Scale: 1, Seed: 1},
			-1, 2 * math.Sqrt(3) / (math.Pi * 2) * 2, 0.0577},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := Linear(c.opts)
			if err != nil {
				t.Fatal(err)
			}
			e := residuals(r)
			var s, s2, sa float64
			tail := 0
			for _, v := range e {
				s += v
				s2 += v * v
				sa += math.Abs(v)
				if math.Abs(v) > 3*c.opts.Scale {
					tail++
				}
			}
			mean := s / n
			std := math.Sqrt(s2/n - mean*mean)
			if math.Abs(mean) > 0.02 {
				t.Errorf("%s noise mean: got %.4f, want 0 (±0.02)", c.name, mean)
			}
			if c.wantStd > 0 && math.Abs(std-c.wantStd) > 0.03*c.wantStd {
				t.Errorf("%s noise std: got %.4f, want %.4f (±3%%)", c.name, std, c.wantStd)
			}
			if got := sa / n; math.Abs(got-c.wantMeanAb) > 0.02*c.wantMeanAb {
				t.Errorf("%s E|noise|: got %.4f, want %.4f (±2%%)", c.name, got, c.wantMeanAb)
			}
			if got := float64(tail) / n; math.Abs(got-c.wantTail) > 0.1*c.wantTail+0.0005 {
				t.Errorf("%s P(|noise| > 3·Scale): got %.4f, want %.4f", c.name, got, c.wantTail)
			}
		})
	}
}

func TestRegressionTargetsAndOutliers(t *testing.T) {
	lin, err := Linear(RegressionOptions{N: 1000, Dim: 3, Bias: 0.5, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	w := []float64{2, -1, 0.5} // default w_j = 2·(−½)^j
	for i, x := range lin.X {
		want := 0.5 + w[0]*x[0] + w[1]*x[1] + w[2]*x[2]
		if math.Abs(lin.Y[i]-want) > 1e-12 || lin.Y[i] != lin.Clean[i] {
			t.Fatalf("Linear noise-free row %d: got y=%g clean=%g, want %g", i, lin.Y[i], lin.Clean[i], want)
		}
		for j, v := range x {
			if v < -3 || v >= 3 {
				t.Fatalf("Linear row %d feature %d = %g outside the default range [−3,3)", i, j, v)
			}
		}
	}
	sine, _ := Sine(RegressionOptions{N: 1000, XMin: 0, XMax: math.Pi, Seed: 2})
	for i, x := range sine.X {
		if math.Abs(sine.Y[i]-math.Sin(x[0])) > 1e-15 {
			t.Fatalf("Sine row %d: got %g, want sin(%g)=%g", i, sine.Y[i], x[0], math.Sin(x[0]))
		}
	}
	out, _ := Sine(RegressionOptions{N: 2000, Outliers: 0.05, OutlierScale: 4, Seed: 3})
	if len(out.Outliers) != 100 {
		t.Fatalf("Sine outlier fraction 0.05 of 2000: got %d outliers, want 100", len(out.Outliers))
	}
	isOut := make([]bool, out.Len())
	for _, i := range out.Outliers {
		isOut[i] = true
	}
	pos := 0
	for i := range out.Y {
		d := out.Y[i] - out.Clean[i]
		switch {
		case isOut[i] && (math.Abs(d) < 4 || math.Abs(d) > 8):
			t.Fatalf("outlier row %d has offset %g, want |offset| in [4, 8]", i, d)
		case !isOut[i] && d != 0:
			t.Fatalf("noise-free non-outlier row %d has offset %g, want 0", i, d)
		}
		if isOut[i] && d > 0 {
			pos++
		}
	}
	if pos < 30 || pos > 70 {
		t.Errorf("outlier signs: got %d positive of 100, want about 50", pos)
	}
	a, _ := Sine(RegressionOptions{N: 300, Scale: 0.1, Noise: LaplaceNoise, Outliers: 0.1, Seed: 4})
	b, _ := Sine(RegressionOptions{N: 300, Scale: 0.1, Noise: LaplaceNoise, Outliers: 0.1, Seed: 4})
	c, _ := Sine(RegressionOptions{N: 300, Scale: 0.1, Noise: LaplaceNoise, Outliers: 0.1, Seed: 5})
	if a.Fingerprint() != b.Fingerprint() || a.Fingerprint() == c.Fingerprint() {
		t.Errorf("Sine is not a deterministic function of its seed")
	}
}

func TestRegressionSplitAndTensors(t *testing.T) {
	r, _ := Linear(RegressionOptions{N: 101, Dim: 2, Outliers: 0.1, Seed: 8})
	tr, te, err := r.Split(0.25, 1)
	if err != nil {
		t.Fatal(err)
	}
	if tr.Len() != 76 || te.Len() != 25 {
		t.Errorf("Split(0.25) of 101: got %d/%d, want 76/25", tr.Len(), te.Len())
	}
	if len(tr.Outliers)+len(te.Outliers) != 10 {
		t.Errorf("outliers after split: got %d+%d, want 10 in total", len(tr.Outliers), len(te.Outliers))
	}
	for _, i := range te.Outliers {
		if te.Y[i] == te.Clean[i] {
			t.Errorf("test outlier index %d does not point at an outlier", i)
		}
	}
	x, y := r.Tensors()
	if got := x.Shape().Dimensions; len(got) != 2 || got[0] != 101 || got[1] != 2 {
		t.Errorf("Regression x dims: got %v, want [101 2]", got)
	}
	if got := y.Shape().Dimensions; len(got) != 2 || got[0] != 101 || got[1] != 1 {
		t.Errorf("Regression y dims: got %v, want [101 1]", got)
	}
}

func TestStandardizer(t *testing.T) {
	train := [][]float64{{1, 5, 7}, {3, 5, 9}, {5, 5, 11}}
	test := [][]float64{{7, 5, 7}}
	s, err := FitStandardizer(train)
	if err != nil {
		t.Fatal(err)
	}
	wantStd := math.Sqrt(8.0 / 3)
	if s.Mean[0] != 3 || s.Mean[2] != 9 || math.Abs(s.Std[0]-wantStd) > 1e-15 || s.Std[1] != 1 {
		t.Errorf("Fit: got Mean %v Std %v, want Mean [3 5 9] Std [%g 1 %g] (constant feature → 1)", s.Mean, s.Std, wantStd, wantStd)
	}
	z, _ := s.Transform(train)
	for j := 0; j < 3; j++ {
		var m, v float64
		for i := range z {
			m += z[i][j] / 3
		}
		for i := range z {
			v += (z[i][j] - m) * (z[i][j] - m) / 3
		}
		wantV := 1.0
		if j == 1 {
			wantV = 0
		}
		if math.Abs(m) > 1e-12 || math.Abs(v-wantV) > 1e-12 {
			t.Errorf("standardised train feature %d: got mean %g var %g, want 0 and %g", j, m, v, wantV)
		}
	}
	zt, _ := s.Transform(test)
	if math.Abs(zt[0][0]-4/wantStd) > 1e-12 {
		t.Errorf("test transformed with train statistics: got %g, want %g", zt[0][0], 4/wantStd)
	}
	back, _ := s.Inverse(zt)
	if math.Abs(back[0][0]-7) > 1e-12 || math.Abs(back[0][2]-7) > 1e-12 {
		t.Errorf("Inverse(Transform(x)): got %v, want %v", back, test)
	}
	if _, err := s.Transform([][]float64{{1, 2}}); err == nil {
		t.Errorf("Transform with 2 columns after fitting 3: got no error")
	}
}

// TestStudentTHeavyTail checks ν < 2 (the Gamma boost branch): for ν = 1 the
// Student-t is the Cauchy distribution, whose |T| has median 1 and
// P(|T| > 10) = 1 − (2/π)·atan(10) ≈ 0.0635.
func TestStudentTHeavyTail(t *testing.T) {
	r, err := Linear(RegressionOptions{N: 100000, Noise: StudentTNoise, DoF: 1, Scale: 2, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	below, tail := 0, 0
	for _, e := range residuals(r) {
		a := math.Abs(e) / 2
		if a < 1 {
			below++
		}
		if a > 10 {
			tail++
		}
	}
	if f := float64(below) / 100000; math.Abs(f-0.5) > 0.01 {
		t.Errorf("Cauchy P(|T| < 1): got %.4f, want 0.5", f)
	}
	want := 1 - 2/math.Pi*math.Atan(10)
	if f := float64(tail) / 100000; math.Abs(f-want) > 0.004 {
		t.Errorf("Cauchy P(|T| > 10): got %.4f, want %.4f", f, want)
	}
}

func TestBlobsOneDimension(t *testing.T) {
	d, err := Blobs(BlobsOptions{N: 3000, Classes: 3, Dim: 1, Std: 0.1, Separation: 2, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	centres := []float64{-2, 0, 2}
	for i, x := range d.X {
		if math.Abs(x[0]-centres[d.Y[i]]) > 0.6 {
			t.Fatalf("1-D blob row %d of class %d at %g, want within 0.6 of %g", i, d.Y[i], x[0], centres[d.Y[i]])
		}
	}
}
