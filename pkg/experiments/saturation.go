package experiments

import (
	"fmt"
	"math"

	"github.com/gomlx/compute"
	"github.com/gomlx/compute/dtypes"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"

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
		return []*Node{ReduceAllMean(Sigmoid(logits)),
			norm(losses.GANGeneratorMinimaxLoss(logits)), norm(losses.GANGeneratorNonSaturatingLoss(logits))}
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
