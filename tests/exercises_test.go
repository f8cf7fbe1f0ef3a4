package tests

// Tests of the exercises, their reference solutions, the wrong implementations
// they must reject (testdata/mutants) and the grade command. They drive
// cmd/grade (built once) with --json; each grade run compiles each exercise once.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
)

type exTask struct {
	Number int      `json:"task"`
	Points int      `json:"points"`
	Max    int      `json:"max"`
	Tests  []string `json:"tests"`
	Passed []string `json:"passed"`
	Error  string   `json:"error"`
}

type exExercise struct {
	Name   string   `json:"name"`
	Points int      `json:"points"`
	Max    int      `json:"max"`
	Status string   `json:"status"`
	Error  string   `json:"error"`
	Tasks  []exTask `json:"tasks"`
}

type exReport struct {
	Total     int          `json:"total"`
	Max       int          `json:"max"`
	Sandbox   string       `json:"sandbox"`
	Exercises []exExercise `json:"exercises"`
}

var (
	exGradeOnce sync.Once
	exGradeBin  string
	exGradeErr  error
)

// exRepoRoot is the repository root (tests/ is one level below it).
func exRepoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// exSandboxArgs makes the grader require its bubblewrap sandbox when
// LOSSCOURSE_REQUIRE_SANDBOX=1 (CI); otherwise it uses it where it works.
func exSandboxArgs() []string {
	if os.Getenv("LOSSCOURSE_REQUIRE_SANDBOX") == "1" {
		return []string{"--sandbox=bwrap"}
	}
	return nil
}

// exGradeBinary builds cmd/grade once per test process and returns its path.
func exGradeBinary(t *testing.T) string {
	t.Helper()
	root := exRepoRoot(t)
	exGradeOnce.Do(func() {
		dir, err := os.MkdirTemp("", "grade-bin-")
		if err != nil {
			exGradeErr = err
			return
		}
		exGradeBin = filepath.Join(dir, "grade")
		cmd := exec.Command("go", "build", "-o", exGradeBin, "./cmd/grade")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			exGradeErr = fmt.Errorf("%v\n%s", err, out)
		}
	})
	if exGradeErr != nil {
		t.Fatalf("building cmd/grade: %v", exGradeErr)
	}
	return exGradeBin
}

// exGrade runs cmd/grade from the repository root with args + --json.
func exGrade(t *testing.T, args ...string) exReport {
	t.Helper()
	cmd := exec.Command(exGradeBinary(t), append(append(exSandboxArgs(), args...), "--json")...)
	cmd.Dir = exRepoRoot(t)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("grade %v: %v\n%s%s", args, err, out, stderr.String())
	}
	var rep exReport
	if err := json.Unmarshal(out, &rep); err != nil {
		t.Fatalf("grade %v: bad JSON: %v\n%s", args, err, out)
	}
	return rep
}

func exNames(t *testing.T) []string {
	t.Helper()
	dirs, err := filepath.Glob(filepath.Join(exRepoRoot(t), "exercises", "[0-9][0-9]_*"))
	if err != nil || len(dirs) < 15 {
		t.Fatalf("want at least 15 exercises (14 + find-the-bug), found %d (%v)", len(dirs), err)
	}
	var names []string
	for _, d := range dirs {
		names = append(names, filepath.Base(d))
	}
	return names
}

