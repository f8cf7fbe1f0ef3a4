package backend

import (
	"testing"
)

func TestChooseHonoursEnv(t *testing.T) {
	t.Setenv(EnvVar, "go")
	c := Choose()
	if c.Config != "go" {
		t.Fatalf("Choose() with %s=go: got config %q, want %q", EnvVar, c.Config, "go")
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
