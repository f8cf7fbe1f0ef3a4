package losses

import (
	"math"
	"testing"

	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/losscourse/losscourse/pkg/gradcheck"
	"github.com/stretchr/testify/require"
)

func TestGANLossesMatchPyTorch(t *testing.T) {
	gold := loadGenerativeGolden(t).Cases.GAN
	for _, nb := range testBackends() {
		t.Run(nb.Name, func(t *testing.T) {
			outs := execFlat(t, nb.Backend, func(g *Graph) []*Node {
				real, fake := Const(g, gold.Real), Const(g, gold.Fake)
				dSmooth := GANDiscriminatorLoss(real, fake, RealLabel(0.9))
				dGrads := Gradient(dSmooth, real, fake)
				mm := GANGeneratorMinimaxLoss(fake)
				ns := GANGeneratorNonSaturatingLoss(fake)
				return []*Node{dSmooth, dGrads[0], dGrads[1], GANDiscriminatorLoss(real, fake),
					mm, Gradient(mm, fake)[0], ns, Gradient(ns, fake)[0],
					WassersteinCriticLoss(real, fake), WassersteinGeneratorLoss(fake)}
			})
			requireAllClose(t, "GANDiscriminatorLoss(RealLabel(0.9)) vs torch BCE-with-logits sum of means", outs[0], []float64{gold.DiscRealLabel09}, 1e-12)
			requireAllClose(t, "∂L_D/∂realLogits", outs[1], gold.DiscGradReal, 1e-12)
			requireAllClose(t, "∂L_D/∂fakeLogits", outs[2], gold.DiscGradFake, 1e-12)
			requireAllClose(t, "GANDiscriminatorLoss", outs[3], []float64{gold.Disc}, 1e-12)
			requireAllClose(t, "GANGeneratorMinimaxLoss vs −BCE(fake, 0)", outs[4], []float64{gold.GenMinimax}, 1e-12)
			requireAllClose(t, "∂minimax/∂fake", outs[5], gold.GenMinimaxGrad, 1e-12)
			requireAllClose(t, "GANGeneratorNonSaturatingLoss vs BCE(fake, 1)", outs[6], []float64{gold.GenNonsaturating}, 1e-12)
			requireAllClose(t, "∂non-saturating/∂fake", outs[7], gold.GenNonsaturatingGrad, 1e-12)
			requireAllClose(t, "WassersteinCriticLoss = mean(fake) − mean(real)", outs[8], []float64{gold.WassersteinCritic}, 1e-12)
			requireAllClose(t, "WassersteinGeneratorLoss = −mean(fake)", outs[9], []float64{gold.WassersteinGenerator}, 1e-12)
		})
	}
}

func TestGANLossValues(t *testing.T) {
	sp := func(v float64) float64 { return math.Log1p(math.Exp(v)) }
	for _, nb := range testBackends() {
		t.Run(nb.Name, func(t *testing.T) {
			cases := []struct {
				name  string
				build func(g *Graph) *Node
				want  float64
			}{
				{"D loss at logits 0 is 2·log 2", func(g *Graph) *Node {
					return GANDiscriminatorLoss(Const(g, []float64{0, 0}), Const(g, []float64{0, 0, 0}))
				}, 2 * math.Ln2},
				{"D loss, sum reduction", func(g *Graph) *Node {
					return GANDiscriminatorLoss(Const(g, []float64{1, 2}), Const(g, []float64{-1}), Reduce(ReductionSum))
				}, sp(-1) + sp(-2) + sp(-1)},
				{"D loss, none reduction, element-wise sum", func(g *Graph) *Node {
					return ReduceAllSum(GANDiscriminatorLoss(Const(g, []float64{1, 2}), Const(g, []float64{-1, 0}), Reduce(ReductionNone)))
				}, sp(-1) + sp(-2) + sp(-1) + sp(0)},
				{"minimax generator = log(1 − D)", func(g *Graph) *Node {
					return GANGeneratorMinimaxLoss(Const(g, []float64{1}))
				}, math.Log(1 - 1/(1+math.Exp(-1)))},
				{"non-saturating generator = −log D, masked", func(g *Graph) *Node {
					return GANGeneratorNonSaturatingLoss(Const(g, []float64{1, 5}), Mask(Const(g, []bool{true, false})))
				}, -math.Log(1 / (1 + math.Exp(-1)))},
				{"Wasserstein critic, sum", func(g *Graph) *Node {
					return WassersteinCriticLoss(Const(g, []float64{3, 4}), Const(g, []float64{1}), Reduce(ReductionSum))
				}, 1 - 7},
				{"Wasserstein generator, weighted", func(g *Graph) *Node {
					return WassersteinGeneratorLoss(Const(g, []float64{2, 4}), Weights(Const(g, []float64{1, 3})))
				}, -(2 + 12) / 4.0},
			}
			for _, c := range cases {
				got := execScalar(t, nb.Backend, c.build)
				require.InDeltaf(t, c.want, got, 1e-12, "%s: got %.12g, want %.12g", c.name, got, c.want)
			}
		})
	}
}

