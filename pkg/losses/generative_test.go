package losses

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/stretchr/testify/require"
)

// generativeGolden is testdata/golden/generative.json, written by gen_generative.py (PyTorch 1.13, float64).
type generativeGolden struct {
	Torch string `json:"torch"`
	Cases struct {
		GaussianKL struct {
			Mean, LogVar, PerExample, GradMean, GradLogVar []float64
			Dims                                           []int
		} `json:"gaussian_kl"`
		VAEBernoulli struct {
			X, Logits, Mean, LogVar, ReconPerExample, KLPerExample, GradLogitsSum []float64
			XDims, ZDims                                                          []int
			SyllabusSum                                                           float64
		} `json:"vae_bernoulli"`
		VAEGaussian struct {
			X, XHat, Mean, LogVar, ReconPerExample, GradXHat []float64
			XDims, ZDims                                     []int
			Sigma, Beta, TotalMean                           float64
		} `json:"vae_gaussian"`
		GAN struct {
			Real, Fake, DiscGradReal, DiscGradFake, GenMinimaxGrad, GenNonsaturatingGrad []float64
			DiscRealLabel09, Disc, GenMinimax, GenNonsaturating                          float64
			WassersteinCritic, WassersteinGenerator                                      float64
		} `json:"gan"`
		GradientPenalty struct {
			W, V, Real, Fake, Epsilon, GradW, GradReal, GradFake []float64
			Dims                                                 []int
			Penalty                                              float64
		} `json:"gradient_penalty"`
	} `json:"cases"`
}

// loadGenerativeGolden reads the golden file; its snake_case keys are mapped to the
// CamelCase fields of generativeGolden by camelKeys.
func loadGenerativeGolden(t *testing.T) *generativeGolden {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "golden", "generative.json"))
	if err != nil {
		t.Fatalf("reading golden file (regenerate with /usr/bin/python3 testdata/golden/gen_generative.py): %v", err)
	}
	// Translate snake_case keys to the Go field names.
	var generic map[string]any
	if err := json.Unmarshal(raw, &generic); err != nil {
		t.Fatalf("parsing golden file: %v", err)
	}
	fixed, _ := json.Marshal(camelKeys(generic))
	g := &generativeGolden{}
	if err := json.Unmarshal(fixed, g); err != nil {
		t.Fatalf("parsing golden file: %v", err)
	}
	if len(g.Cases.GaussianKL.PerExample) == 0 || len(g.Cases.GradientPenalty.GradW) == 0 || g.Cases.GAN.Disc == 0 {
		t.Fatalf("golden file is missing cases: %+v", g.Cases)
	}
	return g
}

// camelKeys turns "grad_log_var" into "GradLogVar" recursively, except the top-level case names.
func camelKeys(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, val := range x {
			if k == "cases" {
				cases := map[string]any{}
				for name, c := range val.(map[string]any) {
					cases[name] = camelKeys(c)
				}
				out[k] = cases
				continue
			}
			out[camel(k)] = camelKeys(val)
		}
		return out
	}
	return v
}

func camel(s string) string {
	out := make([]byte, 0, len(s))
	up := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '_' {
			up = true
			continue
		}
		if up && c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		up = false
		out = append(out, c)
	}
	return string(out)
}

// requireAllClose fails with a per-element message if got and want differ by more than tol (absolute + relative).
func requireAllClose(t *testing.T, what string, got, want []float64, tol float64) {
	t.Helper()
	require.Lenf(t, got, len(want), "%s: got %d values, want %d", what, len(got), len(want))
	for i := range want {
		if d := math.Abs(got[i] - want[i]); !(d <= tol*(1+math.Abs(want[i]))) {
			t.Errorf("%s[%d]: got %.12g, want %.12g (|diff| %.3g > tol %.1g)", what, i, got[i], want[i], d, tol)
		}
	}
}

