package tests

// The adversarial suite: submissions that try to pass without solving (every
// trick of issue 9) and honest controls that must keep full marks, graded by
// the real grader (cmd/grade --submission) against a private copy of the
// canonical exercises and hidden tests. Each case is a folder of
// testdata/adversarial/ with a case.json and the files it adds to the learner's
// exercises folder (see advCase); the expected points per exercise are
// asserted exactly, and the maximum must stay the canonical one.

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
)

// advCase is testdata/adversarial/<case>/case.json. The submission is a copy
// of the graded exercises (stubs, or the reference solutions with base
// "solutions"), minus Remove, plus the case's files/ tree (paths relative to
// the submission's exercises/ folder) in which {{CANON}}, {{HIDDEN}}, {{REPO}},
// {{DROP}} and {{LISTEN}} are replaced by the grader's canonical copy, its
// hidden tests, this repository, a directory outside the sandbox and the
// address of a TCP listener of the test.
type advCase struct {
	Doc       string            `json:"doc"`
	Base      string            `json:"base"`      // "stubs" or "solutions"
	Remove    []string          `json:"remove"`    // files removed from the submission
	Want      map[string]any    `json:"want"`      // exercise → points, or "max"; only these exercises are graded
	Status    map[string]string `json:"status"`    // exercise → expected status (default "ok")
	Jobs      int               `json:"jobs"`      // --jobs (default 2)
	Untouched bool              `json:"untouched"` // the grader's files are unchanged after grading (checked when sandboxed)
	NoLeak    bool              `json:"noLeak"`    // nothing reaches {{DROP}} or {{LISTEN}} (checked when sandboxed)
}

func TestGradeAdversarial(t *testing.T) {
	root := exRepoRoot(t)
	dirs, _ := filepath.Glob(filepath.Join(root, "tests", "testdata", "adversarial", "*", "case.json"))
	if len(dirs) < 20 {
		t.Fatalf("want at least 20 adversarial cases, found %d", len(dirs))
	}
	for _, cj := range dirs {
		dir := filepath.Dir(cj)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			var c advCase
			b, err := os.ReadFile(cj)
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &c); err != nil {
				t.Fatalf("case.json: %v", err)
			}
			advRun(t, root, dir, c)
		})
	}
}

