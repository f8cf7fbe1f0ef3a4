package experiments

import (
	"strings"
	"testing"
)

func TestSaveLoad(t *testing.T) {
	t.Setenv(SessionEnv, t.TempDir())
	type rec struct {
		A []float64
		B string
	}
	if err := Save("study", rec{[]float64{1, 2.5}, "x"}); err != nil {
		t.Fatal(err)
	}
	var got rec
	if err := Load("study", &got); err != nil {
		t.Fatal(err)
	}
	if len(got.A) != 2 || got.A[1] != 2.5 || got.B != "x" {
		t.Errorf("Load = %+v", got)
	}
	if err := Load("missing", &got); err == nil || !strings.Contains(err.Error(), "run the cell") {
		t.Errorf("Load of a missing name: %v", err)
	}
	if err := Save("../escape", 1); err == nil {
		t.Error("a name with a path separator was accepted")
	}
	// A second session (another kernel) does not see the first one's results.
	t.Setenv(SessionEnv, t.TempDir())
	if err := Load("study", &got); err == nil {
		t.Error("another session directory sees the first one's results")
	}
	t.Setenv(SessionEnv, "")
	if err := Save("study", 1); err == nil || !strings.Contains(err.Error(), SessionEnv) {
		t.Errorf("Save outside GoNB: %v", err)
	}
}

func TestRingStudyRoundTrip(t *testing.T) {
	t.Setenv(SessionEnv, t.TempDir())
	st, err := RunRingStudy(backendForTest(), ring(t), []GANConfig{tiny(NonSaturating, 3)}, []uint64{1}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := Save("ring", st); err != nil {
		t.Fatal(err)
	}
	var back RingStudy
	if err := Load("ring", &back); err != nil {
		t.Fatal(err)
	}
	if back.Table() != st.Table() {
		t.Errorf("the study changed through Save/Load:\n%s\nvs\n%s", back.Table(), st.Table())
	}
}
