// Package backend picks the GoMLX compute backend for the whole course, in one place.
//
// The rule, in order:
//
//  1. If $GOMLX_BACKEND is set, it is used (e.g. "go", "xla:cpu",
//     "xla:/abs/path/xla_cuda_plugin.so"). If that backend cannot start, New returns
//     the error: an explicit request is never silently replaced. One adjustment,
//     stated in the log line: a pure-Go configuration that does not choose its op
//     scheduling ("go", "go:parallelism=4", ...) gets "ops_sequential" added
//     ("go" becomes GoConfig), because the default parallel scheduling deadlocks
//     (see below and docs/upstream-gomlx-parallel-executor-deadlock.md). Ask for
//     the parallel executor explicitly with "go:ops_parallel" (the log line warns).
//  2. Otherwise, if an XLA PJRT plugin is already installed (searched in
//     $PJRT_PLUGIN_LIBRARY_PATH, /usr/local/lib/go-xla, ~/.local/lib/go-xla and the
//     system library path), the XLA backend is used with it. Nothing is downloaded.
//  3. Otherwise — or if XLA fails to start — the pure-Go backend is used, as
//     GoConfig ("go:ops_sequential": ops run one after another, each op still
//     using every core). The pure-Go backend's default scheduler, which runs
//     independent ops concurrently, deadlocks in GoMLX v0.28.2 / compute v0.1.2
//     whenever a graph has more independent large matmuls ready at once than the
//     worker pool has slots (2·GOMAXPROCS): each one holds a slot while waiting in
//     workerspool.Saturate for another (large tiled matmuls in NTXentChunked, a
//     gradient-norm graph executed twice, or six independent 256×64 MatMuls on 2
//     cores); sequential op scheduling never does.
//
// One log line says which backend was chosen and why. GoMLX's own compute.New()
// tries to download a PJRT plugin and fails offline; this package never does.
//
// # Leaving XLA out: the build tag losscourse_noxla
//
// Linking the XLA backend (go-xla, its PJRT bindings and protocol buffers) makes
// every program 12 MB larger and its link 1.5 s longer. GoNB links every notebook
// cell as a program, so scripts/gonb-env.sh builds the cells with
// -tags=losscourse_noxla where no PJRT plugin is installed (the only case in which
// XLA would not be used anyway): then only the pure-Go backend is compiled in,
// InstalledPlugins returns nothing and the log line says why. A program built with
// the tag and $GOMLX_BACKEND=xla:… fails with an error that names the tag.
package backend

import (
	"fmt"
	"log"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/gomlx/compute"
	_ "github.com/gomlx/compute/gobackend" // registers "go"; xla.go registers "xla"
)

// GoConfig is the pure-Go backend configuration the course uses when it picks the
// Go backend itself, and what an explicit $GOMLX_BACKEND=go becomes (see the
// package documentation for why ops run sequentially). Set
// $GOMLX_BACKEND=go:ops_parallel to get the parallel executor anyway.
const GoConfig = "go:ops_sequential"

// DeadlockDoc is the document describing the parallel-executor deadlock.
const DeadlockDoc = "docs/upstream-gomlx-parallel-executor-deadlock.md"

// EnvVar is the environment variable that forces a backend configuration.
const EnvVar = compute.ConfigEnvVar // "GOMLX_BACKEND"

// Choice describes the backend selected by New and why.
type Choice struct {
	Config string // configuration passed to compute.NewWithConfig, e.g. "go" or "xla:cpu".
	Reason string // human-readable reason for the choice.
}

func (c Choice) String() string { return fmt.Sprintf("backend %q (%s)", c.Config, c.Reason) }

// InstalledPlugins lists the XLA PJRT plugins found on this machine, sorted, without downloading anything.
// In a program built with the tag losscourse_noxla it returns nil (see the package documentation).
func InstalledPlugins() []string {
	m := availablePlugins()
	names := make([]string, 0, len(m))
	for name := range m {
		names = append(names, name)
	}
	// Prefer cuda, then cpu, then the rest alphabetically.
	rank := func(n string) int {
		switch {
		case strings.HasPrefix(n, "cuda"):
			return 0
		case strings.HasPrefix(n, "cpu"):
			return 1
		}
		return 2
	}
	sort.Slice(names, func(i, j int) bool {
		if rank(names[i]) != rank(names[j]) {
			return rank(names[i]) < rank(names[j])
		}
		return names[i] < names[j]
	})
	return names
}