func TestGANLossesGradientThreeWays(t *testing.T) {
	real := []float64{2.0, -0.5, 0.1, 3.5}
	fake := []float64{-3.0, 0.4, 1.2}
	checkGradThreeWays(t, "GANDiscriminatorLoss RealLabel(0.9)", func(xs []*Node) *Node {
		return GANDiscriminatorLoss(xs[0], xs[1], RealLabel(0.9))
	}, input(real, 4), input(fake, 3))
	checkGradThreeWays(t, "GANGeneratorMinimaxLoss", func(xs []*Node) *Node {
		return GANGeneratorMinimaxLoss(xs[0])
	}, input(fake, 3))
	checkGradThreeWays(t, "GANGeneratorNonSaturatingLoss weighted", func(xs []*Node) *Node {
		return GANGeneratorNonSaturatingLoss(xs[0], Weights(xs[1]))
	}, input(fake, 3), constInput([]float64{1, 2, 0.5}, 3))
	checkGradThreeWays(t, "WassersteinCriticLoss", func(xs []*Node) *Node {
		return WassersteinCriticLoss(xs[0], xs[1])
	}, input(real, 4), input(fake, 3))
	checkGradThreeWays(t, "WassersteinGeneratorLoss", func(xs []*Node) *Node {
		return WassersteinGeneratorLoss(xs[0])
	}, input(fake, 3))
}

// TestGANGeneratorSaturation shows why the minimax generator loss is not used: when
// the discriminator confidently rejects the fakes (very negative logits), its
// gradient vanishes like e^z while the non-saturating loss keeps a gradient ≈ −1.
func TestGANGeneratorSaturation(t *testing.T) {
	logits := []float64{-5, -10, -20, -1e4}
	outs := execFlat(t, testBackends()[0].Backend, func(g *Graph) []*Node {
		z := Const(g, logits)
		mm := GANGeneratorMinimaxLoss(z, Reduce(ReductionSum))
		ns := GANGeneratorNonSaturatingLoss(z, Reduce(ReductionSum))
		return []*Node{Gradient(mm, z)[0], Gradient(ns, z)[0]}
	})
	for i, z := range logits {
		gMinimax, gNonSat := outs[0][i], outs[1][i]
		sig := 1 / (1 + math.Exp(-z))
		require.InDeltaf(t, -sig, gMinimax, 1e-15+1e-9*sig, "∂minimax/∂z at z=%g: got %g, want −sigmoid(z) = %g", z, gMinimax, -sig)
		require.InDeltaf(t, sig-1, gNonSat, 1e-12, "∂non-saturating/∂z at z=%g: got %g, want sigmoid(z) − 1 = %g", z, gNonSat, sig-1)
		if z <= -10 && !(math.Abs(gMinimax) < 1e-4 && math.Abs(gNonSat) > 0.9999) {
			t.Errorf("at z=%g the minimax gradient %g should have vanished (< 1e-4) while the non-saturating one %g stays ≈ −1", z, gMinimax, gNonSat)
		}
		t.Logf("z=%-6g  ∂minimax/∂z=%-12.4g  ∂non-saturating/∂z=%.6f", z, gMinimax, gNonSat)
	}
}

