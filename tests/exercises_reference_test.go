package tests

// Cross-check of the exercises' reference solutions (solutions/NN_name, plain
// float64 Go) against pkg/losses (GoMLX graphs, themselves checked against
// PyTorch goldens): on seeded random inputs both must agree to 1e-9 relative.
// The exercise tests hard-code numbers computed with the same formulas as the
// solutions, so an error in a formula would show up here as a disagreement
// with the library.

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gomlx/compute/dtypes"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/losscourse/losscourse/pkg/backend"
	"github.com/losscourse/losscourse/pkg/losses"

	bce "github.com/losscourse/losscourse/solutions/02_bce_logits"
	bcegrad "github.com/losscourse/losscourse/solutions/03_bce_gradient"
	ce "github.com/losscourse/losscourse/solutions/04_softmax_cross_entropy"
	smoothing "github.com/losscourse/losscourse/solutions/06_label_smoothing"
	focal "github.com/losscourse/losscourse/solutions/07_focal_loss"
	regression "github.com/losscourse/losscourse/solutions/08_regression"
	gaussnll "github.com/losscourse/losscourse/solutions/09_gaussian_nll"
	triplet "github.com/losscourse/losscourse/solutions/10_triplet"
	contrastive "github.com/losscourse/losscourse/solutions/11_contrastive"
	infonce "github.com/losscourse/losscourse/solutions/12_infonce"
	vae "github.com/losscourse/losscourse/solutions/13_vae_elbo"
	gan "github.com/losscourse/losscourse/solutions/14_gan"
	wgan "github.com/losscourse/losscourse/solutions/15_wgan_gp"
)

const exrefTol = 1e-9

// exrefLib runs a graph with no inputs returning a scalar loss, as float64.
func exrefLib(t *testing.T, build func(g *Graph) *Node) float64 {
	t.Helper()
	backend.Quiet = true
	e, err := NewExec(backend.Default(), func(g *Graph) *Node { return ConvertDType(build(g), dtypes.Float64) })
	if err != nil {
		t.Fatalf("building graph: %v", err)
	}
	defer e.Finalize()
	out, err := e.Exec()
	if err != nil {
		t.Fatalf("executing graph: %v", err)
	}
	return tensors.ToScalar[float64](out[0])
}

// exrefAgree fails unless the solution's value agrees with pkg/losses' to 1e-9 relative.
func exrefAgree(t *testing.T, what string, solution, library float64) {
	t.Helper()
	if math.IsNaN(solution) || math.IsNaN(library) || math.Abs(solution-library) > exrefTol*math.Max(1e-300, math.Abs(library)) {
		t.Errorf("%s: solution %.15g, pkg/losses %.15g (relative tolerance %g)", what, solution, library, exrefTol)
	}
}

func exrefVec(r *rand.Rand, n int, lo, hi float64) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = lo + (hi-lo)*r.Float64()
	}
	return v
}

func exrefMat(r *rand.Rand, n, d int, lo, hi float64) [][]float64 {
	m := make([][]float64, n)
	for i := range m {
		m[i] = exrefVec(r, d, lo, hi)
	}
	return m
}

func exrefLabels(r *rand.Rand, n, c int) []int {
	l := make([]int, n)
	for i := range l {
		l[i] = r.IntN(c)
	}
	return l
}

func exrefInt32(l []int) []int32 {
	out := make([]int32, len(l))
	for i, v := range l {
		out[i] = int32(v)
	}
	return out
}

func exrefRow(v []float64) [][]float64 { return [][]float64{v} }

const exrefSeeds = 5

