package tests

// Cross-checks of the reference solutions of exercises 17–26 (the GoMLX track
// and the topic exercises) against pkg/losses, on seeded random inputs: values
// and gradients must agree. For the two training exercises it also checks that
// the thresholds their tests use are discriminating: plain BCE does not reach
// the focal-loss recall threshold of exercise 19 on the same seeds, and the
// VAE of exercise 22 beats the mean-image baseline that a model without a
// latent code (the baseline itself) cannot.

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gomlx/compute/dtypes"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/train"
	"github.com/losscourse/losscourse/pkg/backend"
	"github.com/losscourse/losscourse/pkg/data"
	"github.com/losscourse/losscourse/pkg/losses"

	graphce "github.com/losscourse/losscourse/solutions/17_graph_cross_entropy"
	customgrad "github.com/losscourse/losscourse/solutions/18_custom_gradient"
	focaltrain "github.com/losscourse/losscourse/solutions/19_focal_training"
	ntxent "github.com/losscourse/losscourse/solutions/20_ntxent_graph"
	penalty "github.com/losscourse/losscourse/solutions/21_gradient_penalty"
	vaetrain "github.com/losscourse/losscourse/solutions/22_vae_training"
	mle "github.com/losscourse/losscourse/solutions/23_mle_gradients"
	calibration "github.com/losscourse/losscourse/solutions/24_calibration_multilabel"
	temperature "github.com/losscourse/losscourse/solutions/25_infonce_temperature"
	gantheory "github.com/losscourse/losscourse/solutions/26_gan_theory"
)

// ex2ValueGrad evaluates two scalar graph functions (solution, library) of the
// same float64 inputs and returns their values and gradients w.r.t. input 0.
func ex2ValueGrad(t *testing.T, f func(xs []*Node) *Node, inputs ...any) (float64, []float64) {
	t.Helper()
	backend.Quiet = true
	e, err := NewExec(backend.Default(), func(xs []*Node) []*Node {
		y := ConvertDType(f(xs), dtypes.Float64)
		return []*Node{y, ConvertDType(Gradient(y, xs[0])[0], dtypes.Float64)}
	})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Finalize()
	out, err := e.Exec(inputs...)
	if err != nil {
		t.Fatalf("executing graph: %v", err)
	}
	return tensors.ToScalar[float64](out[0]), tensors.MustCopyFlatData[float64](out[1])
}

// ex2Agree compares a solution's value and gradient with the library's.
func ex2Agree(t *testing.T, what string, sol, lib func(xs []*Node) *Node, inputs ...any) {
	t.Helper()
	v1, g1 := ex2ValueGrad(t, sol, inputs...)
	v2, g2 := ex2ValueGrad(t, lib, inputs...)
	exrefAgree(t, what+" value", v1, v2)
	for i := range g2 {
		if math.Abs(g1[i]-g2[i]) > 1e-9*math.Max(1, math.Abs(g2[i])) {
			t.Errorf("%s gradient [%d]: solution %.15g, pkg/losses %.15g", what, i, g1[i], g2[i])
			return
		}
	}
}

func ex2Mat(r *rand.Rand, n, d int, lo, hi float64) *tensors.Tensor {
	v := exrefVec(r, n*d, lo, hi)
	return tensors.FromFlatDataAndDimensions(v, n, d)
}