func advRun(t *testing.T, root, dir string, c advCase) {
	tmp := t.TempDir()
	canon := filepath.Join(tmp, "grader", "exercises")
	hidden := filepath.Join(tmp, "grader", "hidden")
	sub := filepath.Join(tmp, "submission", "exercises")
	drop := filepath.Join(tmp, "drop")
	var names []string
	for n := range c.Want {
		names = append(names, n)
	}
	sort.Strings(names)

	// The grader's private copy: go.mod (pointing at this repository), go.sum, internal/, the graded exercises, their hidden tests.
	for _, f := range []string{"go.mod", "go.sum", "internal"} {
		advCopy(t, filepath.Join(root, "exercises", f), filepath.Join(canon, f))
	}
	advPointAtRepo(t, filepath.Join(canon, "go.mod"), root)
	for _, n := range names {
		advCopy(t, filepath.Join(root, "exercises", n), filepath.Join(canon, n))
		advCopy(t, filepath.Join(root, "cmd", "grade", "testdata", "hidden", n), filepath.Join(hidden, n))
	}
	// The submission.
	for _, f := range []string{"go.mod", "go.sum", "internal"} {
		advCopy(t, filepath.Join(root, "exercises", f), filepath.Join(sub, f))
	}
	for _, n := range names {
		advCopy(t, filepath.Join(root, "exercises", n), filepath.Join(sub, n))
		if c.Base == "solutions" {
			advCopy(t, filepath.Join(root, "solutions", n), filepath.Join(sub, n))
		} else if c.Base != "stubs" {
			t.Fatalf("base %q: want stubs or solutions", c.Base)
		}
	}
	for _, r := range c.Remove {
		if err := os.Remove(filepath.Join(sub, filepath.FromSlash(r))); err != nil {
			t.Fatalf("remove %s: %v", r, err)
		}
	}
	if err := os.MkdirAll(drop, 0o777); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var connections atomic.Int32
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			connections.Add(1)
			conn.Close()
		}
	}()
	replacer := strings.NewReplacer("{{CANON}}", canon, "{{HIDDEN}}", hidden, "{{REPO}}", root, "{{DROP}}", drop, "{{LISTEN}}", ln.Addr().String())
	files := filepath.Join(dir, "files")
	_ = filepath.WalkDir(files, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(files, p)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(sub, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, []byte(replacer.Replace(string(b))), 0o644); err != nil {
			t.Fatal(err)
		}
		return nil
	})

	before := advTreeHash(t, filepath.Join(tmp, "grader"))
	jobs := c.Jobs
	if jobs == 0 {
		jobs = 2
	}
	rep := exGrade(t, "--exercises", canon, "--hidden", hidden, "--submission", filepath.Dir(sub),
		"--only", strings.Join(names, ","), "--jobs", strconv.Itoa(jobs))
	got := map[string]exExercise{}
	for _, ex := range rep.Exercises {
		got[ex.Name] = ex
	}
	for _, n := range names {
		ex, ok := got[n]
		if !ok {
			t.Errorf("%s: not graded", n)
			continue
		}
		if m := advCanonicalMax(t, filepath.Join(canon, n), filepath.Join(hidden, n)); ex.Max != m {
			t.Errorf("%s: max %d, want the canonical %d", n, ex.Max, m)
		}
		want := 0
		switch w := c.Want[n].(type) {
		case float64:
			want = int(w)
		case string:
			if w != "max" {
				t.Fatalf("want %q: a number or \"max\"", w)
			}
			want = ex.Max
		}
		if ex.Points != want {
			t.Errorf("%s: %d/%d points, want %d (%s)\n%s", n, ex.Points, ex.Max, want, c.Doc, advDescribe(ex))
		}
		wantStatus := c.Status[n]
		if wantStatus == "" {
			wantStatus = "ok"
		}
		if ex.Status != wantStatus {
			t.Errorf("%s: status %q (%s), want %q", n, ex.Status, ex.Error, wantStatus)
		}
	}
	if rep.Sandbox != "bubblewrap" {
		t.Logf("not sandboxed (%s): the isolation checks of this case are skipped", rep.Sandbox)
		return
	}
	if c.Untouched {
		if after := advTreeHash(t, filepath.Join(tmp, "grader")); after != before {
			t.Errorf("the grader's canonical tests or hidden tests changed during grading")
		}
	}
	if c.NoLeak {
		if entries, _ := os.ReadDir(drop); len(entries) > 0 {
			t.Errorf("learner code wrote %d files to a host directory outside the sandbox", len(entries))
		}
		if n := connections.Load(); n > 0 {
			t.Errorf("learner code connected %d times to a TCP listener on the host", n)
		}
	}
}

func advDescribe(ex exExercise) string {
	var b strings.Builder
	if ex.Error != "" {
		fmt.Fprintf(&b, "  error: %s\n", ex.Error)
	}
	for _, task := range ex.Tasks {
		fmt.Fprintf(&b, "  task %d: %d/%d passed %v %s\n", task.Number, task.Points, task.Max, task.Passed, task.Error)
	}
	return b.String()
}

var advTaskFunc = regexp.MustCompile(`(?m)^func Test(?:Hidden)?Task(\d+)\w*\(`)

// advCanonicalMax counts the distinct task numbers of the canonical and hidden tests (one point per task).
func advCanonicalMax(t *testing.T, dirs ...string) int {
	tasks := map[string]bool{}
	for _, d := range dirs {
		files, _ := filepath.Glob(filepath.Join(d, "*_test.go"))
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range advTaskFunc.FindAllStringSubmatch(string(b), -1) {
				tasks[m[1]] = true
			}
		}
	}
	return len(tasks)
}

// advCopy copies a file or a directory tree.
func advCopy(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		t.Fatalf("copy %s: %v", src, err)
	}
}

// advPointAtRepo makes a copied exercises go.mod resolve the library in this repository.
func advPointAtRepo(t *testing.T, gomod, root string) {
	t.Helper()
	b, err := os.ReadFile(gomod)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(gomod, []byte(strings.Replace(string(b), "=> ../", "=> "+root, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// advTreeHash hashes every file (path and content) under dir.
func advTreeHash(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s %d\n", p, len(b))
		h.Write(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}
