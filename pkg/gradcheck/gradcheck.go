// Package gradcheck checks gradients the CS231n way: against a float64 central
// finite difference, with a relative error.
//
// It has two layers:
//
//   - Plain Go: Numeric, RelError and Check work on func([]float64) float64, so a
//     learner can check a hand-derived gradient with no graph at all.
//   - GoMLX: Graph computes, for a scalar graph function of several inputs, the
//     autodiff gradient and the finite-difference gradient (both in float64), and
//     compares them. Use it to check custom (closed-form) gradients.
//
// Relative error rule of thumb (float64, h = 1e-6): below 1e-7 is excellent,
// below 1e-5 is fine for smooth functions, around 1e-3 or above means a bug —
// unless the input sits on a kink (ReLU, hinge, |x|), where the finite difference
// straddles the kink: keep test points away from kinks.
package gradcheck

import (
	"fmt"
	"math"
)

// DefaultStep is the finite-difference step h used when 0 is given.
const DefaultStep = 1e-6

// DefaultTolerance is the relative-error tolerance used when 0 is given.
const DefaultTolerance = 1e-6

// Numeric returns the central finite-difference gradient of f at x:
//
//	g_i = (f(x + h·e_i) − f(x − h·e_i)) / 2h
//
// x is not modified (it is restored after each probe). h ≤ 0 means DefaultStep;
// a NaN or infinite h is a programming error and panics.
func Numeric(f func(x []float64) float64, x []float64, h float64) []float64 {
	if math.IsNaN(h) || math.IsInf(h, 0) {
		panic(fmt.Sprintf("gradcheck.Numeric: step h must be finite, got %g", h))
	}
	if h <= 0 {
		h = DefaultStep
	}
	g := make([]float64, len(x))
	for i := range x {
		old := x[i]
		x[i] = old + h
		fp := f(x)
		x[i] = old - h
		fm := f(x)
		x[i] = old
		g[i] = (fp - fm) / (2 * h)
	}
	return g
}

// RelError is the CS231n relative error between two gradients: the largest
// element-wise |a_i − b_i| / max(|a_i| + |b_i|, 1e-12). It is 0 for identical
// inputs, NaN-safe (any NaN gives +Inf) and panics if the lengths differ.
func RelError(a, b []float64) float64 {
	if len(a) != len(b) {
		panic(fmt.Sprintf("gradcheck.RelError: lengths differ: %d vs %d", len(a), len(b)))
	}
	worst := 0.0
	for i := range a {
		e := relErr(a[i], b[i])
		if e > worst {
			worst = e
		}
	}
	return worst
}

func relErr(a, b float64) float64 {
	if math.IsNaN(a) || math.IsNaN(b) || math.IsInf(a, 0) || math.IsInf(b, 0) {
		return math.Inf(1)
	}
	den := math.Abs(a) + math.Abs(b)
	if den < 1e-12 {
		den = 1e-12
	}
	return math.Abs(a-b) / den
}

// Mismatch describes the worst element of a failed check.
type Mismatch struct {
	Index             int     // flat index of the worst element
	Analytic, Numeric float64 // the two gradient values there
	RelError          float64 // CS231n relative error at that element
	Tolerance         float64
}

func (m *Mismatch) Error() string {
	return fmt.Sprintf("gradient mismatch at index %d: analytic %.10g vs finite-difference %.10g (relative error %.3g > tolerance %.3g)",
		m.Index, m.Analytic, m.Numeric, m.RelError, m.Tolerance)
}

// Compare returns nil if analytic and numeric agree within tol (relative error,
// element-wise), or a *Mismatch describing the worst element. tol ≤ 0 means
// DefaultTolerance; a NaN or infinite tol is an error (it would accept
// anything). Elements where both values are below 1e-10 in magnitude count as
// equal; a NaN or infinite value is never within tolerance.
func Compare(analytic, numeric []float64, tol float64) error {
	if math.IsNaN(tol) || math.IsInf(tol, 0) {
		return fmt.Errorf("gradcheck: tolerance must be a finite number, got %g", tol)
	}
	if tol <= 0 {
		tol = DefaultTolerance
	}
	if len(analytic) != len(numeric) {
		return fmt.Errorf("gradcheck: analytic gradient has %d elements, finite-difference gradient has %d", len(analytic), len(numeric))
	}
	var worst *Mismatch
	for i := range analytic {
		if math.Abs(analytic[i]) < 1e-10 && math.Abs(numeric[i]) < 1e-10 {
			continue
		}
		e := relErr(analytic[i], numeric[i])
		if e > tol && (worst == nil || e > worst.RelError) {
			worst = &Mismatch{Index: i, Analytic: analytic[i], Numeric: numeric[i], RelError: e, Tolerance: tol}
		}
	}
	if worst != nil {
		return worst
	}
	return nil
}

// Check compares grad(x) against the finite-difference gradient of f at x.
// It returns nil when they agree within tol, else a *Mismatch (or a length error).
func Check(f func(x []float64) float64, grad func(x []float64) []float64, x []float64, tol float64) error {
	xs := append([]float64(nil), x...)
	analytic := grad(xs)
	numeric := Numeric(f, xs, 0)
	return Compare(analytic, numeric, tol)
}
