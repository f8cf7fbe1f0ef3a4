package explore

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"sync"

	"github.com/gomlx/compute"
	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // the graph DSL reads best unqualified
	"github.com/gomlx/gomlx/core/tensors"

	"github.com/losscourse/losscourse/pkg/losses"
)

// The β-VAE explorer's tiny setting: 2-D Gaussian data whose variances along
// its principal axes are about 4 and 1 (axes rotated by 30°), a linear
// encoder μ(x) = Vx + c with a learned per-dimension log-variance, a linear
// decoder x̂ = Wz + d with σ = 1, and two latent dimensions.
const (
	vaeN, vaeSamples = 128, 4 // data points; reparameterisation samples per point (fixed ε)
	vaeSteps         = 400
	vaeLR            = 0.1
	vaeSeed          = 5
	vaeAngle         = math.Pi / 6
)

var vaeVariances = [2]float64{4, 1}

// VAEFit is a linear β-VAE trained on the explorer's 2-D data at one β.
type VAEFit struct {
	Beta     float64
	X        [][2]float64 // the data
	Recon    [][2]float64 // x̂ = W·μ(x) + d: each point decoded from its posterior mean
	Lambda   [2]float64   // the data's variances along its principal axes (eigenvalues of the sample covariance, exactly 4 and 1)
	KL       [2]float64   // KL(q(z_j|x) ‖ N(0,1)) averaged over the data, per latent dimension, largest first (from losses.GaussianKL)
	Recon2   float64      // ½·mean ‖x − x̂‖² over the data (posterior means)
	NegELBO  float64      // the trained objective: mean Reconstruction + β·KL of losses.VAELoss
	Steps    int
	Theory   [2]float64 // ½·log⁺(λ_j/β), the optimal KL per dimension of a linear β-VAE with σ = 1
	Collapse [2]bool    // dimension j carries (almost) no information: KL_j < 0.02 nats
}

// vaeData returns the explorer's data and the eigenvalues of its sample
// covariance. The Gaussian draws are whitened (sample mean 0, sample covariance
// I, with 1/N) before they are scaled and rotated, so the variances along the
// principal axes are exactly vaeVariances.
func vaeData() ([][2]float64, [2]float64) {
	r := rand.New(rand.NewPCG(vaeSeed, 2))
	u := make([][2]float64, vaeN)
	var m [2]float64
	for i := range u {
		u[i] = [2]float64{r.NormFloat64(), r.NormFloat64()}
		m[0] += u[i][0] / vaeN
		m[1] += u[i][1] / vaeN
	}
	var sxx, sxy, syy float64
	for i := range u {
		u[i][0] -= m[0]
		u[i][1] -= m[1]
		sxx, sxy, syy = sxx+u[i][0]*u[i][0]/vaeN, sxy+u[i][0]*u[i][1]/vaeN, syy+u[i][1]*u[i][1]/vaeN
	}
	// Cholesky factor L of the sample covariance; whitened = L⁻¹·u.
	l11 := math.Sqrt(sxx)
	l21 := sxy / l11
	l22 := math.Sqrt(syy - l21*l21)
	c, s := math.Cos(vaeAngle), math.Sin(vaeAngle)
	x := make([][2]float64, vaeN)
	for i := range u {
		w1 := u[i][0] / l11
		w2 := (u[i][1] - l21*w1) / l22
		a, b := w1*math.Sqrt(vaeVariances[0]), w2*math.Sqrt(vaeVariances[1])
		x[i] = [2]float64{c*a - s*b + 1, s*a + c*b - 0.5}
	}
	return x, vaeVariances
}

