package explore

import (
	"math"
	"strings"
	"testing"

	"github.com/losscourse/losscourse/pkg/backend"
)

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// softplus is log(1 + e^z), stable.
func softplus(z float64) float64 { return math.Max(z, 0) + math.Log1p(math.Exp(-math.Abs(z))) }

// Closed forms the curves must match (y = 1 and y = 0).
func bceRef(z, y float64) (loss, grad float64) {
	return y*softplus(-z) + (1-y)*softplus(z), sigmoid(z) - y
}

func focalRef(z, y, gamma, alpha float64) float64 {
	p := sigmoid(z)
	pt := p*y + (1-p)*(1-y)
	at := alpha*y + (1-alpha)*(1-y)
	ce, _ := bceRef(z, y)
	return at * math.Pow(1-pt, gamma) * ce
}

// smoothedRef is two-class CE with targets 1−ε/2 (true class) and ε/2.
func smoothedRef(z, y, eps float64) (loss, grad float64) {
	t := (1-eps/2)*y + eps/2*(1-y) // target probability of the class with logit z
	return t*softplus(-z) + (1-t)*softplus(z), sigmoid(z) - t
}

func closeTo(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

func TestComputeClassificationMatchesClosedForms(t *testing.T) {
	zs := []float64{-8, -3, -1, -0.25, 0, 0.5, 2, 3, 8}
	params := []ClassificationParams{
		{Gamma: 2, Alpha: 0.25, Epsilon: 0.1},
		{Gamma: 0, Alpha: 0.5, Epsilon: 0},
		{Gamma: 0.5, Alpha: 1, Epsilon: 0.4},
		{Gamma: 5, Alpha: 0, Epsilon: 0.02},
	}
	for _, nb := range backend.ForTests() {
		for _, p := range params {
			c, err := ComputeClassification(nb.Backend, p, zs)
			if err != nil {
				t.Fatalf("%s %+v: %v", nb.Name, p, err)
			}
			for i, z := range zs {
				for _, y := range []float64{1, 0} {
					pick := func(bc BinaryCurves) (float64, float64) {
						if y == 1 {
							return bc.PosLoss[i], bc.PosGrad[i]
						}
						return bc.NegLoss[i], bc.NegGrad[i]
					}
					l, g := pick(c.BCE)
					wl, wg := bceRef(z, y)
					if !closeTo(l, wl, 1e-12) || !closeTo(g, wg, 1e-12) {
						t.Errorf("%s BCE(z=%g, y=%g) = %.15g, ∂/∂z %.15g; want %.15g, %.15g", nb.Name, z, y, l, g, wl, wg)
					}
					l, g = pick(c.Focal)
					wl = focalRef(z, y, p.Gamma, p.Alpha)
					h := 1e-5
					wg = (focalRef(z+h, y, p.Gamma, p.Alpha) - focalRef(z-h, y, p.Gamma, p.Alpha)) / (2 * h)
					if !closeTo(l, wl, 1e-10) || !closeTo(g, wg, 1e-6) {
						t.Errorf("%s focal γ=%g α=%g (z=%g, y=%g) = %.12g, ∂/∂z %.12g; want α_t(1−p_t)^γ·CE = %.12g, finite differences %.12g",
							nb.Name, p.Gamma, p.Alpha, z, y, l, g, wl, wg)
					}
					l, g = pick(c.Smoothed)
					wl, wg = smoothedRef(z, y, p.Epsilon)
					if !closeTo(l, wl, 1e-12) || !closeTo(g, wg, 1e-12) {
						t.Errorf("%s smoothed CE ε=%g (z=%g, y=%g) = %.15g, ∂/∂z %.15g; want %.15g, σ(z) − target = %.15g",
							nb.Name, p.Epsilon, z, y, l, g, wl, wg)
					}
				}
			}
		}
	}
}

func TestFocalFlattensEasyExamples(t *testing.T) {
	// The focal gradient of an easy positive (z = 3), relative to BCE's with the
	// same α_t, is (1−p_t)^γ·(…) and falls as γ grows.
	prev := math.Inf(1)
	for _, gamma := range []float64{0, 0.5, 1, 2, 5} {
		c, err := ComputeClassification(nil, ClassificationParams{Gamma: gamma, Alpha: 0.5}, []float64{3})
		if err != nil {
			t.Fatal(err)
		}
		ratio := math.Abs(c.Focal.PosGrad[0]) / (0.5 * math.Abs(c.BCE.PosGrad[0]))
		if gamma == 0 && !closeTo(ratio, 1, 1e-12) {
			t.Errorf("γ = 0: focal/BCE gradient ratio = %g, want 1 (focal loss with γ = 0 is α_t·BCE)", ratio)
		}
		if ratio >= prev {
			t.Errorf("γ = %g: focal/BCE gradient ratio at z = 3 is %g, not below %g at the previous γ", gamma, ratio, prev)
		}
		prev = ratio
	}
}

func TestSmoothedOptimum(t *testing.T) {
	if !math.IsInf(SmoothedOptimum(0), 1) {
		t.Errorf("SmoothedOptimum(0) = %g, want +Inf", SmoothedOptimum(0))
	}
	for _, eps := range []float64{0.02, 0.1, 0.3} {
		z := SmoothedOptimum(eps)
		c, err := ComputeClassification(nil, ClassificationParams{Epsilon: eps}, []float64{z - 0.01, z, z + 0.01})
		if err != nil {
			t.Fatal(err)
		}
		g := c.Smoothed.PosGrad
		if math.Abs(g[1]) > 1e-12 || !(g[0] < 0 && g[2] > 0) {
			t.Errorf("ε = %g: ∂ℓ/∂z around z* = %.4f is %v, want 0 at z* and a sign change from − to +", eps, z, g)
		}
	}
}

func TestComputeClassificationErrors(t *testing.T) {
	for _, tc := range []struct {
		p  ClassificationParams
		zs []float64
	}{
		{ClassificationParams{Gamma: -1}, []float64{0}},
		{ClassificationParams{Alpha: 1.5}, []float64{0}},
		{ClassificationParams{Epsilon: 1}, []float64{0}},
		{ClassificationParams{Gamma: math.NaN()}, []float64{0}},
		{ClassificationParams{}, nil},
	} {
		if _, err := ComputeClassification(nil, tc.p, tc.zs); err == nil || !strings.Contains(err.Error(), "ComputeClassification") {
			t.Errorf("ComputeClassification(%+v, %v) error = %v, want an error naming the function", tc.p, tc.zs, err)
		}
	}
}
