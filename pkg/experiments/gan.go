package experiments

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/gomlx/compute"
	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/layers"
	"github.com/gomlx/gomlx/ml/layers/activation"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/train/optimizer"

	"github.com/losscourse/losscourse/pkg/data"
	"github.com/losscourse/losscourse/pkg/losses"
)

// GANLoss is one of the four GAN objectives compared on the 8-Gaussian ring.
type GANLoss int

const (
	// Minimax: discriminator BCE, generator minimises E log(1 − D(G(z))).
	Minimax GANLoss = iota
	// NonSaturating: discriminator BCE, generator minimises −E log D(G(z)).
	NonSaturating
	// WGANClip: Wasserstein critic loss, critic weights clipped to [−c, c] after every step.
	WGANClip
	// WGANGP: Wasserstein critic loss + λ·GradientPenalty.
	WGANGP
	// WGANUnconstrained: the Wasserstein critic loss alone, as the syllabus writes
	// it — no clipping, no penalty. Its critic is not kept Lipschitz (a demonstration).
	WGANUnconstrained
)

var ganLossNames = []string{"minimax GAN", "non-saturating GAN", "WGAN (clipping)", "WGAN-GP", "WGAN (no constraint)"}

// String returns the loss's display name, e.g. "WGAN-GP".
func (l GANLoss) String() string {
	if l < 0 || int(l) >= len(ganLossNames) {
		return fmt.Sprintf("GANLoss(%d)", int(l))
	}
	return ganLossNames[l]
}

// IsWasserstein reports whether l trains a critic on the Wasserstein objective.
func (l GANLoss) IsWasserstein() bool { return l == WGANClip || l == WGANGP || l == WGANUnconstrained }

// GANLosses lists the four objectives compared on the ring, in display order
// (WGANUnconstrained is left out: it is a demonstration of what goes wrong).
func GANLosses() []GANLoss { return []GANLoss{Minimax, NonSaturating, WGANClip, WGANGP} }

// Optimizer names the optimiser of both players.
type Optimizer string

const (
	Adam    Optimizer = "adam"    // Adam(LR, β₁, β₂)
	RMSProp Optimizer = "rmsprop" // RMSProp(LR, decay β₂): the original WGAN's optimiser
)

// Schedule names a learning-rate schedule.
type Schedule string

const (
	ConstantLR  Schedule = "constant" // LR at every step (gan_toy.py)
	LinearDecay Schedule = "linear"   // LR·(1 − step/Steps): the same authors' CIFAR-10 code (gan_cifar_resnet.py, DECAY = True)
)

// GANConfig configures one GAN run on a 2-D target (TrainGAN). A zero field means
// "the value of DefaultGANConfig(Loss)".
type GANConfig struct {
	Name      string // display name; "" means Loss.String()
	Loss      GANLoss
	Width     int       // hidden units per layer of G and D
	Depth     int       // hidden ReLU layers of G and D
	ZDim      int       // generator noise dimension
	Batch     int       // real and fake examples per step
	Steps     int       // generator steps
	NCritic   int       // critic (discriminator) steps per generator step
	Optimizer Optimizer // both players
	LR        float64   // learning rate of both players (at step 0)
	Schedule  Schedule  // learning-rate schedule of both players
	Beta1     float64   // Adam β₁ (ignored by RMSProp)
	Beta2     float64   // Adam β₂, RMSProp's decay
	Lambda    float64   // gradient-penalty weight (WGANGP only)
	Clip      float64   // weight-clipping bound c (WGANClip only)
	Scale     float64   // training coordinates = data / Scale (gan_toy.py divides the ring by 1.414)
	Seed      uint64    // seeds the initial weights, the in-graph noise and the real batches
	Snapshots int       // snapshots of the generator at evenly spaced steps (≥ 2: first and last)
	Samples   int       // samples per snapshot (a fixed set of z)
	Window    int       // generator steps averaged into one point of the loss curves
}

