package backend

import (
	"bytes"
	"log"
	"os"
	"strings"
	"testing"
)

func TestChooseHonoursEnv(t *testing.T) {
	for _, tc := range []struct{ env, want string }{
		{"go:ops_sequential", "go:ops_sequential"},
		{"go:ops_parallel", "go:ops_parallel"},
		{"go:parallelism=2,ops_parallel", "go:parallelism=2,ops_parallel"},
		{"xla:cpu", "xla:cpu"},
	} {
		t.Setenv(EnvVar, tc.env)
		if c := Choose(); c.Config != tc.want {
			t.Errorf("Choose() with %s=%s: got config %q, want %q", EnvVar, tc.env, c.Config, tc.want)
		}
	}
}

// TestExplicitGoRunsSequentially: an explicit $GOMLX_BACKEND=go (or a pure-Go
// configuration that does not choose its op scheduling) gets the sequential
// executor, and the log line says so and why; an explicit ops_parallel is kept
// with a warning.
func TestExplicitGoRunsSequentially(t *testing.T) {
	for _, tc := range []struct{ env, want string }{
		{"go", GoConfig},
		{"go:", GoConfig},
		{"go:parallelism=2", "go:parallelism=2,ops_sequential"},
		{"go:dependency_order", "go:dependency_order,ops_sequential"},
	} {
		t.Setenv(EnvVar, tc.env)
		c := Choose()
		if c.Config != tc.want {
			t.Errorf("Choose() with %s=%q: got config %q, want %q", EnvVar, tc.env, c.Config, tc.want)
		}
		for _, w := range []string{"ops_sequential", "deadlock", DeadlockDoc, "go:ops_parallel"} {
			if !strings.Contains(c.Reason, w) {
				t.Errorf("Choose() with %s=%q: reason %q does not mention %q", EnvVar, tc.env, c.Reason, w)
			}
		}
	}
	t.Setenv(EnvVar, "go")
	var buf bytes.Buffer
	log.SetOutput(&buf)
	defer log.SetOutput(os.Stderr)
	quiet := Quiet
	Quiet = false
	defer func() { Quiet = quiet }()
	b, c, err := New()
	if err != nil {
		t.Fatalf("New() with %s=go: %v", EnvVar, err)
	}
	defer b.Finalize()
	if c.Config != GoConfig || !strings.Contains(buf.String(), "ops_sequential") || !strings.Contains(buf.String(), "deadlock") {
		t.Errorf("New() with %s=go: config %q, log line %q; want %q and a log line saying the ops run sequentially and why", EnvVar, c.Config, buf.String(), GoConfig)
	}
	t.Setenv(EnvVar, "go:ops_parallel")
	if c := Choose(); !strings.Contains(c.Reason, "warning") {
		t.Errorf("Choose() with %s=go:ops_parallel: reason %q, want a warning", EnvVar, c.Reason)
	}
}

func TestChooseWithoutEnvNeverDownloads(t *testing.T) {
	t.Setenv(EnvVar, "")
	c := Choose()
	want := GoConfig
	if plugins := InstalledPlugins(); len(plugins) > 0 {
		want = "xla:" + plugins[0]
	}
	if c.Config != want {
		t.Fatalf("Choose() without $%s (plugins %v): got config %q, want %q", EnvVar, InstalledPlugins(), c.Config, want)
	}
	b, got, err := New()
	if err != nil {
		t.Fatalf("New() failed without $%s: %v", EnvVar, err)
	}
	defer b.Finalize()
	if got.Config == "" || got.Reason == "" {
		t.Fatalf("New() returned an empty choice: %+v", got)
	}
}

func TestExplicitBadBackendIsAnError(t *testing.T) {
	t.Setenv(EnvVar, "xla:/nonexistent/plugin.so")
	if _, _, err := New(); err == nil {
		t.Fatalf("New() with a missing explicit plugin: got nil error, want an error")
	}
}

func TestForTestsHasGo(t *testing.T) {
	bs := ForTests()
	if len(bs) == 0 || bs[0].Name != "go" {
		t.Fatalf("ForTests() = %v, want the go backend first", bs)
	}
}
