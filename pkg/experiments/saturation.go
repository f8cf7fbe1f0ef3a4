package experiments

import (
	"fmt"
	"math"

	"github.com/gomlx/compute"
	"github.com/gomlx/compute/dtypes"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"

	"github.com/losscourse/losscourse/pkg/course"
	"github.com/losscourse/losscourse/pkg/data"
	"github.com/losscourse/losscourse/pkg/losses"
)

// SaturationPoint is one measurement of the two generator losses' gradients on a
// real generator/discriminator pair.
type SaturationPoint struct {
	Bias  float64 // added to every discriminator logit
	MeanD float64 // mean D(G(z)) = mean σ(logit + Bias) over the probe batch
	// GradMinimax and GradNonSat are ‖∇_θ ℓ‖₂ over all the generator's weights θ
	// of the minimax loss mean log(1 − D(G(z))) and of the non-saturating loss
	// −mean log D(G(z)).
	GradMinimax, GradNonSat float64
}

// Ratio returns GradMinimax / GradNonSat.
func (p SaturationPoint) Ratio() float64 { return p.GradMinimax / p.GradNonSat }

// SaturationResult is the outcome of SaturationSweep.
type SaturationResult struct {
	// Sweep has one point per bias, at the discriminator trained for DSteps.
	Sweep []SaturationPoint
	// Trained are the points with bias 0 measured while training the
	// discriminator against the fixed initial generator, at TrainedSteps.
	Trained      []SaturationPoint
	TrainedSteps []int
}

// SaturationSweep measures where the minimax generator loss saturates, on the
// networks of cfg (a GAN configuration; its Loss is ignored). The generator stays
// at its initial weights; the discriminator is trained with the GAN
// discriminator loss against it for dSteps steps, and the gradient norms of both
// generator losses are measured (Trained) at steps 0, dSteps/8, dSteps/2 and dSteps.
// Then, to reach every value of D(G(z)) from "accepted" to "confidently
// rejected", a bias is added to the trained discriminator's logit (Sweep).
//
// Per fake with logit z and D = σ(z): ∂/∂z log(1 − D) = −D and ∂/∂z (−log D) =
// −(1 − D), so the two gradients with respect to θ are Σ −Dᵢ ∂zᵢ/∂θ and
// Σ −(1 − Dᵢ) ∂zᵢ/∂θ: as D(G(z)) → 0 the first vanishes like D, the second does not.
func SaturationSweep(b compute.Backend, target *data.Target2D, cfg GANConfig, biases []float64, dSteps int) (res *SaturationResult, err error) {
	return saturationSweep(b, target, cfg, biases, dSteps, ganBreaks{})
}

func saturationSweep(b compute.Backend, target *data.Target2D, cfg GANConfig, biases []float64, dSteps int, breaks ganBreaks) (res *SaturationResult, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("experiments.SaturationSweep: %v", r)
		}
	}()
	cfg.Loss = NonSaturating
	c, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	if dSteps < 0 {
		return nil, fmt.Errorf("experiments.SaturationSweep: dSteps must be ≥ 0, got %d", dSteps)
	}
	store := model.NewStore()
	store.SetParam(model.ParamInitialSeed, int64(c.Seed))
	if err := store.SetRNGStateFromSeed(int64(c.Seed) + 7919); err != nil {
		return nil, err
	}
	gg, err := buildGAN(b, store, c, ganBreaks{})
	if err != nil {
		return nil, err
	}
	nets := ganNets{c}
	const probeN = 1024
	z := fixedNoise(probeN, c.ZDim, c.Seed+1)
	probe, err := model.NewExec(b, store, func(root *model.Scope, z, bias *Node) []*Node {
		g := z.Graph()
		logits := nets.critic(root.At("critic"), nets.generator(root.At("gen"), z))
		logits = Add(logits, bias)
		var vars []*Node
		for v := range root.At("gen").IterVariables() {
			if v.Trainable {
				vars = append(vars, v.NodeValue(g))
			}
		}
		norm := func(loss *Node) *Node {
			total := ScalarZero(g, dtypes.Float32)
			for _, gr := range Gradient(loss, vars...) {
				total = Add(total, ReduceAllSum(Square(gr)))
			}
			return Sqrt(total)
		}
		minimax, nonSat := losses.GANGeneratorMinimaxLoss(logits), losses.GANGeneratorNonSaturatingLoss(logits)
		if breaks.swapGeneratorLoss {
			minimax, nonSat = nonSat, minimax
		}
		return []*Node{ReduceAllMean(Sigmoid(logits)), norm(minimax), norm(nonSat)}
	})
	if err != nil {
		return nil, err
	}
	measure := func(bias float64) SaturationPoint {
		out := probe.MustExec(z, tensors.FromScalar(float32(bias)))
		return SaturationPoint{Bias: bias, MeanD: float64(tensors.ToScalar[float32](out[0])),
			GradMinimax: float64(tensors.ToScalar[float32](out[1])), GradNonSat: float64(tensors.ToScalar[float32](out[2]))}
	}
	res = &SaturationResult{}
	real := newRealSampler(target.Points, c.Batch, c.Scale, c.Seed)
	at := map[int]bool{0: true, dSteps / 8: true, dSteps / 2: true, dSteps: true}
	for s := 0; s <= dSteps; s++ {
		if at[s] {
			res.Trained = append(res.Trained, measure(0))
			res.TrainedSteps = append(res.TrainedSteps, s)
		}
		if s < dSteps {
			gg.dStep.MustExec(real.next(), tensors.FromScalar(float32(c.LR)))
		}
	}
	for _, bias := range biases {
		p := measure(bias)
		if math.IsNaN(p.GradMinimax) || math.IsNaN(p.GradNonSat) {
			return nil, fmt.Errorf("experiments.SaturationSweep: NaN gradient at bias %g", bias)
		}
		res.Sweep = append(res.Sweep, p)
	}
	return res, nil
}