// TestExercisesLayout checks that every exercise has a README, a solution with
// the same file names as the stub, hidden tests and at least three mutants, and
// that its tests follow the grader's conventions (exercises/README.md): no
// TestMain, no hidden_ file names, hidden identifiers prefixed hid, every
// hidden task also a visible one.
func TestExercisesLayout(t *testing.T) {
	root := exRepoRoot(t)
	for _, name := range exNames(t) {
		if _, err := os.Stat(filepath.Join(root, "exercises", name, "README.md")); err != nil {
			t.Errorf("%s: no README.md", name)
		}
		stubs, _ := filepath.Glob(filepath.Join(root, "exercises", name, "*.go"))
		for _, s := range stubs {
			if strings.HasSuffix(s, "_test.go") {
				continue
			}
			if _, err := os.Stat(filepath.Join(root, "solutions", name, filepath.Base(s))); err != nil {
				t.Errorf("%s: stub %s has no solution file of the same name", name, filepath.Base(s))
			}
		}
		hidden, _ := filepath.Glob(filepath.Join(root, "cmd", "grade", "testdata", "hidden", name, "*_test.go"))
		if len(hidden) == 0 {
			t.Errorf("%s: no hidden tests", name)
		}
		if m, _ := filepath.Glob(filepath.Join(root, "tests", "testdata", "mutants", name, "*")); len(m) < 3 {
			t.Errorf("%s: %d mutants, want at least 3", name, len(m))
		}
		visible, _ := filepath.Glob(filepath.Join(root, "exercises", name, "*_test.go"))
		visibleTasks := map[string]bool{}
		for _, f := range visible {
			if strings.HasPrefix(filepath.Base(f), "hidden_") {
				t.Errorf("%s: visible test file %s: the prefix hidden_ is the grader's", name, filepath.Base(f))
			}
			for _, d := range exTopLevel(t, f) {
				if d == "TestMain" {
					t.Errorf("%s: %s declares TestMain (the grader's harness owns it)", name, filepath.Base(f))
				}
				if m := exTaskName.FindStringSubmatch(d); m != nil && !strings.HasPrefix(d, "TestHidden") {
					visibleTasks[m[1]] = true
				}
			}
		}
		for _, f := range hidden {
			for _, d := range exTopLevel(t, f) {
				switch m := exTaskName.FindStringSubmatch(d); {
				case d == "TestMain":
					t.Errorf("%s: hidden %s declares TestMain", name, filepath.Base(f))
				case m != nil && strings.HasPrefix(d, "TestHidden"):
					if !visibleTasks[m[1]] {
						t.Errorf("%s: hidden test %s is for task %s, which has no visible TestTask%s", name, d, m[1], m[1])
					}
				case d == "_" || strings.HasPrefix(d, "hid"):
				default:
					t.Errorf("%s: hidden %s declares %s: new top-level identifiers of hidden tests start with hid (a learner's helper may have any other name)", name, filepath.Base(f), d)
				}
			}
		}
	}
}

var exTaskName = regexp.MustCompile(`^Test(?:Hidden)?Task(\d+)`)

// exTopLevel returns the names a Go file declares at package level (functions without receivers, vars, consts, types).
func exTopLevel(t *testing.T, path string) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var names []string
	for _, decl := range f.Decls {
		switch d := decl.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				names = append(names, d.Name.Name)
			}
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				switch s := spec.(type) {
				case *ast.ValueSpec:
					for _, n := range s.Names {
						names = append(names, n.Name)
					}
				case *ast.TypeSpec:
					names = append(names, s.Name.Name)
				}
			}
		}
	}
	return names
}

// TestExercisesStubsScoreZero: every stub compiles and no graded test passes on it.
func TestExercisesStubsScoreZero(t *testing.T) {
	rep := exGrade(t)
	if rep.Total != 0 {
		t.Errorf("stubs: total = %d, want 0", rep.Total)
	}
	for _, ex := range rep.Exercises {
		if ex.Status != "ok" {
			t.Errorf("%s: stub status %q (%s), want it to compile", ex.Name, ex.Status, ex.Error)
		}
		for _, task := range ex.Tasks {
			if len(task.Passed) > 0 {
				t.Errorf("%s task %d: tests %v pass on the stub", ex.Name, task.Number, task.Passed)
			}
		}
	}
}

// TestExercisesSolutionsScoreMax: the reference solutions pass every visible and hidden test.
func TestExercisesSolutionsScoreMax(t *testing.T) {
	rep := exGrade(t, "--replace", "solutions")
	if rep.Total != rep.Max || rep.Max == 0 {
		for _, ex := range rep.Exercises {
			if ex.Points != ex.Max {
				t.Errorf("%s: solution scores %d/%d (%s %s) %+v", ex.Name, ex.Points, ex.Max, ex.Status, ex.Error, ex.Tasks)
			}
		}
		t.Fatalf("solutions: total = %d, want max %d", rep.Total, rep.Max)
	}
}