func TestExercisesTrack2GraphLosses(t *testing.T) {
	for seed := uint64(1); seed <= exrefSeeds; seed++ {
		r := rand.New(rand.NewPCG(seed, 17))
		n, c := 3+r.IntN(4), 2+r.IntN(4)
		z, y := ex2Mat(r, n, c, -6, 6), ex2Mat(r, n, c, 0, 1)
		labels := tensors.FromFlatDataAndDimensions(exrefInt32(exrefLabels(r, n, c)), n)
		bceLib := func(xs []*Node) *Node { return losses.BinaryCrossEntropyWithLogits(xs[0], xs[1]) }
		ceLib := func(xs []*Node) *Node { return losses.SoftmaxCrossEntropy(xs[0], xs[1]) }
		ex2Agree(t, "17 BCEWithLogits", func(xs []*Node) *Node { return graphce.BCEWithLogits(xs[0], xs[1]) }, bceLib, z, y)
		ex2Agree(t, "17 SoftmaxCrossEntropy", func(xs []*Node) *Node { return graphce.SoftmaxCrossEntropy(xs[0], xs[1]) }, ceLib, z, labels)
		ex2Agree(t, "18 BCEWithLogits", func(xs []*Node) *Node { return customgrad.BCEWithLogits(xs[0], xs[1]) }, bceLib, z, y)
		ex2Agree(t, "18 SoftmaxCrossEntropy", func(xs []*Node) *Node { return customgrad.SoftmaxCrossEntropy(xs[0], xs[1]) }, ceLib, z, labels)

		yb := make([]float64, n*c)
		for i := range yb {
			yb[i] = float64(r.IntN(2))
		}
		gamma, alpha := 3*r.Float64(), 0.1+0.8*r.Float64()
		ex2Agree(t, "19 SigmoidFocalLoss", func(xs []*Node) *Node { return focaltrain.SigmoidFocalLoss(xs[0], xs[1], gamma, alpha) },
			func(xs []*Node) *Node {
				return losses.SigmoidFocalLoss(xs[0], xs[1], losses.Gamma(gamma), losses.Alpha(alpha))
			}, z, tensors.FromFlatDataAndDimensions(yb, n, c))

		tau := 0.05 + r.Float64()
		for _, pairs := range []int{1, 2, 3, 5} {
			a, b := ex2Mat(r, pairs, c, -2, 2), ex2Mat(r, pairs, c, -2, 2)
			ex2Agree(t, "20 NTXent", func(xs []*Node) *Node { return ntxent.NTXent(xs[0], xs[1], tau) },
				func(xs []*Node) *Node { return losses.NTXent(xs[0], xs[1], losses.Temperature(tau)) }, a, b)
		}

		// 21: a tanh critic whose first-layer weights are input 0 (second-order gradient).
		w1, real, fake := ex2Mat(r, c, 3, -1, 1), ex2Mat(r, n, c, -2, 2), ex2Mat(r, n, c, -2, 2)
		eps := tensors.FromFlatDataAndDimensions(exrefVec(r, n, 0, 1), n)
		critic := func(w *Node) func(x *Node) *Node {
			return func(x *Node) *Node { return ReduceSum(Tanh(MatMul(x, w)), -1) }
		}
		ex2Agree(t, "21 GradientPenalty", func(xs []*Node) *Node { return penalty.GradientPenalty(critic(xs[0]), xs[1], xs[2], xs[3]) },
			func(xs []*Node) *Node { return losses.GradientPenalty(critic(xs[0]), xs[1], xs[2], xs[3]) }, w1, real, fake, eps)

		// 22: gradient with respect to the logits (input 0).
		k := 2 + r.IntN(3)
		xpix, mu, lv := ex2Mat(r, n, c, 0, 1), ex2Mat(r, n, k, -2, 2), ex2Mat(r, n, k, -2, 2)
		ex2Agree(t, "22 NegativeELBO", func(xs []*Node) *Node { return vaetrain.NegativeELBO(xs[1], xs[0], xs[2], xs[3]) },
			func(xs []*Node) *Node { return losses.VAELoss(xs[1], xs[0], xs[2], xs[3]).Total }, z, xpix, mu, lv)
		ex2Agree(t, "22 NegativeELBO (mean)", func(xs []*Node) *Node { return vaetrain.NegativeELBO(xs[1], xs[2], xs[0], xs[3]) },
			func(xs []*Node) *Node { return losses.VAELoss(xs[1], xs[2], xs[0], xs[3]).Total }, mu, xpix, z, lv)
	}
}

// libGrad returns the value and gradient (w.r.t. the first argument) of a pkg/losses graph on float64 slices.
func libGrad(t *testing.T, f func(a, b *Node) *Node, a, b any) (float64, []float64) {
	t.Helper()
	return ex2ValueGrad(t, func(xs []*Node) *Node { return f(xs[0], xs[1]) }, a, b)
}