// Verdict is the outcome of one of the notebooks' claims: its name, whether it
// holds and the measured numbers. Report prints it as a CLAIM line.
type Verdict struct {
	Name string
	OK   bool
	Text string
}

// Report prints the verdict with course.Claim ("CLAIM name: text ok|FAIL") and returns OK.
func (v Verdict) Report() bool { return course.Claim(v.Name, v.OK, "%s", v.Text) }

// Claims evaluates the saturation claims of notebook 06 on a sweep (biases down
// to at least −8, so that mean D(G(z)) reaches 1e-3 and below):
//
//   - minimax_gradient_proportional_to_d: on the sweep points with mean D(G(z)) < 0.02, the
//     log–log slope of ‖∇θ minimax‖ against mean D(G(z)) is within [0.9, 1.1] (the
//     derivation says 1: the gradient is Σ −Dᵢ ∂zᵢ/∂θ). Catches: the two generator
//     losses swapped, a minimax loss that does not saturate.
//   - nonsat_gradient_does_not_vanish: on the same points ‖∇θ non-saturating‖ varies
//     by less than 5 % (its factor 1 − D stays ≈ 1). Catches: the swap, a
//     non-saturating loss that saturates.
//   - minimax_vanishes_when_d_rejects: at the sweep point with mean D(G(z)) closest to
//     1e-3 the ratio ‖∇ minimax‖ / ‖∇ non-saturating‖ is below 1e-2. Catches: the swap.
//   - d_training_shrinks_ratio: training the discriminator against the fixed
//     generator lowers mean D(G(z)) and the ratio, each by at least 2× (the
//     saturation happens in training, not only with an added bias). Catches: a
//     discriminator step that does not train D, the swap.
func (r *SaturationResult) Claims() []Verdict {
	var xs, ys, ns []float64
	nearest := -1
	for i, p := range r.Sweep {
		if p.MeanD < 0.02 {
			xs = append(xs, math.Log(p.MeanD))
			ys = append(ys, math.Log(p.GradMinimax))
			ns = append(ns, p.GradNonSat)
		}
		if nearest < 0 || math.Abs(math.Log(p.MeanD/1e-3)) < math.Abs(math.Log(r.Sweep[nearest].MeanD/1e-3)) {
			nearest = i
		}
	}
	slope := fitSlope(xs, ys)
	spread := (maxOf(ns) - minOf(ns)) / minOf(ns)
	var out []Verdict
	out = append(out, Verdict{"minimax_gradient_proportional_to_d", len(xs) >= 3 && slope > 0.9 && slope < 1.1,
		fmt.Sprintf("log–log slope of ‖∇θ minimax‖ vs mean D(G(z)) over %d points with D < 0.02 = %.3f (derivation: 1)", len(xs), slope)})
	out = append(out, Verdict{"nonsat_gradient_does_not_vanish", len(ns) >= 3 && spread < 0.05,
		fmt.Sprintf("‖∇θ non-saturating‖ from %.3g to %.3g on the same points: spread %.1f%% < 5%%", minOf(ns), maxOf(ns), 100*spread)})
	if nearest >= 0 {
		p := r.Sweep[nearest]
		out = append(out, Verdict{"minimax_vanishes_when_d_rejects", p.Ratio() < 1e-2,
			fmt.Sprintf("at mean D(G(z)) = %.1e: ‖∇ minimax‖ / ‖∇ non-saturating‖ = %.1e < 1e-2", p.MeanD, p.Ratio())})
	}
	if n := len(r.Trained); n >= 2 {
		a, z := r.Trained[0], r.Trained[n-1]
		out = append(out, Verdict{"d_training_shrinks_ratio", z.MeanD < a.MeanD/2 && z.Ratio() < a.Ratio()/2,
			fmt.Sprintf("after %d discriminator steps: mean D(G(z)) %.3f → %.3f, ratio %.3f → %.3f (each ≥ 2× smaller)", r.TrainedSteps[n-1], a.MeanD, z.MeanD, a.Ratio(), z.Ratio())})
	}
	return out
}

// fitSlope returns the least-squares slope of y on x (NaN for fewer than 2 points).
func fitSlope(x, y []float64) float64 {
	if len(x) < 2 {
		return math.NaN()
	}
	var mx, my float64
	for i := range x {
		mx += x[i] / float64(len(x))
		my += y[i] / float64(len(x))
	}
	var sxy, sxx float64
	for i := range x {
		sxy += (x[i] - mx) * (y[i] - my)
		sxx += (x[i] - mx) * (x[i] - mx)
	}
	return sxy / sxx
}
