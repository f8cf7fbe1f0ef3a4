package data

import "fmt"

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

func checkN(fn, arg string, n int) error {
	if n <= 0 {
		return errorf(fn, arg, "must be > 0, got %d", n)
	}
	return nil
}

func checkNonNeg(fn, arg string, v float64) error {
	if !(v >= 0) || v > 1e300 {
		return errorf(fn, arg, "must be a finite number >= 0, got %g", v)
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