// klRef is the float64 reference ½ Σ (μ² + exp(lv) − 1 − lv) over the last axis of length d.
func klRef(mu, lv []float64, d int) []float64 {
	out := make([]float64, len(mu)/d)
	for i := range out {
		for j := 0; j < d; j++ {
			m, l := mu[i*d+j], lv[i*d+j]
			out[i] += 0.5 * (m*m + math.Expm1(l) - l)
		}
	}
	return out
}

func TestGaussianKLMatchesPyTorch(t *testing.T) {
	gold := loadGenerativeGolden(t).Cases.GaussianKL
	for _, nb := range testBackends() {
		t.Run(nb.Name, func(t *testing.T) {
			outs := execFlat(t, nb.Backend, func(g *Graph) []*Node {
				mu := Const(g, gold.Mean)
				lv := Const(g, gold.LogVar)
				mu = Reshape(mu, gold.Dims...)
				lv = Reshape(lv, gold.Dims...)
				perEx := GaussianKL(mu, lv, Reduce(ReductionNone))
				mean := GaussianKL(mu, lv)
				grads := Gradient(mean, mu, lv)
				return []*Node{perEx, mean, grads[0], grads[1]}
			})
			requireAllClose(t, "GaussianKL per example vs torch kl_divergence(Normal, Normal).sum(-1)", outs[0], gold.PerExample, 1e-12)
			wantMean := (gold.PerExample[0] + gold.PerExample[1] + gold.PerExample[2]) / 3
			requireAllClose(t, "GaussianKL mean", outs[1], []float64{wantMean}, 1e-12)
			requireAllClose(t, "∂GaussianKL/∂mean", outs[2], gold.GradMean, 1e-12)
			requireAllClose(t, "∂GaussianKL/∂logVar", outs[3], gold.GradLogVar, 1e-12)
		})
	}
}

// TestGaussianKLMonteCarlo checks the closed form against a Monte-Carlo estimate
// E_q[log q(z) − log p(z)] with z = μ + σ·ε, within 4 standard errors.
func TestGaussianKLMonteCarlo(t *testing.T) {
	mu := []float64{0.5, -1.0, 0.0, 2.0}
	lv := []float64{0.0, -1.0, 1.5, 0.3}
	got := execScalar(t, testBackends()[0].Backend, func(g *Graph) *Node {
		return GaussianKL(Const(g, mu), Const(g, lv))
	})
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 200000
	var sum, sumSq float64
	for s := 0; s < n; s++ {
		var logQMinusLogP float64
		for j := range mu {
			sigma := math.Exp(0.5 * lv[j])
			eps := rng.NormFloat64()
			z := mu[j] + sigma*eps
			logQ := -0.5*eps*eps - math.Log(sigma) - 0.5*math.Log(2*math.Pi)
			logP := -0.5*z*z - 0.5*math.Log(2*math.Pi)
			logQMinusLogP += logQ - logP
		}
		sum += logQMinusLogP
		sumSq += logQMinusLogP * logQMinusLogP
	}
	mcMean := sum / n
	stdErr := math.Sqrt((sumSq/n - mcMean*mcMean) / n)
	if math.Abs(got-mcMean) > 4*stdErr {
		t.Errorf("GaussianKL closed form = %.6f, Monte-Carlo estimate over %d samples = %.6f ± %.6f (standard error): differ by more than 4 standard errors", got, n, mcMean, stdErr)
	}
	t.Logf("closed form %.6f, Monte-Carlo %.6f ± %.6f", got, mcMean, stdErr)
}