// Paper values (Gulrajani et al. 2017, reference code gan_toy.py of
// github.com/igul222/improved_wgan_training): 3 hidden ReLU layers of 512 units in
// G and D, 2-D noise, batch 256, 5 critic steps per generator step, Adam(lr 1e-4,
// β = (0.5, 0.9)), λ = 0.1 for the toy data sets ("smaller lambda makes things faster
// for toy tasks"; the paper's default elsewhere is 10), data divided by 1.414,
// 100 000 generator steps. The clipped WGAN uses RMSProp(lr 5e-5) and c = 0.01.
const (
	PaperWidth     = 512
	PaperDepth     = 3
	PaperBatch     = 256
	PaperNCritic   = 5
	PaperLR        = 1e-4
	PaperLambda    = 0.1
	PaperScale     = 1.414
	PaperSteps     = 100000
	PaperClipLR    = 5e-5
	PaperClipBound = 0.01
)

// DefaultGANConfig returns the configuration the course uses for loss l (notebook
// 06 explains the choices): the paper's toy settings — depth, batch, n_critic, λ,
// β, data scale, clipping bound, optimisers — with two things scaled to what a
// 2-core machine trains in about a minute per run: width 64 instead of 512 and 600
// generator steps instead of 100 000, with 10× the paper's learning rates
// (1e-3 for Adam, 5e-4 for the clipped WGAN's RMSProp) decayed linearly to 0.
// The GANs (minimax, non-saturating) use the WGAN-GP's Adam settings with one
// discriminator step per generator step.
func DefaultGANConfig(l GANLoss) GANConfig {
	c := GANConfig{
		Loss: l, Width: 64, Depth: PaperDepth, ZDim: 2, Batch: PaperBatch, Steps: 600,
		NCritic: 1, Optimizer: Adam, LR: 10 * PaperLR, Schedule: LinearDecay, Beta1: 0.5, Beta2: 0.9,
		Scale: PaperScale, Seed: 1, Snapshots: 7, Samples: 1000,
	}
	switch l {
	case WGANUnconstrained:
		c.NCritic = PaperNCritic
	case WGANGP:
		c.NCritic = PaperNCritic
		c.Lambda = PaperLambda
	case WGANClip:
		c.NCritic = PaperNCritic
		c.Clip = PaperClipBound
		c.Optimizer = RMSProp
		c.LR = 10 * PaperClipLR
	}
	return c
}

// withDefaults fills zero fields from DefaultGANConfig(c.Loss) and validates c.
func (c GANConfig) withDefaults() (GANConfig, error) {
	d := DefaultGANConfig(c.Loss)
	if c.Loss < Minimax || c.Loss > WGANUnconstrained {
		return c, fmt.Errorf("experiments.TrainGAN: unknown Loss %d", int(c.Loss))
	}
	setInt := func(v *int, def int) {
		if *v == 0 {
			*v = def
		}
	}
	setFloat := func(v *float64, def float64) {
		if *v == 0 {
			*v = def
		}
	}
	if c.Name == "" {
		c.Name = c.Loss.String()
	}
	setInt(&c.Width, d.Width)
	setInt(&c.Depth, d.Depth)
	setInt(&c.ZDim, d.ZDim)
	setInt(&c.Batch, d.Batch)
	setInt(&c.Steps, d.Steps)
	setInt(&c.NCritic, d.NCritic)
	setInt(&c.Snapshots, d.Snapshots)
	setInt(&c.Samples, d.Samples)
	setFloat(&c.LR, d.LR)
	if c.Optimizer == "" {
		c.Optimizer = d.Optimizer
	}
	if c.Schedule == "" {
		c.Schedule = d.Schedule
	}
	setFloat(&c.Beta1, d.Beta1)
	setFloat(&c.Beta2, d.Beta2)
	setFloat(&c.Scale, d.Scale)
	if c.Loss == WGANGP {
		setFloat(&c.Lambda, d.Lambda)
	}
	if c.Loss == WGANClip {
		setFloat(&c.Clip, d.Clip)
	}
	if c.Window == 0 {
		c.Window = max(1, c.Steps/50)
	}
	switch {
	case c.Width < 1 || c.Depth < 1 || c.ZDim < 1 || c.Batch < 2 || c.Steps < 1 || c.NCritic < 1 || c.Samples < 8 || c.Window < 1:
		return c, fmt.Errorf("experiments.TrainGAN: Width, Depth, ZDim, Steps, NCritic, Window must be ≥ 1, Batch ≥ 2, Samples ≥ 8; got %+v", c)
	case c.Snapshots < 2:
		return c, fmt.Errorf("experiments.TrainGAN: Snapshots must be ≥ 2 (first and last), got %d", c.Snapshots)
	case c.Optimizer != Adam && c.Optimizer != RMSProp:
		return c, fmt.Errorf("experiments.TrainGAN: unknown Optimizer %q (want %q or %q)", c.Optimizer, Adam, RMSProp)
	case c.Schedule != ConstantLR && c.Schedule != LinearDecay:
		return c, fmt.Errorf("experiments.TrainGAN: unknown Schedule %q (want %q or %q)", c.Schedule, ConstantLR, LinearDecay)
	case !(c.LR > 0) || !(c.Scale > 0) || c.Lambda < 0 || c.Clip < 0:
		return c, fmt.Errorf("experiments.TrainGAN: LR and Scale must be > 0, Lambda and Clip ≥ 0; got LR %g Scale %g Lambda %g Clip %g", c.LR, c.Scale, c.Lambda, c.Clip)
	}
	return c, nil
}

