package course

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func nan() float64 { return math.NaN() }

func TestPick(t *testing.T) {
	defer func(old bool) { Fast = old }(Fast)
	Fast = false
	if got := Pick(2000, 300); got != 2000 {
		t.Errorf("full mode: Pick(2000, 300) = %d, want 2000", got)
	}
	Fast = true
	if got := Pick("full", "fast"); got != "fast" {
		t.Errorf("fast mode: Pick = %q, want \"fast\"", got)
	}
}

func TestSetupString(t *testing.T) {
	s := Setup{Fast: true}
	s.Choice.Config, s.Choice.Reason = "go:ops_sequential", "no XLA PJRT plugin installed"
	got := s.String()
	for _, want := range []string{"go:ops_sequential", "no XLA PJRT plugin installed", "fast mode", FastEnv} {
		if !strings.Contains(got, want) {
			t.Errorf("Setup.String() = %q, want it to mention %q", got, want)
		}
	}
	if strings.Contains(got, "\n") {
		t.Errorf("Setup.String() = %q spans several lines; a notebook shows ONE backend line", got)
	}
}

func TestBackendStartsOnce(t *testing.T) {
	if Backend() != Backend() {
		t.Error("Backend() returned two different backends; it must start one per process")
	}
}

func TestMust(t *testing.T) {
	if got := Must(3, nil); got != 3 {
		t.Errorf("Must(3, nil) = %d", got)
	}
	a, b := Must2(1, "x", nil)
	if a != 1 || b != "x" {
		t.Errorf("Must2 = %v, %v", a, b)
	}
	defer func() {
		if r := recover(); r == nil {
			t.Error("Must with an error did not panic")
		}
	}()
	Must(0, errors.New("boom"))
}