func TestGaussianKLValues(t *testing.T) {
	for _, nb := range testBackends() {
		t.Run(nb.Name, func(t *testing.T) {
			cases := []struct {
				name     string
				mu, lv   []float64
				opts     func(g *Graph) []Option
				want     float64
				dims     []int
				wantNote string
			}{
				{"prior itself has KL 0", []float64{0, 0, 0}, []float64{0, 0, 0}, nil, 0, []int{1, 3}, ""},
				{"mean over 2 examples", []float64{1, 0, 0, 0}, []float64{0, 0, 0, 0}, nil, 0.25, []int{2, 2}, "½·1² for the first, 0 for the second, mean ½·½"},
				{"sum", []float64{1, 0, 0, 2}, []float64{0, 0, 0, 0}, func(g *Graph) []Option { return []Option{Reduce(ReductionSum)} }, 2.5, []int{2, 2}, "½(1+4)"},
				{"mask second example", []float64{1, 0, 0, 2}, []float64{0, 0, 0, 0}, func(g *Graph) []Option { return []Option{Mask(Const(g, []bool{true, false}))} }, 0.5, []int{2, 2}, ""},
				{"σ²=e only", []float64{0}, []float64{1}, nil, 0.5 * (math.E - 2), []int{1, 1}, "½(e − 1 − 1)"},
				{"single example rank 1", []float64{3, 0}, []float64{0, 0}, nil, 4.5, []int{2}, ""},
			}
			for _, c := range cases {
				got := execScalar(t, nb.Backend, func(g *Graph) *Node {
					var opts []Option
					if c.opts != nil {
						opts = c.opts(g)
					}
					return GaussianKL(Reshape(Const(g, c.mu), c.dims...), Reshape(Const(g, c.lv), c.dims...), opts...)
				})
				require.InDeltaf(t, c.want, got, 1e-12, "GaussianKL %s: μ=%v logσ²=%v: got %g, want %g %s", c.name, c.mu, c.lv, got, c.want, c.wantNote)
			}
		})
	}
}

func TestGaussianKLGradientThreeWays(t *testing.T) {
	mu := []float64{0.5, -1.0, 0.0, 2.0, 0.1, 0.2}
	lv := []float64{0.0, -1.0, 1.5, 0.3, -2.0, 0.7}
	checkGradThreeWays(t, "GaussianKL", func(xs []*Node) *Node {
		return GaussianKL(xs[0], xs[1])
	}, input(mu, 2, 3), input(lv, 2, 3))
	checkGradThreeWays(t, "GaussianKL weighted sum", func(xs []*Node) *Node {
		return GaussianKL(xs[0], xs[1], Reduce(ReductionSum), Weights(xs[2]))
	}, input(mu, 3, 2), input(lv, 3, 2), constInput([]float64{1, 0.5, 2}, 3))
}

// TestGaussianKLExtremeLogVar: logσ² = ±30 must give finite, accurate values in
// float32 and float64, and logσ² ≈ 0 must keep its precision (expm1).
func TestGaussianKLExtremeLogVar(t *testing.T) {
	mu := []float64{0.1, -0.2, 0.3, 0}
	lv := []float64{30, -30, 1e-4, -1e-5}
	want := klRef(mu, lv, 1)
	for _, nb := range testBackends() {
		for _, dt := range []dtypes.DType{dtypes.Float32, dtypes.Float64} {
			outs := execFlat(t, nb.Backend, func(g *Graph) []*Node {
				m := ConvertDType(Const(g, mu), dt)
				l := ConvertDType(Const(g, lv), dt)
				m, l = Reshape(m, 4, 1), Reshape(l, 4, 1)
				kl := GaussianKL(m, l, Reduce(ReductionNone))
				grads := Gradient(ReduceAllSum(kl), m, l)
				return []*Node{kl, grads[0], grads[1]}
			})
			tol := 1e-12
			if dt == dtypes.Float32 {
				tol = 1e-6
			}
			requireAllClose(t, nb.Name+"/"+dt.String()+" GaussianKL at logσ² ∈ {30, −30, 1e−4, −1e−5}", outs[0], want, tol)
			wantGradLV := make([]float64, len(lv))
			for i, l := range lv {
				wantGradLV[i] = 0.5 * math.Expm1(l)
			}
			requireAllClose(t, nb.Name+"/"+dt.String()+" ∂KL/∂logσ²", outs[2], wantGradLV, tol)
		}
	}
}

