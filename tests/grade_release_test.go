package tests

// The learner release (go run ./cmd/grade release DIR): it holds no
// instructor-only file and no solution code, it builds, its exercises fail as
// stubs, and grading a copy of it with the reference solutions filled in
// (go run ./cmd/grade --submission DIR) gives full marks.

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// relInstructorOnly are the paths a learner must never receive. The release
// command has its own list (cmd/grade/release.go): this one is independent,
// so that a path dropped from that list is caught here.
var relInstructorOnly = []string{
	"solutions",
	"cmd/grade/testdata/hidden",
	"tests/testdata/mutants",
	"tests/testdata/adversarial",
	"tests/mutation",
	"scripts/mutation.sh",
}

func TestGradeRelease(t *testing.T) {
	root := exRepoRoot(t)
	rel := filepath.Join(t.TempDir(), "learner")
	cmd := exec.Command(exGradeBinary(t), "release", rel)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("grade release: %v\n%s", err, out)
	}

	t.Run("instructor files left out", func(t *testing.T) {
		for _, p := range relInstructorOnly {
			if _, err := os.Stat(filepath.Join(rel, p)); err == nil {
				t.Errorf("the release contains %s", p)
			}
		}
		tests, _ := filepath.Glob(filepath.Join(rel, "tests", "*_test.go"))
		for _, f := range tests {
			b, _ := os.ReadFile(f)
			if bytes.Contains(b, []byte("solutions/")) || bytes.Contains(b, []byte("testdata/mutants")) {
				t.Errorf("the release's %s refers to solutions or mutants", filepath.Base(f))
			}
		}
		for _, p := range []string{"go.mod", "README.md", "exercises/README.md", "exercises/go.mod", "exercises/internal/check/check.go",
			"cmd/grade/main.go", "pkg/losses", "notebooks", "docker", "scripts/lab.sh"} {
			if _, err := os.Stat(filepath.Join(rel, p)); err != nil {
				t.Errorf("the release lacks %s", p)
			}
		}
		for _, name := range exNames(t) {
			for _, pattern := range []string{"README.md", "*_test.go", "*.go"} {
				if m, _ := filepath.Glob(filepath.Join(rel, "exercises", name, pattern)); len(m) == 0 {
					t.Errorf("the release's exercises/%s has no %s", name, pattern)
				}
			}
		}
	})

	t.Run("no solution code", func(t *testing.T) {
		lines, bodies := relSolutionOnly(t, root)
		if len(lines) < 50 || len(bodies) < 30 {
			t.Fatalf("found only %d solution-only lines and %d function bodies: the check would be vacuous", len(lines), len(bodies))
		}
		_ = filepath.WalkDir(rel, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			relPath, _ := filepath.Rel(rel, p)
			text := string(b)
			for _, l := range strings.Split(text, "\n") {
				if lines[strings.TrimSpace(l)] {
					t.Errorf("%s contains a line of the reference solutions: %q", relPath, strings.TrimSpace(l))
					return nil
				}
			}
			flat := relSquash(text)
			for _, body := range bodies {
				if strings.Contains(flat, body) {
					t.Errorf("%s contains the body of a reference solution's function: %.80s…", relPath, body)
					return nil
				}
			}
			return nil
		})
	})

	t.Run("builds", func(t *testing.T) {
		// Every package compiles; the tests left in the release (and the exercises with their visible
		// tests) type-check. (Vetting all of the library's tests again here would only repeat the
		// repository's own go vet at the release's path, minutes on 2 cores.)
		for _, c := range [][]string{{".", "go", "build", "./..."}, {".", "go", "vet", "./tests/", "./cmd/..."}, {"exercises", "go", "vet", "./..."}} {
			cmd := exec.Command(c[1], c[2:]...)
			cmd.Dir = filepath.Join(rel, c[0])
			cmd.Env = append(os.Environ(), "GOFLAGS=-mod=readonly", "GOWORK=off")
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("in the release's %s: %v: %v\n%s", c[0], c[1:], err, out)
			}
		}
	})

	maxPoints := 0
	for _, name := range exNames(t) {
		maxPoints += advCanonicalMax(t, filepath.Join(root, "exercises", name), filepath.Join(root, "cmd", "grade", "testdata", "hidden", name))
	}

	t.Run("stubs fail", func(t *testing.T) {
		rep := exGrade(t, "--submission", rel)
		if rep.Total != 0 || rep.Max != maxPoints {
			t.Errorf("grading the release as it is: %d/%d, want 0/%d", rep.Total, rep.Max, maxPoints)
		}
		for _, ex := range rep.Exercises {
			if ex.Status != "ok" {
				t.Errorf("%s: status %q (%s): the stubs must compile", ex.Name, ex.Status, ex.Error)
			}
			for _, task := range ex.Tasks {
				if len(task.Passed) > 0 {
					t.Errorf("%s task %d: tests %v pass on the release's stub", ex.Name, task.Number, task.Passed)
				}
			}
		}
		// The learner's own go test fails with the stub's TODO.
		cmd := exec.Command("go", "test", "-count=1", "./01_nll")
		cmd.Dir = filepath.Join(rel, "exercises")
		out, err := cmd.CombinedOutput()
		if err == nil || !bytes.Contains(out, []byte("TODO")) {
			t.Errorf("go test in the release's exercises/01_nll: err %v, want a failure naming the TODO:\n%s", err, out)
		}
	})

	t.Run("solutions in the release score full marks", func(t *testing.T) {
		for _, name := range exNames(t) {
			advCopy(t, filepath.Join(root, "solutions", name), filepath.Join(rel, "exercises", name))
		}
		rep := exGrade(t, "--submission", rel)
		if rep.Total != maxPoints || rep.Max != maxPoints {
			for _, ex := range rep.Exercises {
				if ex.Points != ex.Max {
					t.Errorf("%s: %d/%d (%s %s)\n%s", ex.Name, ex.Points, ex.Max, ex.Status, ex.Error, advDescribe(ex))
				}
			}
			t.Fatalf("grading the release with the solutions: %d/%d, want %d", rep.Total, rep.Max, maxPoints)
		}
		// The release's own grader (visible tests only, no hidden ones) runs there too.
		cmd := exec.Command("go", append([]string{"run", "./cmd/grade", "--only", "01_nll"}, exSandboxArgs()...)...)
		cmd.Dir = rel
		out, err := cmd.CombinedOutput()
		if err != nil || !regexp.MustCompile(`01_nll\s+3/3`).Match(out) {
			t.Errorf("the release's own grader: %v\n%s", err, out)
		}
	})
}

