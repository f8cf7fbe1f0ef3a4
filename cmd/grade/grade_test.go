package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestGradeVerifyResult(t *testing.T) {
	ticket := newTicket([]string{"TestTask1A"})
	sign := func(key []byte, run, payload string) string {
		p := base64.StdEncoding.EncodeToString([]byte(payload))
		mac := hmac.New(sha256.New, key)
		mac.Write([]byte(run + " " + p))
		return "grade-result v1 " + run + " " + p + " " + hex.EncodeToString(mac.Sum(nil))
	}
	good := sign(ticket.Key, ticket.Run, `{"exit":0,"tests":{"TestTask1A":true}}`)
	if r, ok := verifyResult(ticket, []byte("noise\n"+good+"\nmore noise")); !ok || !r.Tests["TestTask1A"] || r.Exit != 0 {
		t.Errorf("a correctly signed line: got %+v, %v", r, ok)
	}
	other := newTicket(nil)
	forged := []string{
		sign(other.Key, ticket.Run, `{"exit":0,"tests":{"TestTask1A":true}}`), // wrong key
		sign(ticket.Key, other.Run, `{"exit":0,"tests":{"TestTask1A":true}}`), // wrong run (a replay)
		strings.Replace(good, "grade-result v1", "grade-result v2", 1),        // wrong version
		good[:len(good)-2] + "00", // wrong MAC
		strings.Replace(good, base64.StdEncoding.EncodeToString([]byte(`{"exit":0,"tests":{"TestTask1A":true}}`)), base64.StdEncoding.EncodeToString([]byte(`{"exit":0,"tests":{"TestTask1A":true} }`)), 1), // tampered payload
		good + " extra",
		"grade-result v1 " + ticket.Run + " e30= " + strings.Repeat("0", 64),
		"",
	}
	for i, f := range forged {
		if r, ok := verifyResult(ticket, []byte(f+"\n")); ok {
			t.Errorf("forged line %d accepted: %+v", i, r)
		}
	}
}

func TestGradeAbsReplace(t *testing.T) {
	in := "module x\n\nreplace a.b/c => ../\nreplace d.e/f v1.0.0 => ./local // comment\nreplace g.h/i => g.h/j v1.2.3\n" +
		"replace (\n\tk.l/m => ../m\n\tn.o/p => n.o/q v0.1.0\n)\n"
	got := string(absReplace([]byte(in), "/base/exercises"))
	for _, want := range []string{"a.b/c => /base\n", "d.e/f v1.0.0 => /base/exercises/local\n", "g.h/i => g.h/j v1.2.3\n", "k.l/m => /base/m\n", "n.o/p => n.o/q v0.1.0\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("absReplace: want %q in\n%s", want, got)
		}
	}
}