// CurvePoint is one point of a training curve: the mean of a quantity over the
// generator steps (Step − window, Step].
type CurvePoint struct {
	Step  int
	Value float64
}

// GANRun is what TrainGAN records.
type GANRun struct {
	Config    GANConfig       // the configuration, defaults filled in
	SnapSteps []int           // generator steps at which snapshots were taken (0 … Steps)
	Snaps     [][][]float64   // Samples generated points per snapshot, in data coordinates (fixed z)
	Cov       []data.Coverage // target.Score of each snapshot
	SWD       []float64       // sliced Wasserstein-1 distance of each snapshot to the target (data coordinates)
	// WEstimate is the critic's estimate E f(real) − E f(fake) (data coordinates:
	// divided by Scale), averaged over the critic steps of each window. For the
	// GANs (BCE discriminators) it is the mean logit gap instead: not a distance.
	WEstimate []CurvePoint
	// DLoss is the full discriminator/critic loss (BCE for the GANs; for WGAN-GP
	// including λ·GP, in training coordinates) averaged over each window.
	DLoss []CurvePoint
	// GP is the gradient penalty E(‖∇f(x̂)‖ − 1)² (before λ), per window (WGANGP only).
	GP []CurvePoint
	// GradNorm is the mean ‖∇ₓ f(x̂)‖ of the final critic on real/fake interpolates
	// (training coordinates): the critic's local Lipschitz constant where WGAN-GP constrains it.
	GradNorm float64
	// MaxCriticWeight is the largest |weight| of the final critic (weights and
	// biases), and AtClip the fraction of them with |w| ≥ 0.99·Clip (WGANClip only:
	// the weights that clipping holds at its bounds).
	MaxCriticWeight, AtClip float64
	// CriticWeights are the entries of the final critic's weight matrices (not the
	// biases), for histograms.
	CriticWeights []float64
	Elapsed       time.Duration // wall time of the run
}

// Final returns the coverage of the last snapshot.
func (r *GANRun) Final() data.Coverage { return r.Cov[len(r.Cov)-1] }

// ganNets builds the generator and critic of a configuration.
type ganNets struct{ cfg GANConfig }

// generator maps noise z [B,ZDim] to points [B,2] (training coordinates): Depth
// ReLU layers of Width units, then a linear layer, as in gan_toy.py.
func (n ganNets) generator(scope *model.Scope, z *Node) *Node {
	h := z
	for i := 0; i < n.cfg.Depth; i++ {
		h = activation.Relu(layers.DenseWithBias(scope.At("g%d", i), h, n.cfg.Width))
	}
	return layers.DenseWithBias(scope.At("gout"), h, 2)
}

// critic maps points [B,2] to one unbounded score per point [B] (a logit for the GANs).
func (n ganNets) critic(scope *model.Scope, x *Node) *Node {
	h := x
	for i := 0; i < n.cfg.Depth; i++ {
		h = activation.Relu(layers.DenseWithBias(scope.At("d%d", i), h, n.cfg.Width))
	}
	return Reshape(layers.DenseWithBias(scope.At("dout"), h, 1), -1)
}

func (n ganNets) noise(root *model.Scope, g *Graph, rows int) *Node {
	return root.RandomNormal(g, shapes.Make(dtypes.Float32, rows, n.cfg.ZDim))
}

