package losses

// Benchmarks of the generative losses (naming and method: see
// bench_helpers_test.go). GoMLX has no built-in Gaussian KL or GAN discriminator
// loss, so these compare ours with the plain-Go loop only. n is the number of
// elements of each input (mu and logVar: n/16 rows of a 16-dimensional latent;
// real and fake logits: n each). Run with
//
//	go test ./pkg/losses/ -run '^$' -bench Generative -benchtime 5x

import (
	"math"
	"testing"

	. "github.com/gomlx/gomlx/core/graph"
)

func BenchmarkGenerative(b *testing.B) {
	const latent = 16
	benchLoss(b, "GaussianKL",
		benchImpl{"ours", func(b *testing.B, n int) {
			mu := benchTensor(benchData(n, 1, 0), n/latent, latent)
			lv := benchTensor(benchData(n, 2, 0), n/latent, latent)
			benchGraph(b, func(xs []*Node) []*Node {
				l := GaussianKL(xs[0], xs[1])
				return append([]*Node{l}, Gradient(l, xs[0], xs[1])...)
			}, mu, lv)
		}},
		benchImpl{"plain", func(b *testing.B, n int) {
			mu, lv := benchData(n, 1, 0), benchData(n, 2, 0)
			gm, gl := make([]float32, n), make([]float32, n)
			benchPlain(b, func() float32 {
				var sum float64
				inv := 1 / float64(n/latent)
				for i := range mu {
					m, l := float64(mu[i]), float64(lv[i])
					em1 := math.Expm1(l)
					sum += 0.5 * (m*m + em1 - l)
					gm[i] = float32(m * inv)
					gl[i] = float32(0.5 * em1 * inv)
				}
				return float32(sum * inv)
			})
		}})

	benchLoss(b, "GANDiscriminator",
		benchImpl{"ours", func(b *testing.B, n int) {
			real, fake := benchTensor(benchData(n, 5, 0), n), benchTensor(benchData(n, -3, 0), n)
			benchGraph(b, func(xs []*Node) []*Node {
				l := GANDiscriminatorLoss(xs[0], xs[1])
				return append([]*Node{l}, Gradient(l, xs[0], xs[1])...)
			}, real, fake)
		}},
		benchImpl{"plain", func(b *testing.B, n int) {
			real, fake := benchData(n, 5, 0), benchData(n, -3, 0)
			gr, gf := make([]float32, n), make([]float32, n)
			sp := func(z float64) float64 { return math.Max(z, 0) + math.Log1p(math.Exp(-math.Abs(z))) }
			sig := func(z float64) float64 { return 1 / (1 + math.Exp(-z)) }
			benchPlain(b, func() float32 {
				var sum float64
				inv := 1 / float64(n)
				for i := range real {
					r, f := float64(real[i]), float64(fake[i])
					sum += sp(-r) + sp(f)
					gr[i] = float32((sig(r) - 1) * inv)
					gf[i] = float32(sig(f) * inv)
				}
				return float32(sum * inv)
			})
		}})

	// Generator losses and the VAE: no GoMLX equivalent, ours only.
	gen := func(loss func(z *Node, opts ...Option) *Node) func(b *testing.B, n int) {
		return func(b *testing.B, n int) {
			benchGraph(b, func(xs []*Node) []*Node {
				l := loss(xs[0])
				return []*Node{l, Gradient(l, xs[0])[0]}
			}, benchTensor(benchData(n, -3, 0), n))
		}
	}
	benchLoss(b, "GANGeneratorNonSaturating", benchImpl{"ours", gen(GANGeneratorNonSaturatingLoss)})
	benchLoss(b, "GANGeneratorMinimax", benchImpl{"ours", gen(GANGeneratorMinimaxLoss)})
	benchLoss(b, "WassersteinGenerator", benchImpl{"ours", gen(WassersteinGeneratorLoss)})
	// VAELoss (Bernoulli logits): n = elements of x (n/64 examples of 64 features, latent 16).
	benchLoss(b, "VAE", benchImpl{"ours", func(b *testing.B, n int) {
		const features = 64
		rows := n / features
		x := benchData(n, 0.5, 0)
		for i, v := range x {
			x[i] = 0.5 + v // in [0, 1]
		}
		benchGraph(b, func(xs []*Node) []*Node {
			l := VAELoss(xs[0], xs[1], xs[2], xs[3]).Total
			return append([]*Node{l}, Gradient(l, xs[1], xs[2], xs[3])...)
		}, benchTensor(x, rows, features), benchTensor(benchData(n, 3, 1), rows, features),
			benchTensor(benchData(rows*latent, 1, 0), rows, latent), benchTensor(benchData(rows*latent, 2, 0.5), rows, latent))
	}})
}
