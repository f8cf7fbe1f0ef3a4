// Package wgan: Wasserstein GAN losses and the WGAN-GP gradient penalty.
package wgan

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
	panic("TODO: Task 1 — implement CriticLoss")
}

// GeneratorLoss returns the WGAN generator loss: L_G = −mean D(G(z)).
//
// Task 1.
func GeneratorLoss(fakeScores []float64) float64 {
	panic("TODO: Task 1 — implement GeneratorLoss")
}

// Interpolate returns x̂ᵢ = εᵢ·realᵢ + (1 − εᵢ)·fakeᵢ, one random point on the
// segment between each real and fake sample (εᵢ ~ U[0, 1], given).
//
// Task 2.
func Interpolate(real, fake [][]float64, eps []float64) [][]float64 {
	panic("TODO: Task 2 — implement Interpolate")
}

// InputGradient returns ∇ₓD(x), the gradient of the critic's score with
// respect to its input (backpropagation through one tanh layer):
//
//	∇ₓD(x) = Σₕ Vₕ·(1 − tanh²(Wₕ·x + Bₕ))·Wₕ
//
// Task 3.
func (c *Critic) InputGradient(x []float64) []float64 {
	panic("TODO: Task 3 — implement InputGradient")
}

// GradientPenalty returns the WGAN-GP penalty (Gulrajani et al. 2017), added to
// CriticLoss to keep the critic close to 1-Lipschitz:
//
//	GP = λ · (1/N) Σᵢ (‖∇ₓD(x̂ᵢ)‖₂ − 1)²,   x̂ = Interpolate(real, fake, eps)
//
// Task 4.
func GradientPenalty(c *Critic, real, fake [][]float64, eps []float64, lambda float64) float64 {
	panic("TODO: Task 4 — implement GradientPenalty")
}
