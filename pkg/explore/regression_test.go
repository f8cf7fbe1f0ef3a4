package explore

import (
	"math"
	"strings"
	"testing"

	"github.com/losscourse/losscourse/pkg/backend"
)

// regressionRef is the closed form of loss k of RegressionLosses and its derivative at residual r.
func regressionRef(k int, r float64, p RegressionParams) (loss, grad float64) {
	a, s := math.Abs(r), 0.0
	if r > 0 {
		s = 1
	} else if r < 0 {
		s = -1
	}
	switch k {
	case 0:
		return r * r, 2 * r
	case 1:
		return a, s
	case 2:
		if a <= p.Delta {
			return 0.5 * r * r, r
		}
		return p.Delta * (a - 0.5*p.Delta), p.Delta * s
	case 3:
		if a < p.Beta {
			return 0.5 * r * r / p.Beta, r / p.Beta
		}
		return a - 0.5*p.Beta, s
	default:
		return math.Log(math.Cosh(r)), math.Tanh(r)
	}
}

func TestComputeRegressionMatchesClosedForms(t *testing.T) {
	rs := []float64{-4, -2.5, -1, -0.3, 0, 0.3, 0.7, 1.5, 4}
	for _, nb := range backend.ForTests() {
		for _, p := range []RegressionParams{{Delta: 1, Beta: 1}, {Delta: 0.5, Beta: 2}, {Delta: 3, Beta: 0.1}} {
			c, err := ComputeRegression(nb.Backend, p, rs)
			if err != nil {
				t.Fatalf("%s %+v: %v", nb.Name, p, err)
			}
			if len(c.Curves) != len(RegressionLosses) {
				t.Fatalf("%d curves, want %d", len(c.Curves), len(RegressionLosses))
			}
			for k, cv := range c.Curves {
				if cv.Name != RegressionLosses[k] {
					t.Errorf("curve %d is %q, want %q", k, cv.Name, RegressionLosses[k])
				}
				for i, r := range rs {
					wl, wg := regressionRef(k, r, p)
					if !closeTo(cv.Loss[i], wl, 1e-12) || !closeTo(cv.Grad[i], wg, 1e-12) {
						t.Errorf("%s %s (δ=%g β=%g) at r=%g: ℓ=%.15g ∂ℓ/∂ŷ=%.15g, want %.15g, %.15g",
							nb.Name, cv.Name, p.Delta, p.Beta, r, cv.Loss[i], cv.Grad[i], wl, wg)
					}
				}
			}
		}
	}
}

func TestHuberIsDeltaTimesSmoothL1(t *testing.T) {
	rs := Linspace(-4, 4, 0.25)
	for _, d := range []float64{0.3, 1, 2.5} {
		c, err := ComputeRegression(nil, RegressionParams{Delta: d, Beta: d}, rs)
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range rs {
			if h, s := c.Curves[2].Loss[i], c.Curves[3].Loss[i]; !closeTo(h, d*s, 1e-12) {
				t.Errorf("δ = β = %g, r = %g: Huber %.15g ≠ δ·SmoothL1 %.15g", d, r, h, d*s)
			}
		}
	}
}

// objective is the mean loss k of the line (a, b) on the data.
func objective(k int, a, b float64, f *OutlierFit, p RegressionParams) float64 {
	s := 0.0
	for i := range f.X {
		l, _ := regressionRef(k, a+b*f.X[i]-f.Y[i], p)
		s += l
	}
	return s / float64(len(f.X))
}

