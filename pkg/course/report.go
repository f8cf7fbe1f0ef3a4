package course

import (
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"unicode"

	"github.com/gomlx/compute"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/losscourse/losscourse/pkg/gradcheck"
)

// Output is where Check and Claim write their lines; nil means os.Stdout (read
// at every call, so tests and Examples that capture os.Stdout see the lines).
var Output io.Writer

func out() io.Writer {
	if Output != nil {
		return Output
	}
	return os.Stdout
}

// Verdict returns "ok" when cond holds and "FAIL" otherwise: the last word of
// every CHECK/CLAIM line.
func Verdict(cond bool) string {
	if cond {
		return "ok"
	}
	return "FAIL"
}

// report writes "KIND name<sep> text verdict" and returns ok.
func report(kind, sep, name string, ok bool, format string, args ...any) bool {
	if name == "" || strings.ContainsFunc(name, func(r rune) bool { return unicode.IsSpace(r) || r == ':' }) {
		panic(fmt.Sprintf("course: %s name %q must be non-empty, without spaces or colons", kind, name))
	}
	text := strings.TrimSpace(fmt.Sprintf(format, args...))
	if text != "" {
		text = " " + text
	}
	fmt.Fprintf(out(), "%s %s%s%s %s\n", kind, name, sep, text, Verdict(ok))
	return ok
}

// Check prints "CHECK name text ok" (or FAIL) and returns ok. A CHECK is an
// exact statement — an identity, a derivation, a formula — checked numerically
// to a tight tolerance. name must not contain spaces or colons; text is
// fmt.Sprintf(format, args...).
//
// The notebook test (tests/notebooks_test.go) requires the names it lists to
// appear with "ok", and fails on any line that ends in FAIL.
func Check(name string, ok bool, format string, args ...any) bool {
	return report("CHECK", "", name, ok, format, args...)
}

// Claim prints "CLAIM name: text ok" (or FAIL) and returns ok. A CLAIM is an
// experimental result (one loss beats another, training lowers the loss) that
// could come out the other way if the behaviour broke.
func Claim(name string, ok bool, format string, args ...any) bool {
	return report("CLAIM", ":", name, ok, format, args...)
}

// CheckClose checks |got − want| ≤ tol and prints both values and the difference.
func CheckClose(name string, got, want, tol float64) bool {
	diff := math.Abs(got - want)
	return Check(name, diff <= tol, "got=%.10g want=%.10g |diff|=%.1e (tol %.0e)", got, want, diff, tol)
}

// MaxRelErr is the CS231n relative error of two vectors, max_i |a_i − b_i| /
// (|a_i| + |b_i|), skipping elements where both are below 1e-10 in magnitude
// (as gradcheck.Compare does: exact zeros and rounding noise around them are
// not a disagreement). NaN or Inf anywhere gives +Inf; different lengths panic.
func MaxRelErr(a, b []float64) float64 {
	if len(a) != len(b) {
		panic(fmt.Sprintf("course.MaxRelErr: lengths differ: %d vs %d", len(a), len(b)))
	}
	worst := 0.0
	for i := range a {
		if math.IsNaN(a[i]) || math.IsNaN(b[i]) || math.IsInf(a[i], 0) || math.IsInf(b[i], 0) {
			return math.Inf(1)
		}
		if math.Abs(a[i]) < 1e-10 && math.Abs(b[i]) < 1e-10 {
			continue
		}
		worst = max(worst, math.Abs(a[i]-b[i])/(math.Abs(a[i])+math.Abs(b[i])))
	}
	return worst
}

// MaxAbsDiff is max_i |a_i − b_i| (+Inf if any element is NaN); different lengths panic.
func MaxAbsDiff(a, b []float64) float64 {
	if len(a) != len(b) {
		panic(fmt.Sprintf("course.MaxAbsDiff: lengths differ: %d vs %d", len(a), len(b)))
	}
	worst := 0.0
	for i := range a {
		d := math.Abs(a[i] - b[i])
		if math.IsNaN(d) {
			return math.Inf(1)
		}
		worst = max(worst, d)
	}
	return worst
}

// CheckRelErr checks that two vectors agree to a relative error (MaxRelErr)
// below tol — typically a hand-derived gradient against autodiff.
func CheckRelErr(name string, got, want []float64, tol float64) bool {
	rel := MaxRelErr(got, want)
	return Check(name, rel < tol, "rel_err=%.1e over %d values (tol %.0e)", rel, len(got), tol)
}

// CheckGradient compares GoMLX's autodiff gradient of the scalar graph function
// f with a float64 central finite difference (gradcheck.Graph), prints
// "CHECK name loss=… rel_err=… ok" and returns the result. tol ≤ 0 means
// gradcheck.DefaultTolerance (1e-6). Keep the inputs away from kinks (|x|,
// hinges), where a finite difference straddles the kink.
func CheckGradient(name string, b compute.Backend, f func(xs []*graph.Node) *graph.Node, inputs []gradcheck.Input, tol float64) *gradcheck.Result {
	if tol <= 0 {
		tol = gradcheck.DefaultTolerance
	}
	res, err := gradcheck.Graph(b, f, inputs, 0)
	if err != nil {
		Check(name, false, "gradcheck failed: %v", err)
		return nil
	}
	rel := 0.0
	for i := range res.Autodiff {
		if res.Autodiff[i] != nil {
			rel = max(rel, MaxRelErr(res.Autodiff[i], res.Numeric[i]))
		}
	}
	err = res.Err(tol)
	Check(name, err == nil, "loss=%.6g rel_err=%.1e (autodiff vs finite differences, tol %.0e)", res.Value, rel, tol)
	return res
}
