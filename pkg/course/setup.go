package course

import (
	"fmt"
	"os"
	"sync"

	"github.com/gomlx/compute"
	"github.com/losscourse/losscourse/pkg/backend"
)

// FastEnv is the environment variable of fast mode: "1" makes every notebook
// run a smaller version of its experiments (the notebook tests run this way).
const FastEnv = "LOSSCOURSE_FAST"

// Fast reports whether fast mode is on ($LOSSCOURSE_FAST is "1"). It is read
// once, when the program starts (in GoNB: when the cell starts).
var Fast = os.Getenv(FastEnv) == "1"

// Pick returns fast in fast mode and full otherwise:
//
//	steps := course.Pick(2000, 300)
func Pick[T any](full, fast T) T {
	if Fast {
		return fast
	}
	return full
}

var (
	startOnce    sync.Once
	startBackend compute.Backend
	startChoice  backend.Choice
	startErr     error
)

// start starts the backend chosen by pkg/backend once per process, without the
// log line of backend.New (Start prints its own line on stdout).
func start() {
	startOnce.Do(func() {
		quiet := backend.Quiet
		backend.Quiet = true
		startBackend, startChoice, startErr = backend.New()
		backend.Quiet = quiet
	})
}

// Backend returns the process-wide GoMLX backend (pkg/backend's rule: an
// explicit $GOMLX_BACKEND, else an installed XLA PJRT plugin, else pure Go),
// starting it on first use. It prints nothing: a notebook shows its backend
// once, with Start, in its first cell. It panics if the backend cannot start
// (only when $GOMLX_BACKEND names a backend that fails).
func Backend() compute.Backend {
	start()
	if startErr != nil {
		panic(startErr)
	}
	return startBackend
}

// Setup describes what Start started.
type Setup struct {
	Choice  backend.Choice // the backend configuration and why it was chosen
	Backend string         // the started backend's name, e.g. "Go Backend"
	Fast    bool           // fast mode
}

// String is the one-line summary Start prints.
func (s Setup) String() string {
	mode := "full mode"
	if s.Fast {
		mode = "fast mode (" + FastEnv + "=1: smaller data, fewer steps)"
	}
	return fmt.Sprintf("backend: %s — %s; %s", s.Choice.Config, s.Choice.Reason, mode)
}

// Start starts the backend and prints one line saying which backend runs, why,
// and whether fast mode is on. Call it in a notebook's first code cell; later
// cells use Backend, which prints nothing.
func Start() Setup {
	b := Backend()
	s := Setup{Choice: startChoice, Backend: b.Name(), Fast: Fast}
	fmt.Println(s)
	return s
}

// Must returns v, or panics with err. Notebooks use it where an error can only
// mean a bug in the notebook itself.
func Must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// Must2 is Must for functions returning two values and an error.
func Must2[A, B any](a A, b B, err error) (A, B) {
	if err != nil {
		panic(err)
	}
	return a, b
}

// Must3 is Must for functions returning three values and an error.
func Must3[A, B, C any](a A, b B, c C, err error) (A, B, C) {
	if err != nil {
		panic(err)
	}
	return a, b, c
}