// TestGANExtremeLogits: logits of ±1e4 in float32 give finite losses and gradients.
func TestGANExtremeLogits(t *testing.T) {
	for _, nb := range testBackends() {
		outs := execFlat(t, nb.Backend, func(g *Graph) []*Node {
			real := Const(g, []float32{1e4, -1e4})
			fake := Const(g, []float32{-1e4, 1e4})
			d := GANDiscriminatorLoss(real, fake, Reduce(ReductionSum))
			ns := GANGeneratorNonSaturatingLoss(fake, Reduce(ReductionSum))
			mm := GANGeneratorMinimaxLoss(fake, Reduce(ReductionSum))
			dg := Gradient(d, real, fake)
			return []*Node{d, dg[0], dg[1], ns, Gradient(ns, fake)[0], mm, Gradient(mm, fake)[0]}
		})
		name := nb.Name + " float32 logits ±1e4: "
		requireAllClose(t, name+"D loss (one wrong real, one wrong fake)", outs[0], []float64{2e4}, 1e-6)
		requireAllClose(t, name+"∂D/∂real", outs[1], []float64{0, -1}, 1e-6)
		requireAllClose(t, name+"∂D/∂fake", outs[2], []float64{0, 1}, 1e-6)
		requireAllClose(t, name+"non-saturating G loss", outs[3], []float64{1e4}, 1e-6)
		requireAllClose(t, name+"∂G_ns/∂fake", outs[4], []float64{-1, 0}, 1e-6)
		requireAllClose(t, name+"minimax G loss", outs[5], []float64{-1e4}, 1e-6)
		requireAllClose(t, name+"∂G_mm/∂fake", outs[6], []float64{0, -1}, 1e-6)
	}
}

// gpCritic is critic(x) = tanh(x·W)·v, one score per example.
func gpCritic(w, v *Node) func(x *Node) *Node {
	return func(x *Node) *Node {
		h := Tanh(MatMul(x, w))
		return Reshape(MatMul(h, Reshape(v, v.Shape().Size(), 1)), x.Shape().Dimensions[0])
	}
}

func TestGradientPenaltyMatchesPyTorch(t *testing.T) {
	gold := loadGenerativeGolden(t).Cases.GradientPenalty
	for _, nb := range testBackends() {
		t.Run(nb.Name, func(t *testing.T) {
			outs := execFlat(t, nb.Backend, func(g *Graph) []*Node {
				w := Reshape(Const(g, gold.W), 3, 3)
				v := Const(g, gold.V)
				real := Reshape(Const(g, gold.Real), gold.Dims...)
				fake := Reshape(Const(g, gold.Fake), gold.Dims...)
				gp := GradientPenalty(gpCritic(w, v), real, fake, Const(g, gold.Epsilon))
				grads := Gradient(gp, w, real, fake) // second-order: gp contains a gradient
				return []*Node{gp, grads[0], grads[1], grads[2]}
			})
			requireAllClose(t, "GradientPenalty vs torch.autograd.grad(create_graph=True)", outs[0], []float64{gold.Penalty}, 1e-12)
			requireAllClose(t, "∂GP/∂W (second order)", outs[1], gold.GradW, 1e-12)
			requireAllClose(t, "∂GP/∂real", outs[2], gold.GradReal, 1e-12)
			requireAllClose(t, "∂GP/∂fake", outs[3], gold.GradFake, 1e-12)
		})
	}
}

