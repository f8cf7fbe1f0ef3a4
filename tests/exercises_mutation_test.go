package tests

// The committed mutation-testing results (scripts/mutation.sh, gremlins over
// every reference solution against its visible and hidden tests) meet the
// goal: efficacy >= 95 % per exercise, every surviving mutant reviewed as
// equivalent (tests/mutation/equivalent.txt, checked against the current
// source line), no uncovered mutant. Re-measuring takes about an hour, so this
// test only reads the data; exercises without results are listed in the log
// and in tests/mutation/REPORT.md.

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/losscourse/losscourse/tests/mutation"
)

func TestExercisesMutationReport(t *testing.T) {
	root := exRepoRoot(t)
	rep, err := mutation.Load(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Exercises) == 0 {
		t.Fatalf("no mutation results in %s: run %s", mutation.ResultsDir, mutation.Command)
	}
	if _, err := os.Stat(filepath.Join(root, mutation.ReportPath)); err != nil {
		t.Errorf("no %s: run go run ./tests/mutation/report", mutation.ReportPath)
	}
	for _, p := range rep.Problems() {
		t.Error(p)
	}
	for _, ex := range rep.Exercises {
		t.Logf("%s: %d mutants, efficacy %.2f%% (%.2f%% without the %d reviewed equivalent ones), %d timed out",
			ex.Name, len(ex.Mutants), ex.Efficacy(), ex.EfficacyExcludingEquivalent(), ex.Equivalent, ex.TimedOut)
		if ex.InputsChanged {
			t.Logf("%s: the solution or tests changed after the measurement: re-run %s %s", ex.Name, mutation.Command, ex.Name)
		}
	}
	for _, name := range rep.Unmeasured {
		t.Logf("%s: not measured yet (%s %s)", name, mutation.Command, name)
	}
}