// TestExercisesMutantsFail: each wrong implementation (solution with one file
// replaced by tests/testdata/mutants/NN_name/<mutant>/) compiles and loses points.
func TestExercisesMutantsFail(t *testing.T) {
	root := exRepoRoot(t)
	for _, name := range exNames(t) {
		mutants, _ := filepath.Glob(filepath.Join(root, "tests", "testdata", "mutants", name, "*"))
		for _, m := range mutants {
			t.Run(name+"/"+filepath.Base(m), func(t *testing.T) {
				t.Parallel()
				rep := exGrade(t, "--only", name, "--replace", "solutions", "--replace", name+"="+m, "--jobs", "1")
				if len(rep.Exercises) != 1 {
					t.Fatalf("grade returned %d exercises, want 1", len(rep.Exercises))
				}
				ex := rep.Exercises[0]
				if ex.Status != "ok" {
					t.Fatalf("mutant does not compile (%s): %s", ex.Status, ex.Error)
				}
				if ex.Points >= ex.Max {
					t.Errorf("mutant %s scores %d/%d: the tests do not catch it", filepath.Base(m), ex.Points, ex.Max)
				}
			})
		}
	}
}

// TestGradeSurvivesBrokenExercises grades a temporary copy of exercises/ holding
// the solutions, except one exercise that panics in a goroutine, one that loops
// forever and one that does not compile: the others still get full marks.
func TestGradeSurvivesBrokenExercises(t *testing.T) {
	root := exRepoRoot(t)
	tmp := t.TempDir()
	exs := filepath.Join(tmp, "exercises")
	if out, err := exec.Command("cp", "-r", filepath.Join(root, "exercises"), exs).CombinedOutput(); err != nil {
		t.Fatalf("copy: %v %s", err, out)
	}
	// The copy lives elsewhere: point its replace directive back at the repository.
	gomod := filepath.Join(exs, "go.mod")
	b, _ := os.ReadFile(gomod)
	if err := os.WriteFile(gomod, []byte(strings.Replace(string(b), "=> ../", "=> "+root, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("cp", "-r", filepath.Join(root, "solutions")+string(filepath.Separator)+".", exs).CombinedOutput(); err != nil {
		t.Fatalf("copy solutions: %v %s", err, out)
	}
	broken := map[string]string{
		"01_nll/nll.go":        "package nll\n\nfunc LogLikelihood(p []float64) float64 { done := make(chan bool); go func() { panic(\"boom\") }(); <-done; return 0 }\nfunc NegativeLogLikelihood(p []float64) float64 { return 0 }\nfunc BernoulliNLL(th float64, ys []int) float64 { return 0 }\nfunc BernoulliMLE(ys []int) float64 { return 0 }\n",
		"02_bce_logits/bce.go": "package bce\n\nfunc Softplus(x float64) float64 { for { x++ } }\nfunc BCEWithLogitsElement(z, y float64) float64 { for { z++ } }\nfunc BCEWithLogits(z, y []float64) float64 { for { } }\n",
		"14_gan/gan.go":        "package gan\n\nfunc DiscriminatorLoss(\n",
	}
	for f, src := range broken {
		if err := os.WriteFile(filepath.Join(exs, f), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	only := "01_nll,02_bce_logits,03_bce_gradient,14_gan,15_wgan_gp"
	rep := exGrade(t, "--exercises", exs, "--only", only, "--timeout", "3s")
	got := map[string]exExercise{}
	for _, ex := range rep.Exercises {
		got[ex.Name] = ex
	}
	for _, name := range []string{"03_bce_gradient", "15_wgan_gp"} {
		if ex := got[name]; ex.Points != ex.Max || ex.Max == 0 {
			t.Errorf("%s (untouched): %d/%d (%s %s), want full marks despite the broken neighbours", name, ex.Points, ex.Max, ex.Status, ex.Error)
		}
	}
	if ex := got["01_nll"]; ex.Points != 0 || ex.Tasks[0].Error == "" {
		t.Errorf("01_nll (panics in a goroutine): %d points, task 1 error %q: want 0 points and a crash reported", ex.Points, ex.Tasks[0].Error)
	}
	if ex := got["02_bce_logits"]; ex.Points != 0 || !strings.Contains(ex.Tasks[0].Error, "timed out") {
		t.Errorf("02_bce_logits (infinite loop): %d points, task 1 error %q: want 0 points and a timeout", ex.Points, ex.Tasks[0].Error)
	}
	if ex := got["14_gan"]; ex.Status != "compile error" || ex.Max == 0 {
		t.Errorf("14_gan (does not compile): status %q, max %d: want a compile error with the tasks still listed", ex.Status, ex.Max)
	}
}
