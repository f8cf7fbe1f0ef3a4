package data

import (
	"fmt"
	"math"
)

// Error is returned by every function of this package on bad input. It names the
// function, the argument and (in Msg) the offending value.
type Error struct {
	Func string // e.g. "data.Blobs"
	Arg  string // e.g. "N"
	Msg  string // what is wrong, with the value
}

// Error implements the error interface: "data.Blobs: argument N: must be > 0, got -3".
func (e *Error) Error() string {
	if e.Arg == "" {
		return fmt.Sprintf("%s: %s", e.Func, e.Msg)
	}
	return fmt.Sprintf("%s: argument %s: %s", e.Func, e.Arg, e.Msg)
}

// errorf builds an *Error for function fn ("Blobs" → "data.Blobs").
func errorf(fn, arg, format string, args ...any) error {
	return &Error{Func: "data." + fn, Arg: arg, Msg: fmt.Sprintf(format, args...)}
}

// Size and magnitude limits. Every count or dimension a function allocates for
// is checked against them before anything is allocated, so that a huge request
// is an *Error instead of a panic in makeslice or the process dying of
// out-of-memory.
const (
	// MaxElements is the largest number of values one result may hold
	// (examples × features, pairs, triplets, …): 2²⁷ = 134,217,728, 1 GiB of
	// float64 — far more than any experiment of the course needs.
	MaxElements = 1 << 27
	// MaxClasses is the largest number of classes (or modes) a generator accepts.
	MaxClasses = 1 << 16
	// MaxMagnitude bounds every real-valued option (weights, bias, feature range,
	// noise scales, …): |v| ≤ 10¹⁰⁰, so that sums and products of them stay finite.
	MaxMagnitude = 1e100
)

func checkN(fn, arg string, n int) error {
	if n <= 0 {
		return errorf(fn, arg, "must be > 0, got %d", n)
	}
	if n > MaxElements {
		return errorf(fn, arg, "must be <= MaxElements (%d), got %d", MaxElements, n)
	}
	return nil
}

// checkSize checks that the product of dims (each ≥ 1) is at most MaxElements,
// without overflowing; arg names the argument blamed (the last factor).
func checkSize(fn, arg string, dims ...int) error {
	p := 1
	for _, d := range dims {
		if d <= 0 {
			return errorf(fn, arg, "sizes %v must all be > 0", dims)
		}
		if p > MaxElements/d {
			return errorf(fn, arg, "sizes %v make more than MaxElements (%d) values", dims, MaxElements)
		}
		p *= d
	}
	return nil
}

func checkNonNeg(fn, arg string, v float64) error {
	if !(v >= 0) || v > MaxMagnitude {
		return errorf(fn, arg, "must be a finite number in [0, MaxMagnitude = 1e100], got %g", v)
	}
	return nil
}

// checkMagnitude accepts finite v with |v| ≤ MaxMagnitude.
func checkMagnitude(fn, arg string, v float64) error {
	if !(math.Abs(v) <= MaxMagnitude) {
		return errorf(fn, arg, "must be a finite number with |v| <= MaxMagnitude (1e100), got %g", v)
	}
	return nil
}

// checkFraction accepts v in [0,1).
func checkFraction(fn, arg string, v float64) error {
	if !(v >= 0 && v < 1) {
		return errorf(fn, arg, "must be a fraction in [0,1), got %g", v)
	}
	return nil
}
