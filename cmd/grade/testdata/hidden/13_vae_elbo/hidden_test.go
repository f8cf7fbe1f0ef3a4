package vae

// Hidden tests: compiled in by cmd/grade at grading time (as hidden_<file>); never in the learner's folder.

import (
	"testing"

	"github.com/losscourse/losscourse/exercises/internal/check"
)

func TestHiddenTask1GaussianKL(t *testing.T) {
	m, s := []float64{2, -0.5}, []float64{-2, 1}
	got := check.Call(t, 1, "GaussianKL(hidden)", func() float64 { return GaussianKL(m, s) })
	check.Float(t, 1, "GaussianKL(hidden)", got, refKL(m, s), 1e-12)
	m, s = []float64{1, 0}, []float64{0, -800}
	unchanged := check.Keep(t, 1, "GaussianKL([1 0], [0 -800])", m, s)
	got = check.Call(t, 1, "GaussianKL([1 0], [0 -800])", func() float64 { return GaussianKL(m, s) })
	check.Float(t, 1, "GaussianKL([1 0], [0 -800])", got, 0.5+399.5, 1e-12)
	unchanged()
}

func TestHiddenTask2GaussianKLGrad(t *testing.T) {
	m, s := []float64{2, -0.5}, []float64{-2, 1}
	var dm, ds []float64
	unchanged := check.Keep(t, 2, "GaussianKLGrad(hidden)", m, s)
	check.Call(t, 2, "GaussianKLGrad(hidden)", func() int { dm, ds = GaussianKLGrad(m, s); return 0 })
	unchanged()
	check.NotAliased(t, 2, "GaussianKLGrad(hidden) dMean", dm, m, s)
	check.Floats(t, 2, "GaussianKLGrad(hidden) dMean", dm, m, 1e-12)
	check.Grad(t, 2, "GaussianKLGrad(hidden) dLogVar", func(v []float64) float64 { return refKL(m, v) }, s, ds, 1e-6)
}

func TestHiddenTask3GaussianNegELBO(t *testing.T) {
	got := check.Call(t, 3, "GaussianNegELBO([1], [1], [0], [0], 2)", func() float64 {
		return GaussianNegELBO([]float64{1}, []float64{1}, []float64{1}, []float64{0}, 2)
	})
	check.Float(t, 3, "GaussianNegELBO(x=[1], xHat=[1], mean=[1], logVar=[0], beta=2)", got, 1, 1e-12)
	got = check.Call(t, 3, "GaussianNegELBO(x=[0 2], xHat=[1 2], mean=[0], logVar=[-760], beta=0.5)", func() float64 {
		return GaussianNegELBO([]float64{0, 2}, []float64{1, 2}, []float64{0}, []float64{-760}, 0.5)
	})
	check.Float(t, 3, "GaussianNegELBO(x=[0 2], xHat=[1 2], mean=[0], logVar=[-760], beta=0.5)", got, 0.5+0.5*379.5, 1e-12)
}

func TestHiddenTask4BernoulliNegELBO(t *testing.T) {
	got := check.Call(t, 4, "BernoulliNegELBO(x=[0], logits=[900], mean=[0], logVar=[0])", func() float64 {
		return BernoulliNegELBO([]float64{0}, []float64{900}, []float64{0}, []float64{0})
	})
	check.Float(t, 4, "BernoulliNegELBO(x=[0], logits=[900], mean=[0], logVar=[0])", got, 900, 1e-12)
	got = check.Call(t, 4, "BernoulliNegELBO(x=[1 1], logits=[900 -900], mean=[0], logVar=[0])", func() float64 {
		return BernoulliNegELBO([]float64{1, 1}, []float64{900, -900}, []float64{0}, []float64{0})
	})
	check.Float(t, 4, "BernoulliNegELBO(x=[1 1], logits=[900 -900], mean=[0], logVar=[0])", got, 900, 1e-12)
}
