// Package check holds the small helpers every exercise test uses, so that
// every failure message has the same shape:
//
//	Task 2: BCEWithLogits(z=[-800], y=[1]): got +Inf, want 800 (tolerance 1e-09)
//
// which task, which call with which input, what you returned, what was expected
// and how close you had to be. You never need to edit this package.
package check

import (
	"fmt"
	"math"
	"reflect"
	"testing"

	"github.com/losscourse/losscourse/pkg/gradcheck"
)

// Call runs f and turns a panic (such as the stub's panic("TODO ...")) into a
// test failure that names the task and the call, then stops the test.
func Call[T any](t testing.TB, task int, call string, f func() T) (out T) {
	t.Helper()
	func() {
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("Task %d: %s panicked: %v", task, call, r)
			}
		}()
		out = f()
	}()
	return out
}

// Close reports whether got is within tol of want, measured as
// |got − want| ≤ tol·max(1, |want|) (absolute near 0, relative for large values).
// NaN never matches; +Inf matches only +Inf.
func Close(got, want, tol float64) bool {
	if math.IsNaN(got) || math.IsNaN(want) {
		return math.IsNaN(got) && math.IsNaN(want)
	}
	if math.IsInf(got, 0) || math.IsInf(want, 0) {
		return got == want
	}
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

// Float fails the test unless got is Close to want.
func Float(t testing.TB, task int, call string, got, want, tol float64) {
	t.Helper()
	if !Close(got, want, tol) {
		t.Errorf("Task %d: %s: got %.10g, want %.10g (tolerance %.3g)", task, call, got, want, tol)
	}
}

// RelFloat fails the test unless |got − want| ≤ tol·|want|: a purely relative
// check, for tiny values such as log(1 + e⁻⁴⁰) ≈ 4.2e-18 where an absolute
// tolerance would accept 0.
func RelFloat(t testing.TB, task int, call string, got, want, tol float64) {
	t.Helper()
	if math.IsNaN(got) || math.IsInf(got, 0) || math.Abs(got-want) > tol*math.Abs(want) {
		t.Errorf("Task %d: %s: got %.10g, want %.10g (relative tolerance %.3g)", task, call, got, want, tol)
	}
}

// Floats fails the test unless got and want have the same length and every
// element is Close; it reports the first wrong element.
func Floats(t testing.TB, task int, call string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("Task %d: %s: got %d values %v, want %d values %v", task, call, len(got), got, len(want), want)
		return
	}
	for i := range want {
		if !Close(got[i], want[i], tol) {
			t.Errorf("Task %d: %s: element [%d]: got %.10g, want %.10g (tolerance %.3g)\n\tgot  %v\n\twant %v",
				task, call, i, got[i], want[i], tol, got, want)
			return
		}
	}
}

// Matrix is Floats for a slice of rows.
func Matrix(t testing.TB, task int, call string, got, want [][]float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("Task %d: %s: got %d rows, want %d rows", task, call, len(got), len(want))
		return
	}
	for i := range want {
		if len(got[i]) != len(want[i]) {
			t.Errorf("Task %d: %s: row %d: got %d values, want %d", task, call, i, len(got[i]), len(want[i]))
			return
		}
		for j := range want[i] {
			if !Close(got[i][j], want[i][j], tol) {
				t.Errorf("Task %d: %s: element [%d][%d]: got %.10g, want %.10g (tolerance %.3g)\n\tgot  %v\n\twant %v",
					task, call, i, j, got[i][j], want[i][j], tol, got, want)
				return
			}
		}
	}
}

// Grad compares your analytic gradient with the central finite difference of
// loss at x (pkg/gradcheck: Numeric, then Compare with a relative tolerance).
// loss must be a correct reference loss: the test provides it.
func Grad(t testing.TB, task int, call string, loss func([]float64) float64, x, analytic []float64, tol float64) {
	t.Helper()
	xs := append([]float64(nil), x...)
	numeric := gradcheck.Numeric(loss, xs, 0)
	if len(analytic) != len(numeric) {
		t.Errorf("Task %d: %s: your gradient has %d values, the input has %d", task, call, len(analytic), len(numeric))
		return
	}
	if err := gradcheck.Compare(analytic, numeric, tol); err != nil {
		t.Errorf("Task %d: %s: %v\n\tyours  %v\n\tnumeric %v", task, call, err, analytic, numeric)
	}
}

// Finite fails the test if any value is NaN or ±Inf.
func Finite(t testing.TB, task int, call string, values ...float64) {
	t.Helper()
	for i, v := range values {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Errorf("Task %d: %s: element [%d] is %v, want a finite number", task, call, i, v)
			return
		}
	}
}

