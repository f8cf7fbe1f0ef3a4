package losses_test

import (
	"fmt"

	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/losscourse/losscourse/pkg/backend"
	"github.com/losscourse/losscourse/pkg/losses"
)

func ExampleGANDiscriminatorLoss() {
	b := backend.Default()
	l := MustExecOnce(b, func(real, fake *Node) *Node {
		return losses.GANDiscriminatorLoss(real, fake)
	}, []float32{3, 2}, []float32{-2, 0})
	// mean softplus(−real) + mean softplus(fake) = (0.0486 + 0.1269)/2 + (0.1269 + 0.6931)/2
	fmt.Printf("%.4f\n", l.Value())
	// Output:
	// 0.4978
}

func ExampleRealLabel() {
	b := backend.Default()
	// One-sided label smoothing: real targets 0.9, fake targets stay 0.
	l := MustExecOnce(b, func(real, fake *Node) *Node {
		return losses.GANDiscriminatorLoss(real, fake, losses.RealLabel(0.9))
	}, []float32{3, 2}, []float32{-2, 0})
	// softplus(z) − 0.9·z = softplus(−z) + 0.1·z: 0.1·mean(3, 2) = 0.25 more than with label 1.
	fmt.Printf("%.4f\n", l.Value())
	// Output:
	// 0.7478
}

func ExampleGANGeneratorMinimaxLoss() {
	b := backend.Default()
	// D confidently rejects the fake (logit −10): the loss is ≈ 0 and so is its gradient.
	outs := MustExecOnceN(b, func(fake *Node) []*Node {
		l := losses.GANGeneratorMinimaxLoss(fake)
		return []*Node{l, Gradient(l, fake)[0]}
	}, []float32{-10})
	fmt.Printf("loss %.6f, gradient %.6f\n", outs[0].Value(), tensors.MustCopyFlatData[float32](outs[1])[0])
	// Output:
	// loss -0.000045, gradient -0.000045
}

func ExampleGANGeneratorNonSaturatingLoss() {
	b := backend.Default()
	// Same rejected fake: the non-saturating loss still has a gradient ≈ −1.
	outs := MustExecOnceN(b, func(fake *Node) []*Node {
		l := losses.GANGeneratorNonSaturatingLoss(fake)
		return []*Node{l, Gradient(l, fake)[0]}
	}, []float32{-10})
	fmt.Printf("loss %.4f, gradient %.4f\n", outs[0].Value(), tensors.MustCopyFlatData[float32](outs[1])[0])
	// Output:
	// loss 10.0000, gradient -1.0000
}

func ExampleWassersteinCriticLoss() {
	b := backend.Default()
	l := MustExecOnce(b, func(real, fake *Node) *Node {
		return losses.WassersteinCriticLoss(real, fake)
	}, []float32{2, 4}, []float32{-1, 0, 1})
	fmt.Printf("mean(fake) − mean(real) = %.1f\n", l.Value())
	// Output:
	// mean(fake) − mean(real) = -3.0
}

func ExampleWassersteinGeneratorLoss() {
	b := backend.Default()
	l := MustExecOnce(b, func(fake *Node) *Node { return losses.WassersteinGeneratorLoss(fake) }, []float32{-1, 0, 4})
	fmt.Printf("%.1f\n", l.Value())
	// Output:
	// -1.0
}

func ExampleGradientPenalty() {
	b := backend.Default()
	// A linear critic f(x) = 3·x₀ + 4·x₁ has ‖∇f‖ = 5 everywhere: penalty (5 − 1)² = 16.
	l := MustExecOnce(b, func(real, fake, eps *Node) *Node {
		w := Const(real.Graph(), [][]float32{{3}, {4}})
		critic := func(x *Node) *Node { return Reshape(MatMul(x, w), x.Shape().Dimensions[0]) }
		return losses.GradientPenalty(critic, real, fake, eps)
	}, [][]float32{{1, 2}, {0, 1}}, [][]float32{{0, 0}, {3, 3}}, []float32{0.3, 0.6})
	fmt.Printf("%.1f\n", l.Value())
	// Output:
	// 16.0
}

func ExampleClipVariables() {
	b := backend.Default()
	store := model.NewStore()
	critic := store.RootScope().In("critic")
	w := critic.VariableWithValue("w", []float32{-0.5, 0.003, 0.2})
	e := model.MustNewExec(b, store, func(scope *model.Scope, g *Graph) *Node {
		losses.ClipVariables(critic, g, 0.01) // WGAN weight clipping, c = 0.01
		return Const(g, int32(0))
	})
	e.MustExec()
	fmt.Println(tensors.MustCopyFlatData[float32](w.MustValue()))
	// Output:
	// [-0.01 0.003 0.01]
}