func TestGradeCheckPolicy(t *testing.T) {
	bad := map[string]string{
		"unsafe":   "package p\nimport \"unsafe\"\nvar _ = unsafe.Sizeof(0)\n",
		"cgo":      "package p\n// int f() { return 1; }\nimport \"C\"\n",
		"plugin":   "package p\nimport _ \"plugin\"\n",
		"linkname": "package p\nimport _ \"unsafe\"\n//go:linkname f runtime.f\nfunc f()\n",
		"aliased":  "package p\nimport u \"unsafe\"\nvar _ = u.Sizeof(0)\n",
	}
	for name, src := range bad {
		if err := checkPolicy([]srcFile{{Name: name + ".go", Data: []byte(src)}}); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	ok := "package p\nimport (\n\t\"math\"\n\t\"os\"\n\t\"syscall\"\n)\nvar _, _, _ = math.Pi, os.Args, syscall.Getpid\n"
	if err := checkPolicy([]srcFile{{Name: "ok.go", Data: []byte(ok)}, {Name: "broken.go", Data: []byte("package p\nfunc (")}}); err != nil {
		t.Errorf("ordinary code (and a syntax error, left to the compiler) rejected: %v", err)
	}
}

func TestGradeParseSpec(t *testing.T) {
	ex := &exerciseSpec{Name: "01_x",
		Tests: []srcFile{
			{Name: "a_test.go", Data: []byte("package x\n// grade:timeout 90s\nimport \"testing\"\nfunc TestTask1A(t *testing.T) {}\nfunc TestTask2B(t *testing.T) {}\nfunc TestTask2Helper(x int) {}\nfunc helper() {}\n")},
			{Name: "b_test.go", Data: []byte("package x_test\nimport tt \"testing\"\nfunc TestTask10C(t *tt.T) {}\nfunc BenchmarkTask1(b *tt.B) {}\n")},
		},
		Hidden: []srcFile{{Name: "h_test.go", Data: []byte("package x\nimport \"testing\"\nfunc TestHiddenTask1A(t *testing.T) {}\n")}},
	}
	if err := ex.parse(); err != nil {
		t.Fatal(err)
	}
	if ex.Package != "x" || ex.Timeout != 90*time.Second || len(ex.Tasks) != 3 {
		t.Fatalf("package %q, timeout %v, tasks %+v", ex.Package, ex.Timeout, ex.Tasks)
	}
	if ex.Tasks[0].Number != 1 || len(ex.Tasks[0].Tests) != 2 || ex.Tasks[1].Number != 2 || ex.Tasks[2].Number != 10 || !ex.Tasks[2].Tests[0].External {
		t.Errorf("tasks %+v", ex.Tasks)
	}
	for name, src := range map[string]string{
		"TestMain":      "package x\nimport \"testing\"\nfunc TestMain(m *testing.M) {}\n",
		"other package": "package y\n",
		"bad timeout":   "package x\n// grade:timeout soon\n",
		"syntax":        "package x\nfunc (",
	} {
		bad := &exerciseSpec{Name: "01_x", Tests: []srcFile{ex.Tests[0], {Name: "z_test.go", Data: []byte(src)}}}
		if err := bad.parse(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestGradeReleaseExcluded(t *testing.T) {
	for path, want := range map[string]bool{
		"solutions/01_nll/nll.go":                         true,
		"cmd/grade/testdata/hidden/01_nll/hidden_test.go": true,
		"tests/testdata/mutants/01_nll/x/nll.go":          true,
		"tests/exercises_test.go":                         true,
		"tests/grade_release_test.go":                     true,
		"scripts/mutation.sh":                             true,
		"tests/notebooks_test.go":                         false,
		"exercises/01_nll/nll_test.go":                    false,
		"cmd/grade/main.go":                               false,
		"solutionsX/readme":                               false,
		"tests/testdata/other/x":                          false,
	} {
		if got := excluded(path); got != want {
			t.Errorf("excluded(%s) = %v, want %v", path, got, want)
		}
	}
}

// TestGradeEndToEnd grades a small self-contained exercises module (no
// dependencies) through the whole pipeline: canonical and hidden tests,
// an external test package, testdata as working directory, a time-limit
// directive, a learner test file and an early os.Exit(0).
func TestGradeEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles test binaries")
	}
	dir := t.TempDir()
	write := func(rel, src string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("grader/exercises/go.mod", "module example.com/ex\n\ngo 1.24\n")
	write("grader/exercises/internal/h/h.go", "package h\n\nfunc Double(x int) int { return 2 * x }\n")
	write("grader/exercises/01_toy/toy.go", "package toy\n\nfunc Add(a, b int) int { panic(\"TODO\") }\nfunc Slow() int { panic(\"TODO\") }\n")
	write("grader/exercises/01_toy/toy_test.go", `package toy

import (
	"os"
	"testing"

	"example.com/ex/internal/h"
)

func TestTask1Add(t *testing.T) {
	if Add(2, 3) != 5 || Add(h.Double(1), 0) != 2 {
		t.Fatal("Add")
	}
	if b, err := os.ReadFile("testdata/input.txt"); err != nil || string(b) != "42" {
		t.Fatalf("testdata: %q %v", b, err)
	}
}
`)
	write("grader/exercises/01_toy/ext_test.go", "package toy_test\n\n// grade:timeout 3s\n\nimport (\n\t\"testing\"\n\n\t\"example.com/ex/01_toy\"\n)\n\nfunc TestTask2Slow(t *testing.T) {\n\tif toy.Slow() != 7 {\n\t\tt.Fatal(\"Slow\")\n\t}\n}\n")
	write("grader/exercises/01_toy/testdata/input.txt", "42")
	write("grader/hidden/01_toy/more_test.go", "package toy\n\nimport \"testing\"\n\nfunc TestHiddenTask1Add(t *testing.T) {\n\tif Add(-1, 1) != 0 {\n\t\tt.Fatal(\"hidden\")\n\t}\n}\n")

	sb, err := detectSandbox("auto", 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("sandbox: %s", sb.describe())
	if os.Getenv("LOSSCOURSE_REQUIRE_SANDBOX") == "1" && sb.Kind != "bubblewrap" {
		t.Fatalf("LOSSCOURSE_REQUIRE_SANDBOX=1 and no sandbox: %s", sb.Reason)
	}
	gradeSub := func(t *testing.T, files map[string]string) *Report {
		t.Helper()
		sub := filepath.Join(t.TempDir(), "exercises")
		for name, src := range files {
			p := filepath.Join(sub, "01_toy", name)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		rep, err := grade(config{exercisesDir: filepath.Join(dir, "grader", "exercises"), hiddenDir: filepath.Join(dir, "grader", "hidden"),
			submission: filepath.Dir(sub), timeout: 20 * time.Second, buildTimeout: 5 * time.Minute, jobs: 1, sandbox: sb})
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	const correct = "package toy\n\nimport \"fmt\"\n\nfunc Add(a, b int) int { fmt.Print(\"no newline\"); return a + b }\nfunc Slow() int { return 7 }\n"

	t.Run("correct", func(t *testing.T) {
		rep := gradeSub(t, map[string]string{"toy.go": correct, "mine_test.go": "package toy\n\nimport \"testing\"\n\nfunc TestTask3Free(t *testing.T) {}\nfunc TestMain(m *testing.M) {}\n"})
		if rep.Total != 2 || rep.Max != 2 {
			t.Fatalf("%d/%d, want 2/2: %+v", rep.Total, rep.Max, rep.Exercises)
		}
		if got := rep.Exercises[0].Tasks[0].Tests; len(got) != 2 {
			t.Errorf("task 1 tests %v, want the visible and the hidden one", got)
		}
	})
	t.Run("stub", func(t *testing.T) {
		rep := gradeSub(t, map[string]string{"toy.go": "package toy\n\nfunc Add(a, b int) int { panic(\"TODO\") }\nfunc Slow() int { panic(\"TODO\") }\n"})
		if rep.Total != 0 || rep.Max != 2 || rep.Exercises[0].Status != "ok" {
			t.Fatalf("%d/%d %s, want 0/2 ok", rep.Total, rep.Max, rep.Exercises[0].Status)
		}
	})
	t.Run("exit 0 and a time limit", func(t *testing.T) {
		src := "package toy\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\t\"time\"\n)\n\n" +
			"func Add(a, b int) int { fmt.Println(\"--- PASS: TestTask1Add\\nPASS\"); os.Exit(0); return 0 }\n" +
			"func Slow() int { time.Sleep(time.Minute); return 7 }\n"
		start := time.Now()
		rep := gradeSub(t, map[string]string{"toy.go": src})
		tasks := rep.Exercises[0].Tasks
		if rep.Total != 0 || !strings.Contains(tasks[0].Error, "os.Exit") && !strings.Contains(tasks[0].Error, "crashed") || !strings.Contains(tasks[1].Error, "timed out after 3s") {
			t.Fatalf("%d points, errors %q and %q: want 0, an early exit and a timeout of 3s (the directive)", rep.Total, tasks[0].Error, tasks[1].Error)
		}
		if d := time.Since(start); d > 40*time.Second {
			t.Errorf("grading took %v: the 3 s directive was not applied", d)
		}
	})
	t.Run("learner uses test identifiers", func(t *testing.T) {
		rep := gradeSub(t, map[string]string{"toy.go": correct, "peek.go": "package toy\n\nvar _ = TestTask1Add\n"})
		if ex := rep.Exercises[0]; ex.Status != "compile error" || !strings.Contains(ex.Error, "compile on its own") {
			t.Fatalf("status %q (%s), want a compile error", ex.Status, ex.Error)
		}
	})
	t.Run("missing folder", func(t *testing.T) {
		rep := gradeSub(t, map[string]string{}) // a submission without 01_toy/
		if ex := rep.Exercises[0]; ex.Status != "missing" || ex.Max != 2 || ex.Points != 0 {
			t.Fatalf("status %q %d/%d, want missing with the canonical max 2", ex.Status, ex.Points, ex.Max)
		}
	})
}