func TestGaussianKLHalfPrecision(t *testing.T) {
	for _, dt := range []dtypes.DType{dtypes.Float16, dtypes.BFloat16} {
		got := execScalar(t, testBackends()[0].Backend, func(g *Graph) *Node {
			l := GaussianKL(ConvertDType(Const(g, [][]float32{{1, 0}}), dt), ConvertDType(Const(g, [][]float32{{0, 1}}), dt))
			if l.DType() != dt {
				t.Errorf("GaussianKL(%s) returned dtype %s, want %s", dt, l.DType(), dt)
			}
			return l
		})
		require.InDeltaf(t, 0.5+0.5*(math.E-2), got, 0.02, "GaussianKL in %s", dt)
	}
}

func TestGaussianKLBadInput(t *testing.T) {
	expectLossError(t, "mean/logVar shape mismatch", func(g *Graph) {
		GaussianKL(Const(g, [][]float32{{1, 2}}), Const(g, [][]float32{{1, 2, 3}}))
	}, "losses.GaussianKL", "logVar", "[1, 3]", "[1, 2]")
	expectLossError(t, "mean/logVar dtype mismatch", func(g *Graph) {
		GaussianKL(Const(g, []float32{1, 2}), Const(g, []float64{1, 2}))
	}, "losses.GaussianKL", "logVar", "Float64")
	expectLossError(t, "scalar", func(g *Graph) {
		GaussianKL(Const(g, float32(1)), Const(g, float32(1)))
	}, "losses.GaussianKL", "mean", "latent axis")
	expectLossError(t, "int dtype", func(g *Graph) {
		GaussianKL(Const(g, []int32{1}), Const(g, []int32{1}))
	}, "losses.GaussianKL", "mean", "Int32")
	expectLossError(t, "unsupported option", func(g *Graph) {
		GaussianKL(Const(g, []float32{1}), Const(g, []float32{1}), KLWeight(2))
	}, "losses.GaussianKL", "KLWeight")
}

func TestVAELossBernoulliMatchesSyllabusSnippet(t *testing.T) {
	gold := loadGenerativeGolden(t).Cases.VAEBernoulli
	for _, nb := range testBackends() {
		t.Run(nb.Name, func(t *testing.T) {
			outs := execFlat(t, nb.Backend, func(g *Graph) []*Node {
				x := Reshape(Const(g, gold.X), gold.XDims...)
				z := Reshape(Const(g, gold.Logits), gold.XDims...)
				mu := Reshape(Const(g, gold.Mean), gold.ZDims...)
				lv := Reshape(Const(g, gold.LogVar), gold.ZDims...)
				sum := VAELoss(x, z, mu, lv, Reduce(ReductionSum))
				none := VAELoss(x, z, mu, lv, Reduce(ReductionNone))
				return []*Node{sum.Total, none.Reconstruction, none.KL, Gradient(sum.Total, z)[0]}
			})
			requireAllClose(t, "VAELoss(Reduce(Sum)).Total vs the syllabus vae_loss (F.binary_cross_entropy on sigmoid(logits), reduction='sum')", outs[0], []float64{gold.SyllabusSum}, 1e-12)
			requireAllClose(t, "VAELoss reconstruction per example", outs[1], gold.ReconPerExample, 1e-12)
			requireAllClose(t, "VAELoss KL per example", outs[2], gold.KLPerExample, 1e-12)
			requireAllClose(t, "∂VAELoss/∂logits", outs[3], gold.GradLogitsSum, 1e-9)
		})
	}
}

