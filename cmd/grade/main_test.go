package main

import (
	"os"
	"testing"
)

// TestMain lets the test binary serve as the sandbox probe, as the grader's own binary does
// (detectSandbox starts os.Executable() inside bubblewrap with probeArg).
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == probeArg {
		sandboxProbe()
	}
	os.Exit(m.Run())
}