// Flat concatenates rows into one slice (for gradient checks of matrices).
func Flat(rows [][]float64) []float64 {
	var out []float64
	for _, r := range rows {
		out = append(out, r...)
	}
	return out
}

// Rows splits flat into rows of length cols (the inverse of Flat).
func Rows(flat []float64, cols int) [][]float64 {
	if cols <= 0 || len(flat)%cols != 0 {
		panic(fmt.Sprintf("check.Rows: %d values do not split into rows of %d", len(flat), cols))
	}
	out := make([][]float64, 0, len(flat)/cols)
	for i := 0; i < len(flat); i += cols {
		out = append(out, append([]float64(nil), flat[i:i+cols]...))
	}
	return out
}

// Fmt formats a value compactly for a call description.
func Fmt(v any) string { return fmt.Sprintf("%v", v) }

// Keep snapshots the arguments of a call (slices of numbers, nested slices,
// pointers to structs of them) and returns a function that fails the test if
// the call changed any of them: a loss function must not modify its inputs
// (the caller reuses them, e.g. for the next step's gradient).
//
//	unchanged := check.Keep(t, 2, call, logits, labels)
//	got := check.Call(t, 2, call, func() float64 { return CrossEntropy(logits, labels) })
//	unchanged()
func Keep(t testing.TB, task int, call string, args ...any) func() {
	t.Helper()
	snapshots := make([]reflect.Value, len(args))
	for i, a := range args {
		snapshots[i] = deepCopy(reflect.ValueOf(a))
	}
	return func() {
		t.Helper()
		for i, a := range args {
			if path, ok := sameValue(snapshots[i], reflect.ValueOf(a), fmt.Sprintf("argument %d", i+1)); !ok {
				t.Errorf("Task %d: %s modified its input: %s changed (was %v, now %v); work on a copy",
					task, call, path, snapshots[i].Interface(), a)
				return
			}
		}
	}
}

func deepCopy(v reflect.Value) reflect.Value {
	switch v.Kind() {
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := 0; i < v.Len(); i++ {
			c.Index(i).Set(deepCopy(v.Index(i)))
		}
		return c
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		c := reflect.New(v.Elem().Type())
		c.Elem().Set(deepCopy(v.Elem()))
		return c
	case reflect.Struct:
		c := reflect.New(v.Type()).Elem()
		for i := 0; i < v.NumField(); i++ {
			if c.Field(i).CanSet() {
				c.Field(i).Set(deepCopy(v.Field(i)))
			}
		}
		return c
	default:
		return v
	}
}

// sameValue compares a snapshot with the current value; floats compare bit for bit (NaN equals NaN).
func sameValue(a, b reflect.Value, path string) (string, bool) {
	switch a.Kind() {
	case reflect.Slice:
		if a.Len() != b.Len() {
			return path + " (its length)", false
		}
		for i := 0; i < a.Len(); i++ {
			if p, ok := sameValue(a.Index(i), b.Index(i), fmt.Sprintf("%s[%d]", path, i)); !ok {
				return p, false
			}
		}
		return "", true
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			return path, a.IsNil() == b.IsNil()
		}
		return sameValue(a.Elem(), b.Elem(), path)
	case reflect.Struct:
		for i := 0; i < a.NumField(); i++ {
			if p, ok := sameValue(a.Field(i), b.Field(i), path+"."+a.Type().Field(i).Name); !ok {
				return p, false
			}
		}
		return "", true
	case reflect.Float32, reflect.Float64:
		return path, math.Float64bits(a.Float()) == math.Float64bits(b.Float())
	default:
		return path, !a.CanInterface() || !b.CanInterface() || reflect.DeepEqual(a.Interface(), b.Interface())
	}
}

// NotAliased fails the test if the slice result shares memory with any of the
// input slices: a gradient returned in the caller's input slice changes when
// the caller updates either one.
func NotAliased(t testing.TB, task int, call string, result []float64, inputs ...[]float64) {
	t.Helper()
	if len(result) == 0 {
		return
	}
	r0, r1 := sliceSpan(result)
	for i, in := range inputs {
		if len(in) == 0 {
			continue
		}
		s0, s1 := sliceSpan(in)
		if r0 < s1 && s0 < r1 {
			t.Errorf("Task %d: %s returned a slice that shares memory with its argument %d: return a new slice", task, call, i+1)
			return
		}
	}
}

// sliceSpan is the address range [start, end) of s's elements.
func sliceSpan(s []float64) (uintptr, uintptr) {
	p := reflect.ValueOf(s).Pointer()
	return p, p + uintptr(len(s))*8
}