// TestGradientPenaltySecondOrderFiniteDifferences checks the second-order autodiff
// gradient of the penalty with respect to the critic's weights against float64
// finite differences, on every backend.
func TestGradientPenaltySecondOrderFiniteDifferences(t *testing.T) {
	w := []float64{0.1, 0.2, -0.3, -0.4, 0.5, 0.6, 0.7, -0.8, 0.2}
	v := []float64{1.0, -1.0, 0.5}
	real := []float64{0.3, -0.5, 1.0, 1.0, 2.0, -1.0}
	fake := []float64{0.1, 0.1, 0.1, -0.5, 0.3, 0.9}
	eps := []float64{0.3, 0.8}
	for _, nb := range testBackends() {
		res, err := gradcheck.Graph(nb.Backend, func(xs []*Node) *Node {
			return GradientPenalty(gpCritic(xs[0], xs[1]), xs[2], xs[3], xs[4])
		}, []gradcheck.Input{input(w, 3, 3), input(v, 3), input(real, 2, 3), input(fake, 2, 3), constInput(eps, 2)}, 0)
		if err != nil {
			t.Fatalf("GradientPenalty on %s: %v", nb.Name, err)
		}
		if err := res.Err(1e-6); err != nil {
			t.Errorf("GradientPenalty on %s: second-order autodiff vs finite differences: %v", nb.Name, err)
		}
	}
}

func TestGradientPenaltyEpsilonShapesAndZeroGradient(t *testing.T) {
	b := testBackends()[0].Backend
	real := [][][]float64{{{1, 2}, {3, 4}}, {{0, 1}, {-1, 2}}}
	fake := [][][]float64{{{0, 0}, {1, 1}}, {{2, 2}, {0.5, 0}}}
	// critic(x) = Σ c·x per example (linear): ‖∇‖ = ‖c‖ everywhere = 2 for c = 1 over 4 entries.
	linear := func(x *Node) *Node { return ReduceSum(x, 1, 2) }
	for _, epsShape := range [][]int{{2}, {2, 1, 1}, {2, 2, 2}} {
		got := execScalar(t, b, func(g *Graph) *Node {
			eps := BroadcastToDims(Reshape(Const(g, []float64{0.2, 0.7}), append([]int{2}, onesInts(len(epsShape)-1)...)...), epsShape...)
			return GradientPenalty(linear, Const(g, real), Const(g, fake), eps)
		})
		require.InDeltaf(t, 1.0, got, 1e-12, "GradientPenalty of a critic with ‖∇‖ = 2, epsilon shape %v: got %g, want (2−1)² = 1", epsShape, got)
	}
	// A constant critic has zero input gradient: the penalty is (0 − 1)² = 1 and its gradient is finite (no NaN from sqrt at 0).
	outs := execFlat(t, b, func(g *Graph) []*Node {
		w := Const(g, []float64{0.5})
		constant := func(x *Node) *Node { return Add(MulScalar(ReduceSum(x, 1, 2), 0), BroadcastToDims(w, 2)) }
		real, fake := Const(g, real), Const(g, fake)
		gp := GradientPenalty(constant, real, fake, Const(g, []float64{0.5, 0.5}))
		return []*Node{gp, Gradient(gp, real)[0]}
	})
	require.InDeltaf(t, 1.0, outs[0][0], 1e-12, "GradientPenalty of a constant critic")
	for i, gv := range outs[1] {
		if math.IsNaN(gv) || gv != 0 {
			t.Errorf("∂GP/∂real[%d] for a constant critic: got %g, want 0", i, gv)
		}
	}
}