func TestFitOutliersMinimisesEachLoss(t *testing.T) {
	for _, p := range []RegressionParams{{Delta: 1, Beta: 1, Outlier: 0}, {Delta: 1, Beta: 2, Outlier: 15}, {Delta: 0.3, Beta: 0.5, Outlier: -20}} {
		f, err := FitOutliers(nil, p)
		if err != nil {
			t.Fatal(err)
		}
		if len(f.X) != fitN || len(f.Outliers) != fitOutliers || f.Outliers[1] != fitN-1 || f.Steps != fitSteps {
			t.Fatalf("fit data: %d points, outliers %v, %d steps", len(f.X), f.Outliers, f.Steps)
		}
		for k, l := range f.Fits {
			j := objective(k, l.Intercept, l.Slope, f, p)
			// A (convex) minimum: no nearby line is better by more than a hair.
			for _, d := range [][2]float64{{1, 0}, {-1, 0}, {0, 1}, {0, -1}, {1, 1}, {-1, -1}, {1, -1}, {-1, 1}} {
				jd := objective(k, l.Intercept+0.01*d[0], l.Slope+0.01*d[1], f, p)
				if jd < j-1e-6*math.Max(1, j) {
					t.Errorf("outlier %+g, %s: fitted (a, b) = (%.4f, %.4f) has mean loss %.8g, but moving by 0.01·%v gives %.8g: not a minimum",
						p.Outlier, l.Name, l.Intercept, l.Slope, j, d, jd)
				}
			}
		}
		// MSE against ordinary least squares.
		var mx, my, sxy, sxx float64
		for i := range f.X {
			mx, my = mx+f.X[i]/fitN, my+f.Y[i]/fitN
		}
		for i := range f.X {
			sxy, sxx = sxy+(f.X[i]-mx)*(f.Y[i]-my), sxx+(f.X[i]-mx)*(f.X[i]-mx)
		}
		ols := Line{Slope: sxy / sxx, Intercept: my - sxy/sxx*mx}
		if got := f.Fits[0]; math.Abs(got.Slope-ols.Slope) > 1e-3 || math.Abs(got.Intercept-ols.Intercept) > 1e-3 {
			t.Errorf("outlier %+g: MSE fit (%.5f, %.5f), least squares (%.5f, %.5f)", p.Outlier, got.Intercept, got.Slope, ols.Intercept, ols.Slope)
		}
		// MAE against the best line through two data points (an L1 regression line passes through two of them).
		best := math.Inf(1)
		for i := range f.X {
			for j := i + 1; j < len(f.X); j++ {
				b := (f.Y[j] - f.Y[i]) / (f.X[j] - f.X[i])
				best = math.Min(best, objective(1, f.Y[i]-b*f.X[i], b, f, p))
			}
		}
		if got := objective(1, f.Fits[1].Intercept, f.Fits[1].Slope, f, p); got > best*(1+1e-3) {
			t.Errorf("outlier %+g: MAE fit has mean |r| %.6f, the best line %.6f", p.Outlier, got, best)
		}
	}
}

func TestFitOutliersRobustness(t *testing.T) {
	clean, err := FitOutliers(nil, RegressionParams{Delta: 1, Beta: 1})
	if err != nil {
		t.Fatal(err)
	}
	moved, err := FitOutliers(nil, RegressionParams{Delta: 1, Beta: 1, Outlier: 15})
	if err != nil {
		t.Fatal(err)
	}
	for k, name := range RegressionLosses {
		d := moved.Fits[k].Slope - clean.Fits[k].Slope
		t.Logf("%-9s slope %.3f → %.3f with the outliers moved by +15", name, clean.Fits[k].Slope, moved.Fits[k].Slope)
		if k == 0 && d < 1 {
			t.Errorf("MSE slope moved by %.3f with two points moved by +15, want > 1 (squared error: one far point pulls the line)", d)
		}
		if k > 0 && math.Abs(d) > 0.3 {
			t.Errorf("%s slope moved by %.3f with two points moved by +15, want < 0.3 (bounded gradient)", name, d)
		}
	}
}

func TestRegressionErrors(t *testing.T) {
	for _, p := range []RegressionParams{{Delta: 0, Beta: 1}, {Delta: 1, Beta: -1}, {Delta: math.Inf(1), Beta: 1}, {Delta: 1, Beta: 1, Outlier: math.NaN()}} {
		if _, err := ComputeRegression(nil, p, []float64{0}); err == nil || !strings.Contains(err.Error(), "ComputeRegression") {
			t.Errorf("ComputeRegression(%+v) error = %v", p, err)
		}
		if _, err := FitOutliers(nil, p); err == nil || !strings.Contains(err.Error(), "FitOutliers") {
			t.Errorf("FitOutliers(%+v) error = %v", p, err)
		}
	}
	if _, err := ComputeRegression(nil, RegressionParams{Delta: 1, Beta: 1}, nil); err == nil {
		t.Errorf("ComputeRegression with no residuals gave no error")
	}
}