func TestExrefClassification(t *testing.T) {
	for seed := uint64(1); seed <= exrefSeeds; seed++ {
		r := rand.New(rand.NewPCG(seed, 7))
		n, c := 4+r.IntN(4), 3+r.IntN(3)
		z := exrefVec(r, n, -6, 6)
		y := exrefVec(r, n, 0, 1)
		w := 0.2 + 3*r.Float64()
		exrefAgree(t, "02 BCEWithLogits", bce.BCEWithLogits(z, y),
			exrefLib(t, func(g *Graph) *Node { return losses.BinaryCrossEntropyWithLogits(Const(g, z), Const(g, y)) }))
		exrefAgree(t, "03 PosWeightBCE", bcegrad.PosWeightBCE(z, y, w),
			exrefLib(t, func(g *Graph) *Node {
				return losses.BinaryCrossEntropyWithLogits(Const(g, z), Const(g, y), losses.PosWeight(Const(g, w)))
			}))

		logits := exrefMat(r, n, c, -5, 5)
		labels := exrefLabels(r, n, c)
		exrefAgree(t, "04 CrossEntropy", ce.CrossEntropy(logits, labels),
			exrefLib(t, func(g *Graph) *Node {
				return losses.SoftmaxCrossEntropy(Const(g, logits), Const(g, exrefInt32(labels)))
			}))
		ign := append([]int(nil), labels...)
		ign[0], ign[n-1] = -100, -100
		exrefAgree(t, "04 CrossEntropyIgnore", ce.CrossEntropyIgnore(logits, ign, -100),
			exrefLib(t, func(g *Graph) *Node {
				return losses.SoftmaxCrossEntropy(Const(g, logits), Const(g, exrefInt32(ign)), losses.IgnoreIndex(-100))
			}))
		eps := 0.3 * r.Float64()
		exrefAgree(t, "06 SmoothedCrossEntropy", smoothing.SmoothedCrossEntropy(logits, labels, eps),
			exrefLib(t, func(g *Graph) *Node {
				return losses.SoftmaxCrossEntropy(Const(g, logits), Const(g, exrefInt32(labels)), losses.LabelSmoothing(eps))
			}))

		yb := make([]float64, n)
		for i := range yb {
			yb[i] = float64(r.IntN(2))
		}
		alpha, gamma := 0.1+0.8*r.Float64(), 3*r.Float64()
		exrefAgree(t, "07 SigmoidFocal", focal.SigmoidFocal(z, yb, alpha, gamma),
			exrefLib(t, func(g *Graph) *Node {
				return losses.SigmoidFocalLoss(Const(g, z), Const(g, yb), losses.Alpha(alpha), losses.Gamma(gamma))
			}))
		exrefAgree(t, "07 SoftmaxFocal", focal.SoftmaxFocal(logits, labels, alpha, gamma),
			exrefLib(t, func(g *Graph) *Node {
				// pkg/losses' SoftmaxFocalLoss has no scalar α (per-class weights are
				// normalised by the mean reduction): α multiplies the mean loss.
				return MulScalar(losses.SoftmaxFocalLoss(Const(g, logits), Const(g, exrefInt32(labels)), losses.Gamma(gamma)), alpha)
			}))
	}
}

func TestExrefRegression(t *testing.T) {
	for seed := uint64(1); seed <= exrefSeeds; seed++ {
		r := rand.New(rand.NewPCG(seed, 8))
		n := 5 + r.IntN(5)
		p, y := exrefVec(r, n, -4, 4), exrefVec(r, n, -4, 4)
		delta := 0.2 + 2*r.Float64()
		lib := func(f func(a, b *Node, o ...losses.Option) *Node, o ...losses.Option) float64 {
			return exrefLib(t, func(g *Graph) *Node { return f(Const(g, p), Const(g, y), o...) })
		}
		exrefAgree(t, "08 MSE", regression.MSE(p, y), lib(losses.MeanSquaredError))
		exrefAgree(t, "08 MAE", regression.MAE(p, y), lib(losses.MeanAbsoluteError))
		exrefAgree(t, "08 Huber", regression.Huber(p, y, delta), lib(losses.Huber, losses.Delta(delta)))
		exrefAgree(t, "08 SmoothL1", regression.SmoothL1(p, y, delta), lib(losses.SmoothL1, losses.Beta(delta)))

		v := exrefVec(r, n, 0.05, 3)
		v[0] = 1e-9 // clamped to eps
		for _, full := range []bool{false, true} {
			opts := []losses.Option{losses.Eps(1e-6)}
			if full {
				opts = append(opts, losses.Full())
			}
			exrefAgree(t, "09 GaussianNLL", gaussnll.GaussianNLL(p, y, v, full, 1e-6),
				exrefLib(t, func(g *Graph) *Node { return losses.GaussianNLL(Const(g, p), Const(g, y), Const(g, v), opts...) }))
		}
		s := exrefVec(r, n, -2, 2)
		ev := make([]float64, n)
		for i := range s {
			ev[i] = math.Exp(s[i])
		}
		exrefAgree(t, "09 GaussianNLLLogVar", gaussnll.GaussianNLLLogVar(p, y, s),
			exrefLib(t, func(g *Graph) *Node { return losses.GaussianNLL(Const(g, p), Const(g, y), Const(g, ev), losses.Eps(0)) }))
	}
}