// TrainBetaVAE trains the explorer's linear VAE with the β-VAE loss
// losses.VAELoss(x, x̂, μ, log σ², Reconstruction(Gaussian), DecoderSigma(1),
// KLWeight(β)) — full batch, 4 fixed reparameterisation samples per point,
// Adam for 1000 steps (learning rate 0.05 decaying linearly to 0) from a fixed
// start — on backend b (Backend() when nil), and reports the KL per latent
// dimension next to the linear-VAE optimum ½·log⁺(λ_j/β).
//
// For a linear VAE with decoder variance σ² = 1, β·KL with β > 0 is the same
// problem as a VAE with decoder variance β, whose optimum is probabilistic PCA
// with noise β: latent dimension j keeps ½·log(λ_j/β) nats about x while the
// data variance λ_j along its principal axis exceeds β, and collapses to the
// prior (KL 0) once β ≥ λ_j.
func TrainBetaVAE(b compute.Backend, beta float64) (*VAEFit, error) {
	if !(beta > 0) || math.IsInf(beta, 0) {
		return nil, fmt.Errorf("explore.TrainBetaVAE: β must be finite and > 0, got %g", beta)
	}
	b, err := orDefault(b)
	if err != nil {
		return nil, fmt.Errorf("explore.TrainBetaVAE: %w", err)
	}
	x, lambda := vaeData()
	rows := vaeN * vaeSamples
	xs, eps := make([]float64, 2*rows), make([]float64, 2*rows)
	r := rand.New(rand.NewPCG(vaeSeed, 3))
	for i := range rows {
		xs[2*i], xs[2*i+1] = x[i/vaeSamples][0], x[i/vaeSamples][1]
		eps[2*i], eps[2*i+1] = r.NormFloat64(), r.NormFloat64()
	}
	// θ = V (4), c (2), log σ² (2), W (4), d (2).
	unpack := func(theta *Node) (v, c, lv, w, d *Node) {
		at := func(from, n int, dims ...int) *Node {
			return Reshape(Slice(theta, AxisRange(from, from+n)), dims...)
		}
		return at(0, 4, 2, 2), at(4, 2, 2), at(6, 2, 2), at(8, 4, 2, 2), at(12, 2, 2)
	}
	opts := []losses.Option{losses.Reconstruction(losses.Gaussian), losses.DecoderSigma(1), losses.KLWeight(beta)}
	step, err := NewExec(b, func(theta, xn, en *Node) []*Node {
		v, c, lv, w, d := unpack(theta)
		mu := Add(MatMul(xn, Transpose(v, 0, 1)), ExpandAxes(c, 0))  // [rows, 2]
		logVar := BroadcastToShape(ExpandAxes(lv, 0), mu.Shape())    // [rows, 2]
		z := Add(mu, Mul(Exp(MulScalar(logVar, 0.5)), en))           // reparameterisation
		xHat := Add(MatMul(z, Transpose(w, 0, 1)), ExpandAxes(d, 0)) // [rows, 2]
		terms := losses.VAELoss(xn, xHat, mu, logVar, opts...)       // mean over rows
		return []*Node{terms.Total, Gradient(terms.Total, theta)[0]}
	})
	if err != nil {
		return nil, fmt.Errorf("explore.TrainBetaVAE: %w", err)
	}
	defer step.Finalize()
	theta := []float64{0.3, 0.1, -0.1, 0.2, 0, 0, 0, 0, 0.3, -0.1, 0.1, 0.2, 0, 0}
	m, vv := make([]float64, len(theta)), make([]float64, len(theta))
	xt, et := tensors.FromFlatDataAndDimensions(xs, rows, 2), tensors.FromFlatDataAndDimensions(eps, rows, 2)
	fit := &VAEFit{Beta: beta, X: x, Lambda: lambda, Steps: vaeSteps}
	for s := 1; s <= vaeSteps; s++ {
		out, err := step.Call(tensors.FromValue(theta), xt, et)
		if err != nil {
			return nil, fmt.Errorf("explore.TrainBetaVAE: %w", err)
		}
		fit.NegELBO = tensors.ToScalar[float64](out[0])
		g := tensors.MustCopyFlatData[float64](out[1])
		out[0].FinalizeAll()
		out[1].FinalizeAll()
		lr := vaeLR * (1 - float64(s-1)/vaeSteps)
		for i := range theta {
			m[i] = adamB1*m[i] + (1-adamB1)*g[i]
			vv[i] = adamB2*vv[i] + (1-adamB2)*g[i]*g[i]
			theta[i] -= lr * (m[i] / (1 - math.Pow(adamB1, float64(s)))) / (math.Sqrt(vv[i]/(1-math.Pow(adamB2, float64(s)))) + adEp)
		}
	}
	if err := finite(append(append([]float64{}, theta...), fit.NegELBO)); err != nil {
		return nil, fmt.Errorf("explore.TrainBetaVAE (β = %g): %w", beta, err)
	}
	// Evaluate on the data (posterior means): KL per dimension with losses.GaussianKL.
	xd := make([]float64, 2*vaeN)
	for i, p := range x {
		xd[2*i], xd[2*i+1] = p[0], p[1]
	}
	outs, err := CallOnceN(b, func(theta, xn *Node) []*Node {
		v, c, lv, w, d := unpack(theta)
		mu := Add(MatMul(xn, Transpose(v, 0, 1)), ExpandAxes(c, 0))
		logVar := BroadcastToShape(ExpandAxes(lv, 0), mu.Shape())
		kl := func(j int) *Node {
			return losses.GaussianKL(Slice(mu, AxisRange(), AxisRange(j, j+1)), Slice(logVar, AxisRange(), AxisRange(j, j+1)))
		}
		return []*Node{kl(0), kl(1), Add(MatMul(mu, Transpose(w, 0, 1)), ExpandAxes(d, 0))}
	}, theta, tensors.FromFlatDataAndDimensions(xd, vaeN, 2))
	if err != nil {
		return nil, fmt.Errorf("explore.TrainBetaVAE: %w", err)
	}
	kl := []float64{tensors.ToScalar[float64](outs[0]), tensors.ToScalar[float64](outs[1])}
	sort.Sort(sort.Reverse(sort.Float64Slice(kl)))
	rec := tensors.MustCopyFlatData[float64](outs[2])
	for i := range x {
		fit.Recon = append(fit.Recon, [2]float64{rec[2*i], rec[2*i+1]})
		dx, dy := x[i][0]-rec[2*i], x[i][1]-rec[2*i+1]
		fit.Recon2 += 0.5 * (dx*dx + dy*dy) / vaeN
	}
	for j := range 2 {
		fit.KL[j] = kl[j]
		fit.Theory[j] = 0.5 * math.Max(0, math.Log(lambda[j]/beta))
		fit.Collapse[j] = kl[j] < 0.02
	}
	return fit, nil
}

