package wgan

import (
	"fmt"
	"math"
	"testing"

	"github.com/losscourse/losscourse/exercises/internal/check"
)

var exCritic = &Critic{
	W: [][]float64{{0.5, -1, 0.3}, {1.2, 0.4, -0.7}},
	B: []float64{0.1, -0.2},
	V: []float64{1.5, -0.8},
	C: 0.3,
}

var (
	exRealX = [][]float64{{1, 0, 0.5}, {-0.3, 0.8, 1}}
	exFakeX = [][]float64{{0, 0.2, -0.5}, {0.6, -1, 0.1}}
	exEps   = []float64{0.25, 0.9}
)

// refPenalty computes the gradient penalty with finite-difference input gradients.
func refPenalty(c *Critic, real, fake [][]float64, eps []float64, lambda float64) float64 {
	s := 0.0
	for i := range real {
		x := make([]float64, len(real[i]))
		for k := range x {
			x[k] = eps[i]*real[i][k] + (1-eps[i])*fake[i][k]
		}
		h := 1e-6
		norm := 0.0
		for k := range x {
			old := x[k]
			x[k] = old + h
			fp := c.Score(x)
			x[k] = old - h
			fm := c.Score(x)
			x[k] = old
			g := (fp - fm) / (2 * h)
			norm += g * g
		}
		s += (math.Sqrt(norm) - 1) * (math.Sqrt(norm) - 1)
	}
	return lambda * s / float64(len(real))
}

// Task 1
func TestTask1WassersteinLosses(t *testing.T) {
	real, fake := []float64{1, 2, 3}, []float64{-1, 0.5}
	call := fmt.Sprintf("CriticLoss(real=%v, fake=%v)", real, fake)
	unchanged := check.Keep(t, 1, call, real, fake)
	got := check.Call(t, 1, call, func() float64 { return CriticLoss(real, fake) })
	check.Float(t, 1, call, got, -0.25-2, 1e-12)
	unchanged()
	call = fmt.Sprintf("GeneratorLoss(%v)", fake)
	got = check.Call(t, 1, call, func() float64 { return GeneratorLoss(fake) })
	check.Float(t, 1, call, got, 0.25, 1e-12)
}

// Task 2
func TestTask2Interpolate(t *testing.T) {
	call := fmt.Sprintf("Interpolate(real=%v, fake=%v, eps=%v)", exRealX, exFakeX, exEps)
	unchanged := check.Keep(t, 2, call, exRealX, exFakeX, exEps)
	got := check.Call(t, 2, call, func() [][]float64 { return Interpolate(exRealX, exFakeX, exEps) })
	unchanged()
	want := [][]float64{{0.25, 0.15, -0.25}, {-0.21, 0.62, 0.91}}
	check.Matrix(t, 2, call, got, want, 1e-12)

	// The endpoints ε = 1 (the real sample) and ε = 0 (the fake one), in new rows: the critic's
	// gradient step must not write into the data.
	eps := []float64{1, 0}
	call = fmt.Sprintf("Interpolate(real=%v, fake=%v, eps=%v)", exRealX, exFakeX, eps)
	got = check.Call(t, 2, call, func() [][]float64 { return Interpolate(exRealX, exFakeX, eps) })
	check.Matrix(t, 2, call, got, [][]float64{exRealX[0], exFakeX[1]}, 0)
	if len(got) == 2 {
		check.NotAliased(t, 2, call+" row 0", got[0], exRealX[0], exFakeX[0])
		check.NotAliased(t, 2, call+" row 1", got[1], exRealX[1], exFakeX[1])
	}
}

// Task 3
func TestTask3InputGradient(t *testing.T) {
	for _, x := range [][]float64{{0.2, -0.4, 1}, {2, 1, -3}} {
		call := fmt.Sprintf("Critic.InputGradient(%v)", x)
		unchanged := check.Keep(t, 3, call, x, exCritic)
		got := check.Call(t, 3, call, func() []float64 { return exCritic.InputGradient(x) })
		unchanged()
		check.Grad(t, 3, call, exCritic.Score, x, got, 1e-6)
	}
}

// Task 4
func TestTask4GradientPenalty(t *testing.T) {
	call := fmt.Sprintf("GradientPenalty(critic, real=%v, fake=%v, eps=%v, lambda=10)", exRealX, exFakeX, exEps)
	unchanged := check.Keep(t, 4, call, exCritic, exRealX, exFakeX, exEps)
	got := check.Call(t, 4, call, func() float64 { return GradientPenalty(exCritic, exRealX, exFakeX, exEps, 10) })
	check.Float(t, 4, call, got, refPenalty(exCritic, exRealX, exFakeX, exEps, 10), 1e-6)
	unchanged()

	// A linear critic with ‖w‖ = 1 is exactly 1-Lipschitz: zero penalty.
	lin := &Critic{W: [][]float64{{0.6, 0.8, 0}}, B: []float64{0}, V: []float64{1}, C: 0}
	x0 := [][]float64{{0, 0, 0}}
	call = "GradientPenalty(linear critic tanh(0.6x₀+0.8x₁) at x̂ = 0, lambda=10)"
	got = check.Call(t, 4, call, func() float64 { return GradientPenalty(lin, x0, x0, []float64{0.5}, 10) })
	check.Float(t, 4, call, got, 0, 1e-12)

	// A critic that is too flat (‖∇D‖ = 0.5 < 1) is penalised too: WGAN-GP's penalty is two-sided.
	flat := &Critic{W: [][]float64{{0.3, 0.4, 0}}, B: []float64{0}, V: []float64{1}, C: 0}
	call = "GradientPenalty(linear critic tanh(0.3x₀+0.4x₁) at x̂ = 0, lambda=10)"
	got = check.Call(t, 4, call, func() float64 { return GradientPenalty(flat, x0, x0, []float64{0.5}, 10) })
	check.Float(t, 4, call, got, 10*0.25, 1e-12)
}