func TestExrefMetric(t *testing.T) {
	for seed := uint64(1); seed <= exrefSeeds; seed++ {
		r := rand.New(rand.NewPCG(seed, 9))
		n, d := 3+r.IntN(4), 2+r.IntN(4)
		a, p, ng := exrefMat(r, n, d, -2, 2), exrefMat(r, n, d, -2, 2), exrefMat(r, n, d, -2, 2)
		margin := 0.2 + 2*r.Float64()
		exrefAgree(t, "10 TripletLoss", triplet.TripletLoss(a, p, ng, margin),
			exrefLib(t, func(g *Graph) *Node {
				return losses.TripletMargin(Const(g, a), Const(g, p), Const(g, ng), losses.Margin(margin), losses.Eps(0))
			}))
		sim := make([]float64, n)
		for i := range sim {
			sim[i] = float64(r.IntN(2))
		}
		exrefAgree(t, "11 ContrastiveLoss", contrastive.ContrastiveLoss(a, p, sim, margin),
			exrefLib(t, func(g *Graph) *Node {
				return losses.Contrastive(Const(g, a), Const(g, p), Const(g, sim), losses.Margin(margin), losses.Eps(0))
			}))
		tau := 0.1 + r.Float64()
		exrefAgree(t, "12 InfoNCE", infonce.InfoNCE(a, p, tau),
			exrefLib(t, func(g *Graph) *Node { return losses.InfoNCE(Const(g, a), Const(g, p), losses.Temperature(tau)) }))
		exrefAgree(t, "12 NTXent", infonce.NTXent(a, p, tau),
			exrefLib(t, func(g *Graph) *Node { return losses.NTXent(Const(g, a), Const(g, p), losses.Temperature(tau)) }))
	}
}

func TestExrefGenerative(t *testing.T) {
	for seed := uint64(1); seed <= exrefSeeds; seed++ {
		r := rand.New(rand.NewPCG(seed, 10))
		d := 2 + r.IntN(5)
		mu, lv := exrefVec(r, d, -2, 2), exrefVec(r, d, -2, 2)
		exrefAgree(t, "13 GaussianKL", vae.GaussianKL(mu, lv),
			exrefLib(t, func(g *Graph) *Node { return losses.GaussianKL(Const(g, exrefRow(mu)), Const(g, exrefRow(lv))) }))

		real, fake := exrefVec(r, 3+r.IntN(4), -5, 5), exrefVec(r, 3+r.IntN(4), -5, 5)
		exrefAgree(t, "14 DiscriminatorLoss", gan.DiscriminatorLoss(real, fake),
			exrefLib(t, func(g *Graph) *Node { return losses.GANDiscriminatorLoss(Const(g, real), Const(g, fake)) }))
		exrefAgree(t, "14 GeneratorMinimaxLoss", gan.GeneratorMinimaxLoss(fake),
			exrefLib(t, func(g *Graph) *Node { return losses.GANGeneratorMinimaxLoss(Const(g, fake)) }))
		exrefAgree(t, "14 GeneratorNonSaturatingLoss", gan.GeneratorNonSaturatingLoss(fake),
			exrefLib(t, func(g *Graph) *Node { return losses.GANGeneratorNonSaturatingLoss(Const(g, fake)) }))
		exrefAgree(t, "15 CriticLoss", wgan.CriticLoss(real, fake),
			exrefLib(t, func(g *Graph) *Node { return losses.WassersteinCriticLoss(Const(g, real), Const(g, fake)) }))
		exrefAgree(t, "15 GeneratorLoss", wgan.GeneratorLoss(fake),
			exrefLib(t, func(g *Graph) *Node { return losses.WassersteinGeneratorLoss(Const(g, fake)) }))
	}
}