func TestClipVariables(t *testing.T) {
	b := testBackends()[0].Backend
	store := model.NewStore()
	root := store.RootScope()
	critic := root.In("critic")
	w := critic.VariableWithValue("w", []float32{-0.5, 0.003, 0.2})
	inner := critic.In("layer").VariableWithValue("b", []float32{-0.02})
	frozen := critic.VariableWithValue("frozen", []float32{5}).SetTrainable(false)
	other := root.In("generator").VariableWithValue("w", []float32{3})
	var clippedNames []string
	e, err := model.NewExec(b, store, func(scope *model.Scope, g *Graph) *Node {
		clipped := ClipVariables(critic, g, 0.01)
		clippedNames = clippedNames[:0]
		for _, v := range clipped {
			clippedNames = append(clippedNames, v.Path())
		}
		return Const(g, float32(0))
	})
	require.NoError(t, err)
	_, err = e.Exec()
	require.NoError(t, err)
	value := func(v *model.Variable) []float32 { return tensors.MustCopyFlatData[float32](v.MustValue()) }
	require.Equalf(t, []float32{-0.01, 0.003, 0.01}, value(w), "critic/w after ClipVariables(critic, 0.01)")
	require.Equalf(t, []float32{-0.01}, value(inner), "critic/layer/b (sub-scope) after clipping")
	require.Equalf(t, []float32{5}, value(frozen), "non-trainable critic/frozen must not be clipped")
	require.Equalf(t, []float32{3}, value(other), "generator/w is outside the scope and must not be clipped")
	require.ElementsMatchf(t, []string{w.Path(), inner.Path()}, clippedNames, "ClipVariables return value")
}

func TestGANBadInput(t *testing.T) {
	expectLossError(t, "RealLabel out of range", func(g *Graph) {
		GANDiscriminatorLoss(Const(g, []float32{1}), Const(g, []float32{1}), RealLabel(1.5))
	}, "losses.GANDiscriminatorLoss", "RealLabel", "1.5")
	expectLossError(t, "dtype mismatch", func(g *Graph) {
		GANDiscriminatorLoss(Const(g, []float32{1}), Const(g, []float64{1}))
	}, "losses.GANDiscriminatorLoss", "fakeLogits", "Float64")
	expectLossError(t, "ReductionNone with different batch sizes", func(g *Graph) {
		WassersteinCriticLoss(Const(g, []float32{1, 2}), Const(g, []float32{1}), Reduce(ReductionNone))
	}, "losses.WassersteinCriticLoss", "fakeScores", "ReductionNone")
	expectLossError(t, "Weights not supported for the two-batch discriminator loss", func(g *Graph) {
		GANDiscriminatorLoss(Const(g, []float32{1}), Const(g, []float32{1}), Weights(Const(g, []float32{1})))
	}, "losses.GANDiscriminatorLoss", "Weights")
	expectLossError(t, "int logits", func(g *Graph) {
		GANGeneratorNonSaturatingLoss(Const(g, []int32{1}))
	}, "losses.GANGeneratorNonSaturatingLoss", "fakeLogits", "Int32")
	critic := func(x *Node) *Node { return ReduceSum(x, 1) }
	expectLossError(t, "real/fake shape mismatch", func(g *Graph) {
		GradientPenalty(critic, Zeros(g, shapeF32(2, 3)), Zeros(g, shapeF32(2, 4)), Zeros(g, shapeF32(2)))
	}, "losses.GradientPenalty", "fake", "[2, 4]", "[2, 3]")
	expectLossError(t, "epsilon shape", func(g *Graph) {
		GradientPenalty(critic, Zeros(g, shapeF32(2, 3)), Zeros(g, shapeF32(2, 3)), Zeros(g, shapeF32(3)))
	}, "losses.GradientPenalty", "epsilon", "[3]")
	expectLossError(t, "critic output shape", func(g *Graph) {
		GradientPenalty(func(x *Node) *Node { return x }, Zeros(g, shapeF32(2, 3)), Zeros(g, shapeF32(2, 3)), Zeros(g, shapeF32(2)))
	}, "losses.GradientPenalty", "critic", "one score per example")
	expectLossError(t, "ClipVariables c ≤ 0", func(g *Graph) {
		ClipVariables(model.NewStore().RootScope(), g, 0)
	}, "losses.ClipVariables", "argument c", "> 0")
}