// optimizerFor returns the optimiser of one player.
func (c GANConfig) optimizerFor() optimizer.Interface {
	if c.Optimizer == RMSProp {
		return optimizer.RMSProp().LearningRate(c.LR).Betas(0, c.Beta2).Done()
	}
	return optimizer.Adam().LearningRate(c.LR).Betas(c.Beta1, c.Beta2).Done()
}

// lrAt is the learning rate of generator step s (and of the critic steps before it).
func (c GANConfig) lrAt(s int) float64 {
	if c.Schedule != LinearDecay {
		return c.LR
	}
	return c.LR * (1 - float64(s)/float64(c.Steps))
}

// ganGraphs are the compiled graphs of one GAN.
type ganGraphs struct {
	dStep  *model.Exec // (real [B,2], learning rate) → loss, W estimate, GP; updates the critic
	gStep  *model.Exec // (learning rate) → loss; updates the generator
	sample *model.Exec // z [n,ZDim] → points [n,2] (training coordinates)
}

func buildGAN(b compute.Backend, store *model.Store, c GANConfig, breaks ganBreaks) (ganGraphs, error) {
	nets := ganNets{c}
	dOpt, gOpt := c.optimizerFor(), c.optimizerFor()
	var gg ganGraphs
	var err error
	gg.dStep, err = model.NewExec(b, store, func(root *model.Scope, real, lr *Node) []*Node {
		g := real.Graph()
		cs := root.At("critic")
		optimizer.LearningRateVar(cs, dtypes.Float32, c.LR).SetNodeValue(lr)
		// The critic step does not train G: its fakes are constants here.
		fake := StopGradient(nets.generator(root.At("gen"), nets.noise(root, g, c.Batch)))
		rs, fs := nets.critic(cs, real), nets.critic(cs, fake)
		west := Sub(ReduceAllMean(rs), ReduceAllMean(fs))
		gp := ScalarZero(g, dtypes.Float32)
		var loss *Node
		switch c.Loss {
		case Minimax, NonSaturating: // the same discriminator: BCE(real → 1, fake → 0)
			loss = losses.GANDiscriminatorLoss(rs, fs)
		case WGANClip, WGANUnconstrained:
			loss = losses.WassersteinCriticLoss(rs, fs)
		case WGANGP:
			eps := root.RandomUniform(g, shapes.Make(dtypes.Float32, c.Batch))
			gp = losses.GradientPenalty(func(x *Node) *Node { return nets.critic(cs, x) }, real, fake, eps)
			loss = losses.WassersteinCriticLoss(rs, fs)
			if !breaks.dropPenalty {
				loss = Add(loss, MulScalar(gp, c.Lambda))
			}
		}
		dOpt.UpdateGraph(cs, g, loss)
		if c.Loss == WGANClip && !breaks.skipClip {
			losses.ClipVariables(cs, g, c.Clip) // after the update, in the same graph
		}
		return []*Node{loss, west, gp}
	})
	if err != nil {
		return gg, err
	}
	gg.gStep, err = model.NewExec(b, store, func(root *model.Scope, lr *Node) *Node {
		g := lr.Graph()
		optimizer.LearningRateVar(root.At("gen"), dtypes.Float32, c.LR).SetNodeValue(lr)
		fs := nets.critic(root.At("critic"), nets.generator(root.At("gen"), nets.noise(root, g, c.Batch)))
		l := c.Loss
		if breaks.swapGeneratorLoss {
			switch l {
			case Minimax:
				l = NonSaturating
			case NonSaturating:
				l = Minimax
			}
		}
		var loss *Node
		switch l {
		case Minimax:
			loss = losses.GANGeneratorMinimaxLoss(fs)
		case NonSaturating:
			loss = losses.GANGeneratorNonSaturatingLoss(fs)
		default:
			loss = losses.WassersteinGeneratorLoss(fs)
		}
		gOpt.UpdateGraph(root.At("gen"), g, loss)
		return loss
	})
	if err != nil {
		return gg, err
	}
	gg.sample, err = model.NewExec(b, store, func(root *model.Scope, z *Node) *Node {
		return nets.generator(root.At("gen"), z)
	})
	return gg, err
}

