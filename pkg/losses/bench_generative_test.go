package losses

// Benchmarks of the generative losses: forward + backward (value and gradient in
// one graph execution) on the pure-Go backend at 1k, 64k and 1M elements, side by
// side with a plain-Go scalar loop computing the same value and gradient.
//
// GoMLX has no built-in GaussianKL or GAN discriminator loss, so there is no GoMLX
// reference to compare with; the plain-Go loop is the baseline. Run with e.g.
//
//	go test ./pkg/losses/ -run '^$' -bench 'GaussianKL|GANDiscriminator' -benchtime 5x

import (
	"fmt"
	"math"
	"testing"

	"github.com/gomlx/compute"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
)

var benchSizes = []int{1 << 10, 1 << 16, 1 << 20}

func benchInputs(n int, scale float32) []float32 {
	v := make([]float32, n)
	for i := range v {
		v[i] = scale * float32(math.Sin(float64(i)*0.37))
	}
	return v
}

// benchGraph runs build (value and gradients) once to compile, then b.N times.
func benchGraph(b *testing.B, be compute.Backend, build func(xs []*Node) []*Node, args ...any) {
	e, err := NewExec(be, build)
	if err != nil {
		b.Fatal(err)
	}
	defer e.Finalize()
	run := func() {
		outs, err := e.Exec(args...)
		if err != nil {
			b.Fatal(err)
		}
		for _, o := range outs {
			o.FinalizeAll()
		}
	}
	run()
	b.ResetTimer()
	for range b.N {
		run()
	}
}

func BenchmarkGaussianKL(b *testing.B) {
	be := testBackends()[0].Backend // pure Go
	for _, n := range benchSizes {
		const latent = 16
		mu, lv := benchInputs(n, 1), benchInputs(n, 2)
		b.Run(fmt.Sprintf("gomlx-go/n=%d", n), func(b *testing.B) {
			mt := tensors.FromFlatDataAndDimensions(mu, n/latent, latent)
			lt := tensors.FromFlatDataAndDimensions(lv, n/latent, latent)
			benchGraph(b, be, func(xs []*Node) []*Node {
				l := GaussianKL(xs[0], xs[1])
				return append([]*Node{l}, Gradient(l, xs[0], xs[1])...)
			}, mt, lt)
		})
		b.Run(fmt.Sprintf("plain-go/n=%d", n), func(b *testing.B) {
			gm, gl := make([]float32, n), make([]float32, n)
			var sink float64
			for range b.N {
				var sum float64
				inv := 1 / float64(n/latent)
				for i := range mu {
					m, l := float64(mu[i]), float64(lv[i])
					em1 := math.Expm1(l)
					sum += 0.5 * (m*m + em1 - l)
					gm[i] = float32(m * inv)
					gl[i] = float32(0.5 * em1 * inv)
				}
				sink += sum * inv
			}
			_ = sink
		})
	}
}

func BenchmarkGANDiscriminatorLoss(b *testing.B) {
	be := testBackends()[0].Backend // pure Go
	for _, n := range benchSizes {
		real, fake := benchInputs(n, 5), benchInputs(n, -3)
		b.Run(fmt.Sprintf("gomlx-go/n=%d", n), func(b *testing.B) {
			benchGraph(b, be, func(xs []*Node) []*Node {
				l := GANDiscriminatorLoss(xs[0], xs[1])
				return append([]*Node{l}, Gradient(l, xs[0], xs[1])...)
			}, tensors.FromValue(real), tensors.FromValue(fake))
		})
		b.Run(fmt.Sprintf("plain-go/n=%d", n), func(b *testing.B) {
			gr, gf := make([]float32, n), make([]float32, n)
			sp := func(z float64) float64 { return math.Max(z, 0) + math.Log1p(math.Exp(-math.Abs(z))) }
			sig := func(z float64) float64 { return 1 / (1 + math.Exp(-z)) }
			var sink float64
			for range b.N {
				var sum float64
				inv := 1 / float64(n)
				for i := range real {
					r, f := float64(real[i]), float64(fake[i])
					sum += sp(-r) + sp(f)
					gr[i] = float32((sig(r) - 1) * inv)
					gf[i] = float32(sig(f) * inv)
				}
				sink += sum * inv
			}
			_ = sink
		})
	}
}