// Choose decides which backend configuration to use, without starting it.
func Choose() Choice {
	if cfg, ok := os.LookupEnv(EnvVar); ok && cfg != "" {
		safe, mode := goScheduling(cfg)
		switch mode {
		case "added":
			return Choice{Config: safe, Reason: fmt.Sprintf("$%s=%q is set; the pure-Go backend's ops run one at a time (ops_sequential added), "+
				"because its default parallel op scheduling deadlocks on some graphs in compute v0.1.2 (%s); "+
				"set $%s=go:ops_parallel to force the parallel executor", EnvVar, cfg, DeadlockDoc, EnvVar)}
		case "parallel":
			return Choice{Config: cfg, Reason: fmt.Sprintf("$%s is set; warning: the parallel executor (ops_parallel) deadlocks on some graphs in compute v0.1.2 (%s)", EnvVar, DeadlockDoc)}
		}
		return Choice{Config: cfg, Reason: "$" + EnvVar + " is set"}
	}
	if plugins := InstalledPlugins(); len(plugins) > 0 {
		return Choice{Config: "xla:" + plugins[0], Reason: fmt.Sprintf("XLA PJRT plugin %q is installed", plugins[0])}
	}
	return Choice{Config: GoConfig, Reason: noPluginReason + " and $" + EnvVar + " not set: using the pure-Go backend"}
}

// goScheduling looks at a backend configuration: for a pure-Go one ("go" or
// "go:opt1,opt2...") that does not choose its op scheduling it returns the
// configuration with ops_sequential added and mode "added"; for one that asks
// for ops_parallel, mode "parallel"; otherwise cfg unchanged and mode "".
func goScheduling(cfg string) (string, string) {
	name, opts, _ := strings.Cut(cfg, ":")
	if name != "go" {
		return cfg, ""
	}
	var kept []string
	for _, o := range strings.Split(opts, ",") {
		switch o {
		case "ops_sequential":
			return cfg, ""
		case "ops_parallel":
			return cfg, "parallel"
		case "":
			continue
		}
		kept = append(kept, o)
	}
	return "go:" + strings.Join(append(kept, "ops_sequential"), ","), "added"
}

// New starts the backend chosen by Choose and logs one line saying which and why.
//
// If $GOMLX_BACKEND is set and that backend fails, the error is returned.
// If an auto-detected XLA plugin fails to start, New falls back to the pure-Go backend
// (and says so in the log line).
func New() (compute.Backend, Choice, error) {
	choice := Choose()
	b, err := start(choice.Config)
	if err != nil {
		if strings.HasPrefix(choice.Reason, "$") {
			return nil, choice, fmt.Errorf("backend: $%s=%q could not start: %w", EnvVar, choice.Config, err)
		}
		fallback := Choice{Config: GoConfig, Reason: fmt.Sprintf("%s but it failed to start (%v): falling back to the pure-Go backend", choice.Reason, err)}
		choice = fallback
		b, err = start(GoConfig)
		if err != nil {
			return nil, choice, fmt.Errorf("backend: the pure-Go backend failed to start: %w", err)
		}
	}
	if !Quiet {
		log.Printf("losscourse: using %s", choice)
	}
	return b, choice, nil
}

// start is compute.NewWithConfig, with an error (not GoMLX's panic) for a backend
// that is not compiled into this program.
func start(cfg string) (compute.Backend, error) {
	name, _, _ := strings.Cut(cfg, ":")
	if !slices.Contains(compute.List(), name) {
		why := ""
		if name == "xla" && !XLALinked {
			why = "; it was built with the tag losscourse_noxla, which leaves the XLA backend out: build without it"
		}
		return nil, fmt.Errorf("backend %q is not compiled into this program (compiled in: %s%s)", name, strings.Join(compute.List(), ", "), why)
	}
	return compute.NewWithConfig(cfg)
}

// Quiet suppresses the log line of New (tests and benchmarks set it).
var Quiet = false

var (
	defaultOnce    sync.Once
	defaultBackend compute.Backend
	defaultErr     error
)

// Default returns a process-wide backend started with New on first use. It panics
// with a clear message if no backend can start (which, with the pure-Go backend
// compiled in, only happens when $GOMLX_BACKEND names a backend that fails).
func Default() compute.Backend {
	defaultOnce.Do(func() {
		defaultBackend, _, defaultErr = New()
	})
	if defaultErr != nil {
		panic(defaultErr)
	}
	return defaultBackend
}

// ForTests returns the backends tests should run on: always the pure-Go backend,
// plus XLA when a PJRT plugin is installed (or when $GOMLX_BACKEND selects it).
// Each entry is named for t.Run. Backends are created once per process.
func ForTests() []Named {
	testOnce.Do(func() {
		goB, err := compute.NewWithConfig(GoConfig)
		if err != nil {
			panic(fmt.Errorf("backend: pure-Go backend failed to start: %w", err))
		}
		testBackends = append(testBackends, Named{Name: "go", Backend: goB})
		cfg := ""
		if env, ok := os.LookupEnv(EnvVar); ok && strings.HasPrefix(env, "xla") {
			cfg = env
		} else if plugins := InstalledPlugins(); len(plugins) > 0 {
			cfg = "xla:" + plugins[0]
		}
		if cfg != "" {
			if xb, err := start(cfg); err == nil {
				testBackends = append(testBackends, Named{Name: cfg, Backend: xb})
			} else {
				log.Printf("losscourse: XLA backend %q present but failed to start, testing on Go only: %v", cfg, err)
			}
		}
	})
	return testBackends
}

// Named is a backend with a short name for sub-tests.
type Named struct {
	Name    string
	Backend compute.Backend
}

var (
	testOnce     sync.Once
	testBackends []Named
)