// ganBreaks are deliberate bugs, used only by the tests to prove that the
// notebook's claims fail when the behaviour they describe is broken.
type ganBreaks struct {
	swapGeneratorLoss bool // minimax ↔ non-saturating generator loss
	dropPenalty       bool // WGAN-GP without the penalty term (an unconstrained critic)
	skipClip          bool // WGAN with clipping that never clips
}

// TrainGAN trains one GAN on target (a 2-D target of pkg/data, usually data.Ring8)
// with alternating critic/generator steps and records snapshots, mode coverage,
// sliced Wasserstein distances and the critic's curves. It is deterministic for a
// given backend, configuration and seed.
func TrainGAN(b compute.Backend, target *data.Target2D, cfg GANConfig) (*GANRun, error) {
	return trainGAN(b, target, cfg, ganBreaks{})
}

func trainGAN(b compute.Backend, target *data.Target2D, cfg GANConfig, breaks ganBreaks) (run *GANRun, err error) {
	defer func() {
		if r := recover(); r != nil {
			run, err = nil, fmt.Errorf("experiments.TrainGAN(%s): %v", cfg.Loss, r)
		}
	}()
	c, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	if b == nil || target == nil || len(target.Points) == 0 {
		return nil, fmt.Errorf("experiments.TrainGAN: backend and a non-empty target are required")
	}
	start := time.Now()
	store := model.NewStore()
	store.SetParam(model.ParamInitialSeed, int64(c.Seed))
	if err := store.SetRNGStateFromSeed(int64(c.Seed) + 7919); err != nil {
		return nil, err
	}
	gg, err := buildGAN(b, store, c, breaks)
	if err != nil {
		return nil, err
	}
	real := newRealSampler(target.Points, c.Batch, c.Scale, c.Seed)
	z := fixedNoise(c.Samples, c.ZDim, c.Seed)
	run = &GANRun{Config: c}
	ref := subsample(target.Points, 2000, c.Seed)
	snapAt := make(map[int]bool, c.Snapshots)
	for i := 0; i < c.Snapshots; i++ {
		snapAt[int(math.Round(float64(i)*float64(c.Steps)/float64(c.Snapshots-1)))] = true
	}
	var accLoss, accW, accGP float64
	var nWin int
	for s := 0; s <= c.Steps; s++ {
		if snapAt[s] {
			pts := toPoints(gg.sample.MustExec(z)[0], c.Scale)
			cov, err := target.Score(pts)
			if err != nil {
				return nil, err
			}
			run.SnapSteps = append(run.SnapSteps, s)
			run.Snaps = append(run.Snaps, pts)
			run.Cov = append(run.Cov, cov)
			run.SWD = append(run.SWD, SlicedWasserstein(pts, ref, 64, c.Seed))
		}
		if s == c.Steps {
			break
		}
		lr := tensors.FromScalar(float32(c.lrAt(s)))
		for k := 0; k < c.NCritic; k++ {
			out := gg.dStep.MustExec(real.next(), lr)
			accLoss += float64(tensors.ToScalar[float32](out[0]))
			accW += float64(tensors.ToScalar[float32](out[1])) * c.Scale
			accGP += float64(tensors.ToScalar[float32](out[2]))
		}
		nWin += c.NCritic
		gg.gStep.MustExec(lr)
		if (s+1)%c.Window == 0 || s+1 == c.Steps {
			n := float64(nWin)
			run.DLoss = append(run.DLoss, CurvePoint{s + 1, accLoss / n})
			run.WEstimate = append(run.WEstimate, CurvePoint{s + 1, accW / n})
			if c.Loss == WGANGP {
				run.GP = append(run.GP, CurvePoint{s + 1, accGP / n})
			}
			accLoss, accW, accGP, nWin = 0, 0, 0, 0
		}
	}
	run.GradNorm, err = criticGradNorm(b, store, c, real)
	if err != nil {
		return nil, err
	}
	run.MaxCriticWeight, run.AtClip, run.CriticWeights = criticWeights(store, c.Clip)
	for _, v := range append(append([]CurvePoint{}, run.DLoss...), run.WEstimate...) {
		if math.IsNaN(v.Value) || math.IsInf(v.Value, 0) {
			return nil, fmt.Errorf("experiments.TrainGAN(%s): non-finite critic loss at step %d", c.Loss, v.Step)
		}
	}
	run.Elapsed = time.Since(start)
	return run, nil
}

