//go:build losscourse_noxla

package backend

import (
	"strings"
	"testing"
)

// Run with: go test -tags=losscourse_noxla ./pkg/backend (scripts/test.sh does).

func TestNoXLABuildUsesGoAndSaysWhy(t *testing.T) {
	t.Setenv(EnvVar, "")
	if XLALinked {
		t.Fatal("XLALinked = true in a losscourse_noxla build")
	}
	if p := InstalledPlugins(); len(p) != 0 {
		t.Errorf("InstalledPlugins() = %v in a losscourse_noxla build, want none", p)
	}
	c := Choose()
	if c.Config != GoConfig || !strings.Contains(c.Reason, "losscourse_noxla") {
		t.Errorf("Choose() = %+v, want config %q and a reason naming the tag losscourse_noxla", c, GoConfig)
	}
}

func TestNoXLABuildExplicitXLAIsAnErrorNamingTheTag(t *testing.T) {
	t.Setenv(EnvVar, "xla:cpu")
	_, _, err := New()
	if err == nil || !strings.Contains(err.Error(), "losscourse_noxla") || !strings.Contains(err.Error(), "not compiled into this program") {
		t.Fatalf("New() with %s=xla:cpu in a losscourse_noxla build: got error %v, want one saying XLA is not compiled in and naming the tag", EnvVar, err)
	}
}