// relSolutionOnly returns the lines of the reference solutions that appear
// nowhere in the learner-facing repository (trimmed, at least 20 characters,
// not comments), and the bodies (whitespace squashed, at least 3 statements)
// of the solutions' functions.
func relSolutionOnly(t *testing.T, root string) (map[string]bool, []string) {
	t.Helper()
	public := map[string]bool{}
	out, err := exec.Command("git", "-C", root, "ls-files", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		t.Skipf("git ls-files: %v (not a git checkout)", err)
	}
	for _, f := range strings.Split(string(out), "\n") {
		if f == "" || relIsInstructorOnly(f) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			continue
		}
		for _, l := range strings.Split(string(b), "\n") {
			public[strings.TrimSpace(l)] = true
		}
	}
	lines := map[string]bool{}
	var bodies []string
	files, _ := filepath.Glob(filepath.Join(root, "solutions", "*", "*.go"))
	fset := token.NewFileSet()
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(string(b), "\n") {
			l = strings.TrimSpace(l)
			if len(l) >= 20 && !strings.HasPrefix(l, "//") && !public[l] {
				lines[l] = true
			}
		}
		file, err := parser.ParseFile(fset, f, b, 0)
		if err != nil {
			t.Fatal(err)
		}
		// Functions the stub gives the learner (e.g. Critic.Score) are not solution code.
		stub, _ := os.ReadFile(filepath.Join(root, "exercises", filepath.Base(filepath.Dir(f)), filepath.Base(f)))
		given := relSquash(string(stub))
		for _, decl := range file.Decls {
			if fn, ok := decl.(*ast.FuncDecl); ok && fn.Body != nil && len(fn.Body.List) >= 3 {
				body := relSquash(string(b[fset.Position(fn.Body.Lbrace).Offset:fset.Position(fn.Body.Rbrace).Offset]))
				if !strings.Contains(given, body) {
					bodies = append(bodies, body)
				}
			}
		}
	}
	return lines, bodies
}

func relIsInstructorOnly(path string) bool {
	for _, p := range relInstructorOnly {
		if path == p || strings.HasPrefix(path, p+"/") {
			return true
		}
	}
	return regexp.MustCompile(`^tests/(exercises|grade)[^/]*_test\.go$`).MatchString(path)
}

var relSpace = regexp.MustCompile(`\s+`)

func relSquash(s string) string { return relSpace.ReplaceAllString(s, " ") }