// criticWeights returns the largest |w| over the critic's trainable variables, the
// fraction with |w| ≥ 0.99·clip (0 when clip is 0) and the entries of its weight matrices.
func criticWeights(store *model.Store, clip float64) (maxAbs, atClip float64, matrices []float64) {
	var n, at int
	for v := range store.RootScope().At("critic").IterVariables() {
		if !v.Trainable || !v.DType().IsFloat() {
			continue
		}
		for _, w := range tensors.MustCopyFlatData[float32](v.MustValue()) {
			if v.Name() == "weights" {
				matrices = append(matrices, float64(w))
			}
			a := math.Abs(float64(w))
			maxAbs = math.Max(maxAbs, a)
			n++
			if clip > 0 && a >= 0.99*clip {
				at++
			}
		}
	}
	if n > 0 {
		atClip = float64(at) / float64(n)
	}
	return maxAbs, atClip, matrices
}

// criticGradNorm returns the mean over 8 batches of interpolates x̂ = εx + (1−ε)G(z)
// of ‖∇ₓ f(x̂)‖ (training coordinates).
func criticGradNorm(b compute.Backend, store *model.Store, c GANConfig, real *realSampler) (float64, error) {
	nets := ganNets{c}
	e, err := model.NewExec(b, store, func(root *model.Scope, x *Node) *Node {
		g := x.Graph()
		n := x.Shape().Dimensions[0]
		fake := nets.generator(root.At("gen"), nets.noise(root, g, n))
		eps := root.RandomUniform(g, shapes.Make(dtypes.Float32, n, 1))
		xHat := Add(Mul(eps, x), Mul(OneMinus(eps), fake))
		grad := Gradient(ReduceAllSum(nets.critic(root.At("critic"), xHat)), xHat)[0]
		return ReduceAllMean(Sqrt(ReduceSum(Square(grad), 1)))
	})
	if err != nil {
		return 0, err
	}
	var sum float64
	for i := 0; i < 8; i++ {
		out, err := e.Exec(real.next())
		if err != nil {
			return 0, err
		}
		sum += float64(tensors.ToScalar[float32](out[0]))
	}
	return sum / 8, nil
}

// realSampler draws seeded real batches (training coordinates) from a pool of points.
type realSampler struct {
	pts   [][]float64
	batch int
	scale float64
	rng   *rand.Rand
}

func newRealSampler(pts [][]float64, batch int, scale float64, seed uint64) *realSampler {
	return &realSampler{pts: pts, batch: batch, scale: scale, rng: rand.New(rand.NewPCG(seed, 0x5eed))}
}

func (s *realSampler) next() *tensors.Tensor {
	flat := make([]float32, 2*s.batch)
	for i := 0; i < s.batch; i++ {
		p := s.pts[s.rng.IntN(len(s.pts))]
		flat[2*i], flat[2*i+1] = float32(p[0]/s.scale), float32(p[1]/s.scale)
	}
	return tensors.FromFlatDataAndDimensions(flat, s.batch, 2)
}

// fixedNoise returns n fixed z's [n,zDim] (the same for every snapshot of a run).
func fixedNoise(n, zDim int, seed uint64) *tensors.Tensor {
	r := rand.New(rand.NewPCG(seed, 0x2015))
	z := make([]float32, n*zDim)
	for i := range z {
		z[i] = float32(r.NormFloat64())
	}
	return tensors.FromFlatDataAndDimensions(z, n, zDim)
}

// toPoints converts a float32 [n,2] tensor in training coordinates to rows in data coordinates.
func toPoints(t *tensors.Tensor, scale float64) [][]float64 {
	flat := tensors.MustCopyFlatData[float32](t)
	pts := make([][]float64, len(flat)/2)
	for i := range pts {
		pts[i] = []float64{float64(flat[2*i]) * scale, float64(flat[2*i+1]) * scale}
	}
	return pts
}

// subsample returns n rows of pts drawn without replacement (all of them if n ≥ len(pts)).
func subsample(pts [][]float64, n int, seed uint64) [][]float64 {
	if n >= len(pts) {
		return pts
	}
	idx := rand.New(rand.NewPCG(seed, 0x50b)).Perm(len(pts))[:n]
	out := make([][]float64, n)
	for i, j := range idx {
		out[i] = pts[j]
	}
	return out
}