func TestVAELossGaussianMatchesPyTorch(t *testing.T) {
	gold := loadGenerativeGolden(t).Cases.VAEGaussian
	for _, nb := range testBackends() {
		t.Run(nb.Name, func(t *testing.T) {
			outs := execFlat(t, nb.Backend, func(g *Graph) []*Node {
				x := Reshape(Const(g, gold.X), gold.XDims...)
				xh := Reshape(Const(g, gold.XHat), gold.XDims...)
				mu := Reshape(Const(g, gold.Mean), gold.ZDims...)
				lv := Reshape(Const(g, gold.LogVar), gold.ZDims...)
				opts := []Option{Reconstruction(Gaussian), DecoderSigma(gold.Sigma), KLWeight(gold.Beta)}
				mean := VAELoss(x, xh, mu, lv, opts...)
				none := VAELoss(x, xh, mu, lv, append(opts, Reduce(ReductionNone))...)
				// The same σ given as a log-variance tensor must agree.
				lvDec := MulScalar(OnesLike(x), 2*math.Log(gold.Sigma))
				viaNode := VAELoss(x, xh, mu, lv, Reconstruction(Gaussian), DecoderLogVariance(lvDec), KLWeight(gold.Beta))
				return []*Node{mean.Total, none.Reconstruction, Gradient(mean.Total, xh)[0], viaNode.Total}
			})
			requireAllClose(t, "VAELoss(Gaussian σ=0.5, β=4) total vs torch Normal.log_prob", outs[0], []float64{gold.TotalMean}, 1e-12)
			requireAllClose(t, "Gaussian reconstruction = −log N(x; x̂, σ²) − (D/2)·log 2π", outs[1], gold.ReconPerExample, 1e-12)
			requireAllClose(t, "∂VAELoss/∂x̂", outs[2], gold.GradXHat, 1e-12)
			requireAllClose(t, "DecoderLogVariance(2·log σ) vs DecoderSigma(σ)", outs[3], []float64{gold.TotalMean}, 1e-12)
		})
	}
}

// TestVAELossSyllabusSignError verifies that for a Gaussian decoder with σ = 1,
//
//	ELBO = −½‖x − x̂‖² + ½ Σ (1 + log σ² − μ² − σ²)
//
// (plus sign), while the syllabus writes a minus before the second term.
func TestVAELossSyllabusSignError(t *testing.T) {
	x := []float64{0.2, -0.4, 1.0}
	xh := []float64{0.1, -0.1, 0.7}
	mu := []float64{0.3, -0.2, 1.0}
	lv := []float64{-0.5, 0.2, 0.0}
	got := execScalar(t, testBackends()[0].Backend, func(g *Graph) *Node {
		return Neg(VAELoss(Const(g, x), Const(g, xh), Const(g, mu), Const(g, lv), Reconstruction(Gaussian)).Total)
	})
	var sq, s float64
	for i := range x {
		sq += (x[i] - xh[i]) * (x[i] - xh[i])
		s += 1 + lv[i] - mu[i]*mu[i] - math.Exp(lv[i])
	}
	corrected := -0.5*sq + 0.5*s
	syllabus := -0.5*sq - 0.5*s
	require.InDeltaf(t, corrected, got, 1e-12, "−VAELoss = ELBO: got %.9f, want −½‖x−x̂‖² + ½Σ(1+logσ²−μ²−σ²) = %.9f", got, corrected)
	if math.Abs(got-syllabus) < 1e-3 {
		t.Errorf("ELBO %.9f agrees with the syllabus formula %.9f, whose KL sign is wrong: the inputs do not distinguish them", got, syllabus)
	}
	// The KL is ≥ 0, so the ELBO is below the reconstruction log-likelihood, as a lower bound must be.
	if !(got < -0.5*sq) {
		t.Errorf("ELBO %.9f should be below the reconstruction term −½‖x−x̂‖² = %.9f since KL > 0", got, -0.5*sq)
	}
}

