package losses_test

import (
	"fmt"
	"math"

	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/losscourse/losscourse/pkg/backend"
	"github.com/losscourse/losscourse/pkg/losses"
)

func ExampleGaussianKL() {
	b := backend.Default()
	// Two examples with a 2-d latent: the first is the prior itself (KL 0).
	mean := [][]float32{{0, 0}, {1, -1}}
	logVar := [][]float32{{0, 0}, {0, float32(math.Log(2))}}
	perExample := MustExecOnce(b, func(mu, lv *Node) *Node {
		return losses.GaussianKL(mu, lv, losses.Reduce(losses.ReductionNone))
	}, mean, logVar)
	fmt.Printf("per example: %.4f\n", tensors.MustCopyFlatData[float32](perExample))
	mean0 := MustExecOnce(b, func(mu, lv *Node) *Node { return losses.GaussianKL(mu, lv) }, mean, logVar)
	fmt.Printf("mean: %.4f\n", mean0.Value())
	// Output:
	// per example: [0.0000 1.1534]
	// mean: 0.5767
}

func ExampleVAELoss() {
	b := backend.Default()
	x := [][]float32{{1, 0, 1}}         // binary data, one example
	logits := [][]float32{{2, -2, 0.5}} // decoder output for a sampled z
	mean := [][]float32{{0.5, 0}}
	logVar := [][]float32{{0, -1}}
	outs := MustExecOnceN(b, func(x, z, mu, lv *Node) []*Node {
		e := losses.VAELoss(x, z, mu, lv) // Bernoulli decoder on logits, β = 1
		return []*Node{e.Total, e.Reconstruction, e.KL}
	}, x, logits, mean, logVar)
	fmt.Printf("−ELBO %.4f = reconstruction %.4f + KL %.4f\n", outs[0].Value(), outs[1].Value(), outs[2].Value())
	// Output:
	// −ELBO 1.0369 = reconstruction 0.7279 + KL 0.3089
}

func ExampleReconstruction() {
	b := backend.Default()
	// A Gaussian decoder with σ = 1: the reconstruction term is ½‖x − x̂‖².
	rec := MustExecOnce(b, func(x, xHat, mu, lv *Node) *Node {
		return losses.VAELoss(x, xHat, mu, lv, losses.Reconstruction(losses.Gaussian)).Reconstruction
	}, [][]float32{{1, 2}}, [][]float32{{0, 0}}, [][]float32{{0}}, [][]float32{{0}})
	fmt.Printf("½‖x − x̂‖² = %.2f\n", rec.Value())
	// Output:
	// ½‖x − x̂‖² = 2.50
}

func ExampleKLWeight() {
	b := backend.Default()
	total := MustExecOnce(b, func(x, xHat, mu, lv *Node) *Node {
		// β-VAE with β = 4: Total = Reconstruction + 4·KL.
		return losses.VAELoss(x, xHat, mu, lv, losses.Reconstruction(losses.Gaussian), losses.KLWeight(4)).Total
	}, [][]float32{{1}}, [][]float32{{0}}, [][]float32{{1}}, [][]float32{{0}})
	fmt.Printf("0.5 + 4×0.5 = %.2f\n", total.Value())
	// Output:
	// 0.5 + 4×0.5 = 2.50
}

func ExampleDecoderSigma() {
	b := backend.Default()
	rec := MustExecOnce(b, func(x, xHat, mu, lv *Node) *Node {
		return losses.VAELoss(x, xHat, mu, lv, losses.Reconstruction(losses.Gaussian), losses.DecoderSigma(0.5)).Reconstruction
	}, [][]float32{{1}}, [][]float32{{0}}, [][]float32{{0}}, [][]float32{{0}})
	// ½(x − x̂)²/σ² + log σ = 2 + log 0.5
	fmt.Printf("%.4f\n", rec.Value())
	// Output:
	// 1.3069
}

func ExampleDecoderLogVariance() {
	b := backend.Default()
	rec := MustExecOnce(b, func(x, xHat, decLogVar, mu, lv *Node) *Node {
		return losses.VAELoss(x, xHat, mu, lv, losses.Reconstruction(losses.Gaussian), losses.DecoderLogVariance(decLogVar)).Reconstruction
	}, [][]float32{{1, 1}}, [][]float32{{0, 0}}, [][]float32{{0, float32(math.Log(0.25))}}, [][]float32{{0}}, [][]float32{{0}})
	// Feature 1: ½·1 + 0; feature 2 (σ² = ¼): ½·4 + ½·log ¼.
	fmt.Printf("%.4f\n", rec.Value())
	// Output:
	// 1.8069
}

func ExampleLikelihood_String() {
	fmt.Println(losses.BernoulliLogits, losses.Gaussian)
	// Output:
	// BernoulliLogits Gaussian
}