func ex2Floats(t *testing.T, what string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, pkg/losses %d", what, len(got), len(want))
	}
	for i := range want {
		if math.Abs(got[i]-want[i]) > exrefTol*math.Max(1, math.Abs(want[i])) {
			t.Errorf("%s [%d]: solution %.15g, pkg/losses %.15g", what, i, got[i], want[i])
			return
		}
	}
}

func TestExercisesTrack2TopicExercises(t *testing.T) {
	for seed := uint64(1); seed <= exrefSeeds; seed++ {
		r := rand.New(rand.NewPCG(seed, 23))
		n := 3 + r.IntN(6)
		p, y := exrefVec(r, n, -4, 4), exrefVec(r, n, -4, 4)
		_, g := libGrad(t, func(a, b *Node) *Node { return losses.MeanSquaredError(a, b) }, p, y)
		ex2Floats(t, "23 MSEGrad", mle.MSEGrad(p, y), g)
		_, g = libGrad(t, func(a, b *Node) *Node { return losses.MeanAbsoluteError(a, b) }, p, y)
		ex2Floats(t, "23 MAEGrad", mle.MAEGrad(p, y), g)
		// LaplaceMLE minimises losses.LaplaceNLL (mean NLL) over (loc, scale).
		loc, scale := mle.LaplaceMLE(y)
		nll := func(m, b float64) float64 {
			locs, scales := make([]float64, n), make([]float64, n)
			for i := range locs {
				locs[i], scales[i] = m, b
			}
			return exrefLib(t, func(g *Graph) *Node { return losses.LaplaceNLL(Const(g, locs), Const(g, y), Const(g, scales)) })
		}
		best := nll(loc, scale)
		for _, d := range [][2]float64{{0.05, 1}, {-0.05, 1}, {0, 1.05}, {0, 0.95}} {
			if v := nll(loc+d[0], scale*d[1]); v < best-1e-12 { // flat between the two middle values for even n
				t.Errorf("23 LaplaceMLE(%v) = (%v, %v): losses.LaplaceNLL %.12g, but (%v, %v) gives %.12g", y, loc, scale, best, loc+d[0], scale*d[1], v)
			}
		}

		// 24: multi-label BCE = BCE with logits over all entries; softmax over labels = dense CE with q = y/Σy.
		k := 2 + r.IntN(4)
		logits := exrefMat(r, n, k, -5, 5)
		targets := make([][]float64, n)
		q := make([][]float64, n)
		for i := range targets {
			targets[i], q[i] = make([]float64, k), make([]float64, k)
			targets[i][r.IntN(k)] = 1
			targets[i][r.IntN(k)] = 1
			s := 0.0
			for _, v := range targets[i] {
				s += v
			}
			for j := range q[i] {
				q[i][j] = targets[i][j] / s
			}
		}
		loss, grad := calibration.MultiLabelBCE(logits, targets)
		v, g := libGrad(t, func(a, b *Node) *Node { return losses.BinaryCrossEntropyWithLogits(a, b) }, logits, targets)
		exrefAgree(t, "24 MultiLabelBCE", loss, v)
		ex2Floats(t, "24 MultiLabelBCE gradient", flat2(grad), g)
		loss, grad = calibration.SoftmaxOverLabels(logits, targets)
		v, g = libGrad(t, func(a, b *Node) *Node { return losses.SoftmaxCrossEntropyDense(a, b) }, logits, q)
		exrefAgree(t, "24 SoftmaxOverLabels", loss, v)
		ex2Floats(t, "24 SoftmaxOverLabels gradient", flat2(grad), g)

		// 25: InfoNCE of one anchor = softmax cross-entropy of s/τ with the positive as label.
		sims := exrefVec(r, n, -1, 1)
		pos := r.IntN(n)
		tau := 0.05 + r.Float64()
		v, g = ex2ValueGrad(t, func(xs []*Node) *Node {
			return losses.SoftmaxCrossEntropy(DivScalar(xs[0], tau), xs[1])
		}, [][]float64{sims}, []int32{int32(pos)})
		exrefAgree(t, "25 InfoNCE", temperature.InfoNCE(sims, pos, tau), v)
		ex2Floats(t, "25 Grad", temperature.Grad(sims, pos, tau), g)

		// 26: JSD = ½ KL(p ‖ m) + ½ KL(q ‖ m) with losses.KLDivergence (input log m, target p).
		pd, pg := exrefVec(r, n, 0, 1), exrefVec(r, n, 0, 1)
		normalize(pd)
		normalize(pg)
		logM := make([]float64, n)
		for i := range logM {
			logM[i] = math.Log((pd[i] + pg[i]) / 2)
		}
		kl := func(target []float64) float64 {
			return exrefLib(t, func(g *Graph) *Node {
				return losses.KLDivergence(Const(g, logM), Const(g, target), losses.Reduce(losses.ReductionSum))
			})
		}
		exrefAgree(t, "26 JSD", gantheory.JSD(pd, pg), (kl(pd)+kl(pg))/2)
		exrefAgree(t, "26 Value(D*)", gantheory.Value(gantheory.OptimalDiscriminator(pd, pg), pd, pg), -math.Log(4)+kl(pd)+kl(pg))
	}
}