func TestVAELossValues(t *testing.T) {
	x := [][]float64{{1, 0}, {0, 1}}
	z := [][]float64{{2, -1}, {0.5, 3}}
	mu := [][]float64{{1, 0}, {0, 0}}
	lv := [][]float64{{0, 0}, {0, 0}}
	sp := func(v float64) float64 { return math.Log1p(math.Exp(v)) }
	recon := []float64{sp(2) - 2 + sp(-1), sp(0.5) + sp(3) - 3}
	kl := []float64{0.5, 0}
	for _, nb := range testBackends() {
		t.Run(nb.Name, func(t *testing.T) {
			cases := []struct {
				name string
				opts func(g *Graph) []Option
				want [3]float64 // total, recon, kl
			}{
				{"defaults (Bernoulli, β=1, mean)", nil, [3]float64{(recon[0] + kl[0] + recon[1] + kl[1]) / 2, (recon[0] + recon[1]) / 2, (kl[0] + kl[1]) / 2}},
				{"β=3 sum", func(g *Graph) []Option { return []Option{KLWeight(3), Reduce(ReductionSum)} }, [3]float64{recon[0] + recon[1] + 3*kl[0], recon[0] + recon[1], kl[0]}},
				{"β=0 is a plain auto-encoder", func(g *Graph) []Option { return []Option{KLWeight(0)} }, [3]float64{(recon[0] + recon[1]) / 2, (recon[0] + recon[1]) / 2, kl[0] / 2}},
				{"mask first example", func(g *Graph) []Option { return []Option{Mask(Const(g, []bool{false, true}))} }, [3]float64{recon[1], recon[1], 0}},
			}
			for _, c := range cases {
				outs := execFlat(t, nb.Backend, func(g *Graph) []*Node {
					var opts []Option
					if c.opts != nil {
						opts = c.opts(g)
					}
					e := VAELoss(Const(g, x), Const(g, z), Const(g, mu), Const(g, lv), opts...)
					return []*Node{e.Total, e.Reconstruction, e.KL}
				})
				for i, term := range []string{"Total", "Reconstruction", "KL"} {
					require.InDeltaf(t, c.want[i], outs[i][0], 1e-12, "VAELoss %s: %s got %g, want %g", c.name, term, outs[i][0], c.want[i])
				}
			}
		})
	}
}

func TestVAELossGradientThreeWays(t *testing.T) {
	x := []float64{1, 0, 0.5, 0.2, 0, 1}
	out := []float64{1.5, -0.7, 0.2, -2.0, 0.3, 2.5}
	mu := []float64{0.3, -0.2, 1.0, -0.5}
	lv := []float64{-0.5, 0.2, 0.1, 0.4}
	checkGradThreeWays(t, "VAELoss Bernoulli β=2", func(xs []*Node) *Node {
		return VAELoss(xs[0], xs[1], xs[2], xs[3], KLWeight(2)).Total
	}, constInput(x, 2, 3), input(out, 2, 3), input(mu, 2, 2), input(lv, 2, 2))
	checkGradThreeWays(t, "VAELoss Gaussian σ=0.7", func(xs []*Node) *Node {
		return VAELoss(xs[0], xs[1], xs[2], xs[3], Reconstruction(Gaussian), DecoderSigma(0.7)).Total
	}, constInput(x, 2, 3), input(out, 2, 3), input(mu, 2, 2), input(lv, 2, 2))
	checkGradThreeWays(t, "VAELoss Gaussian with DecoderLogVariance", func(xs []*Node) *Node {
		return VAELoss(xs[0], xs[1], xs[2], xs[3], Reconstruction(Gaussian), DecoderLogVariance(xs[4]), Reduce(ReductionSum)).Total
	}, constInput(x, 2, 3), input(out, 2, 3), input(mu, 2, 2), input(lv, 2, 2), input([]float64{0.1, -0.3, 0.5, 1.2, -1, 0}, 2, 3))
	checkGradThreeWays(t, "VAELoss Bernoulli images [2, 2, 3] (features summed over 2 axes)", func(xs []*Node) *Node {
		return VAELoss(xs[0], xs[1], xs[2], xs[3]).Total
	}, constInput(append(x, x...), 2, 2, 3), input(append(out, out...), 2, 2, 3), input(mu, 2, 2), input(lv, 2, 2))
}

