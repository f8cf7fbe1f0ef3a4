// Package wgan: Wasserstein GAN losses and the WGAN-GP gradient penalty.
package wgan

// Mutant interpolate_endpoints_alias: returns the real (ε = 1) or fake (ε = 0) row itself for the endpoints: the result shares memory with the inputs.

import "math"

// Critic is a one-hidden-layer critic D(x) = Σₕ Vₕ·tanh(Wₕ·x + Bₕ) + C.
// W has one row per hidden unit, each of the input's length.
type Critic struct {
	W [][]float64
	B []float64
	V []float64
	C float64
}

// Score returns D(x). (Provided: you do not need to change it.)
func (c *Critic) Score(x []float64) float64 {
	out := c.C
	for h := range c.W {
		a := c.B[h]
		for k, xk := range x {
			a += c.W[h][k] * xk
		}
		out += c.V[h] * math.Tanh(a)
	}
	return out
}

// CriticLoss returns the WGAN critic loss (the negative of the Wasserstein
// estimate the critic maximises):
//
//	L_D = mean D(G(z)) − mean D(x)
//
// Task 1.
func CriticLoss(realScores, fakeScores []float64) float64 {
	return mean(fakeScores) - mean(realScores)
}

// GeneratorLoss returns the WGAN generator loss: L_G = −mean D(G(z)).
//
// Task 1.
func GeneratorLoss(fakeScores []float64) float64 {
	return -mean(fakeScores)
}

func mean(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// Interpolate returns x̂ᵢ = εᵢ·realᵢ + (1 − εᵢ)·fakeᵢ, one random point on the
// segment between each real and fake sample (εᵢ ~ U[0, 1], given).
//
// Task 2.
func Interpolate(real, fake [][]float64, eps []float64) [][]float64 {
	out := make([][]float64, len(real))
	for i := range real {
		if eps[i] == 1 {
			out[i] = real[i]
			continue
		}
		if eps[i] == 0 {
			out[i] = fake[i]
			continue
		}
		out[i] = make([]float64, len(real[i]))
		for k := range real[i] {
			out[i][k] = eps[i]*real[i][k] + (1-eps[i])*fake[i][k]
		}
	}
	return out
}

// InputGradient returns ∇ₓD(x), the gradient of the critic's score with
// respect to its input (backpropagation through one tanh layer):
//
//	∇ₓD(x) = Σₕ Vₕ·(1 − tanh²(Wₕ·x + Bₕ))·Wₕ
//
// Task 3.
func (c *Critic) InputGradient(x []float64) []float64 {
	g := make([]float64, len(x))
	for h := range c.W {
		a := c.B[h]
		for k, xk := range x {
			a += c.W[h][k] * xk
		}
		t := math.Tanh(a)
		s := c.V[h] * (1 - t*t)
		for k := range g {
			g[k] += s * c.W[h][k]
		}
	}
	return g
}

// GradientPenalty returns the WGAN-GP penalty (Gulrajani et al. 2017), added to
// CriticLoss to keep the critic close to 1-Lipschitz:
//
//	GP = λ · (1/N) Σᵢ (‖∇ₓD(x̂ᵢ)‖₂ − 1)²,   x̂ = Interpolate(real, fake, eps)
//
// Task 4.
func GradientPenalty(c *Critic, real, fake [][]float64, eps []float64, lambda float64) float64 {
	xs := Interpolate(real, fake, eps)
	sum := 0.0
	for _, x := range xs {
		g := c.InputGradient(x)
		norm := 0.0
		for _, v := range g {
			norm += v * v
		}
		d := math.Sqrt(norm) - 1
		sum += d * d
	}
	return lambda * sum / float64(len(xs))
}