func flat2(m [][]float64) []float64 {
	var out []float64
	for _, r := range m {
		out = append(out, r...)
	}
	return out
}

func normalize(p []float64) {
	s := 0.0
	for _, v := range p {
		s += v
	}
	for i := range p {
		p[i] /= s
	}
}

// TestExercisesTrack2FocalThresholdDiscriminates: exercise 19's tests require a mean
// minority recall of 0.80 on seeds 1, 2, 4 (0.78 on 7, 9 in the hidden tests) from
// focal loss; the same pipeline with plain BCE must stay below, or the threshold
// would not test the loss.
func TestExercisesTrack2FocalThresholdDiscriminates(t *testing.T) {
	if testing.Short() {
		t.Skip("trains 10 small classifiers")
	}
	backend.Quiet = true
	b := backend.Default()
	recall := func(lossFn train.LossFn, seed uint64) float64 {
		ds, err := data.Blobs(data.BlobsOptions{N: 10200, Imbalance: 1.0 / 50, Separation: 1.6, Std: 1, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		tr, te, err := ds.Split(0.4, seed+100)
		if err != nil {
			t.Fatal(err)
		}
		cfg := focaltrain.DefaultConfig
		cfg.Seed = seed
		store, err := focaltrain.Train(b, tr, lossFn, cfg)
		if err != nil {
			t.Fatal(err)
		}
		out, err := model.ExecOnce(b, store, func(scope *model.Scope, x *Node) *Node { return focaltrain.Model(scope, x) },
			tensors.FromFlatDataAndDimensions(te.FlatX32(), te.Len(), te.Dim()))
		if err != nil {
			t.Fatal(err)
		}
		logits := tensors.MustCopyFlatData[float32](out)
		tp, pos := 0, 0
		for i, y := range te.Y {
			if y == 1 {
				pos++
				if logits[i] > 0 {
					tp++
				}
			}
		}
		return float64(tp) / float64(pos)
	}
	for _, set := range []struct {
		seeds     []uint64
		threshold float64
	}{{[]uint64{1, 2, 4}, 0.80}, {[]uint64{7, 9}, 0.78}} {
		var bce, focal float64
		for _, s := range set.seeds {
			bce += recall(losses.LossFn(losses.BinaryCrossEntropyWithLogits), s) / float64(len(set.seeds))
			focal += recall(focaltrain.FocalLossFn(2, 0.75), s) / float64(len(set.seeds))
		}
		t.Logf("seeds %v: mean minority recall BCE %.3f, focal %.3f, threshold %.2f", set.seeds, bce, focal, set.threshold)
		if !(bce < set.threshold-0.03 && focal >= set.threshold+0.03) {
			t.Errorf("seeds %v: BCE %.3f and focal %.3f must sit at least 0.03 on either side of the threshold %.2f", set.seeds, bce, focal, set.threshold)
		}
	}
}