// BetaVAE returns the generative explorer: a linear β-VAE on 2-D Gaussian
// data, trained with losses.VAELoss as β moves (about a second per move), with
// the data and their reconstructions and the KL per latent dimension against
// the linear-VAE optimum.
//
// What to look for: as β grows the reconstructions shrink onto the data's main
// axis, then onto its mean; each latent dimension's KL follows ½·log(λ_j/β) and
// drops to 0 — posterior collapse — when β passes the data variance λ_j along
// its axis (about 1 and 4 here). β < 1 buys a sharper reconstruction with more
// KL.
func BetaVAE() *Explorer {
	betas := Geomspace(0.1, 10, 21)
	var (
		mu      sync.Mutex
		visited = map[float64]*VAEFit{}
	)
	return &Explorer{
		Name:  "betavae",
		Title: "β-VAE: the KL weight β against the information in each latent dimension",
		Params: []Param{
			{Key: "beta", Label: "KL weight β", Values: betas, Start: 0.5, Format: "%.3g",
				Help: "loss = reconstruction + β·KL; β = 1 is the ELBO"},
		},
		Draw: func(v Values) (Frame, error) {
			f, err := TrainBetaVAE(nil, v["beta"])
			if err != nil {
				return Frame{}, err
			}
			mu.Lock()
			visited[f.Beta] = f
			var seen []*VAEFit
			for _, g := range visited {
				seen = append(seen, g)
			}
			mu.Unlock()
			sort.Slice(seen, func(i, j int) bool { return seen[i].Beta < seen[j].Beta })
			return drawBetaVAE(f, seen, betas)
		},
	}
}

func drawBetaVAE(f *VAEFit, seen []*VAEFit, betas []float64) (Frame, error) {
	dataPanel := newPanel(fmt.Sprintf("data and reconstructions, β = %.3g", f.Beta), "x₁", "x₂")
	var dx, dy, rx, ry []float64
	for i := range f.X {
		dx, dy = append(dx, f.X[i][0]), append(dy, f.X[i][1])
		rx, ry = append(rx, f.Recon[i][0]), append(ry, f.Recon[i][1])
	}
	dataPanel.points("data x", dx, dy, colGrey, 1.6)
	dataPanel.points("reconstruction x̂ = W·μ(x) + d", rx, ry, colVermillion, 1.6)
	dataPanel.yRange(-6, 5.5)
	dataPanel.p.X.Min, dataPanel.p.X.Max = -6, 8

	klPanel := newPanel("KL per latent dimension", "β (log scale)", "KL (nats)")
	klPanel.logX()
	var lb, t0, t1 []float64
	for _, x := range Geomspace(betas[0], betas[len(betas)-1], 81) {
		lb = append(lb, x)
		t0 = append(t0, 0.5*math.Max(0, math.Log(f.Lambda[0]/x)))
		t1 = append(t1, 0.5*math.Max(0, math.Log(f.Lambda[1]/x)))
	}
	klPanel.line("optimum ½·log⁺(λ₁/β)", lb, t0, colBlue, true)
	klPanel.line("optimum ½·log⁺(λ₂/β)", lb, t1, colGreen, true)
	var sb, s0, s1 []float64
	for _, g := range seen {
		sb, s0, s1 = append(sb, g.Beta), append(s0, g.KL[0]), append(s1, g.KL[1])
	}
	klPanel.points("trained, dimension 1", sb, s0, colBlue, 3)
	klPanel.points("trained, dimension 2", sb, s1, colGreen, 3)
	klPanel.vline(f.Beta, colBlack)
	klPanel.p.Legend.Left = false
	klPanel.yRange(-0.05, 1.95)

	svg, err := renderRow([]*panel{dataPanel, klPanel}, 26, 10)
	if err != nil {
		return Frame{}, err
	}
	state := func(j int) string {
		if f.Collapse[j] {
			return "collapsed"
		}
		return "active"
	}
	summary := []string{
		fmt.Sprintf("β = %.3g: KL per dimension %.3f (%s) and %.3f (%s) nats; linear-VAE optimum ½·log⁺(λ/β) = %.3f and %.3f",
			f.Beta, f.KL[0], state(0), f.KL[1], state(1), f.Theory[0], f.Theory[1]),
		fmt.Sprintf("data variance along its axes λ = %.3f and %.3f: dimension 2 collapses for β ≥ %.3f, dimension 1 for β ≥ %.3f",
			f.Lambda[0], f.Lambda[1], f.Lambda[1], f.Lambda[0]),
		fmt.Sprintf("reconstruction ½·mean‖x − x̂‖² = %.3f; trained loss (reconstruction + β·KL, 4 samples per point) = %.3f after %d Adam steps",
			f.Recon2, f.NegELBO, f.Steps),
	}
	return Frame{SVG: svg, Summary: summary}, nil
}