// TestVAELossExtremeLogits: logits of ±1e4 (a saturated decoder) give finite values and gradients.
func TestVAELossExtremeLogits(t *testing.T) {
	for _, nb := range testBackends() {
		outs := execFlat(t, nb.Backend, func(g *Graph) []*Node {
			x := Const(g, [][]float32{{1, 0, 1, 0}})
			z := Const(g, [][]float32{{1e4, -1e4, -1e4, 1e4}})
			e := VAELoss(x, z, Const(g, [][]float32{{0, 30}}), Const(g, [][]float32{{30, -30}}))
			return []*Node{e.Reconstruction, Gradient(e.Total, z)[0]}
		})
		// Two correct (loss 0) and two wrong by 1e4 each.
		requireAllClose(t, nb.Name+" Bernoulli reconstruction at logits ±1e4", outs[0], []float64{2e4}, 1e-6)
		requireAllClose(t, nb.Name+" ∂/∂logits at ±1e4", outs[1], []float64{0, 0, -1, 1}, 1e-6)
	}
}

func TestVAELossBadInput(t *testing.T) {
	f32 := func(g *Graph, dims ...int) *Node {
		return Zeros(g, shapeF32(dims...))
	}
	expectLossError(t, "x/decoderOut shape mismatch", func(g *Graph) {
		VAELoss(f32(g, 2, 5), f32(g, 2, 4), f32(g, 2, 3), f32(g, 2, 3))
	}, "losses.VAELoss", "decoderOut", "[2, 4]", "[2, 5]")
	expectLossError(t, "mean/logVar shape mismatch", func(g *Graph) {
		VAELoss(f32(g, 2, 5), f32(g, 2, 5), f32(g, 2, 3), f32(g, 2, 2))
	}, "losses.VAELoss", "logVar", "[2, 2]", "[2, 3]")
	expectLossError(t, "batch mismatch", func(g *Graph) {
		VAELoss(f32(g, 4, 5), f32(g, 4, 5), f32(g, 2, 3), f32(g, 2, 3))
	}, "losses.VAELoss", "argument x", "[4, 5]", "[2, 3]")
	expectLossError(t, "negative β", func(g *Graph) {
		VAELoss(f32(g, 2, 5), f32(g, 2, 5), f32(g, 2, 3), f32(g, 2, 3), KLWeight(-1))
	}, "losses.VAELoss", "KLWeight", "-1")
	expectLossError(t, "σ ≤ 0", func(g *Graph) {
		VAELoss(f32(g, 2, 5), f32(g, 2, 5), f32(g, 2, 3), f32(g, 2, 3), Reconstruction(Gaussian), DecoderSigma(0))
	}, "losses.VAELoss", "DecoderSigma", "> 0")
	expectLossError(t, "σ with Bernoulli", func(g *Graph) {
		VAELoss(f32(g, 2, 5), f32(g, 2, 5), f32(g, 2, 3), f32(g, 2, 3), DecoderSigma(1))
	}, "losses.VAELoss", "Reconstruction(Gaussian)")
	expectLossError(t, "decoder log-variance shape", func(g *Graph) {
		VAELoss(f32(g, 2, 5), f32(g, 2, 5), f32(g, 2, 3), f32(g, 2, 3), Reconstruction(Gaussian), DecoderLogVariance(f32(g, 5)))
	}, "losses.VAELoss", "DecoderLogVariance", "[5]")
	expectLossError(t, "unknown likelihood", func(g *Graph) {
		VAELoss(f32(g, 2, 5), f32(g, 2, 5), f32(g, 2, 3), f32(g, 2, 3), Reconstruction(Likelihood(7)))
	}, "losses.VAELoss", "Likelihood(7)")
	expectLossError(t, "unsupported option", func(g *Graph) {
		VAELoss(f32(g, 2, 5), f32(g, 2, 5), f32(g, 2, 3), f32(g, 2, 3), RealLabel(0.9))
	}, "losses.VAELoss", "RealLabel")
}

func shapeF32(dims ...int) shapes.Shape { return shapes.Make(dtypes.Float32, dims...) }
