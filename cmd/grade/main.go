// Command grade runs every exercise's visible and hidden tests and prints the
// points per task, per exercise and in total.
//
//	go run ./cmd/grade                 # from the repository root: grade exercises/
//	go run ./cmd/grade --json          # machine-readable, for a learning-management system
//	go run ./cmd/grade --only 03_bce_gradient
//	go run ./cmd/grade --replace solutions   # grade the reference solutions (instructors)
//
// Each exercise is compiled once (go test -c, with the hidden tests added by
// go test -overlay, so the learner's directory is never modified), then each
// task's tests run in their own process with a timeout. A panic, an infinite
// loop or a compile error therefore costs only the task (or exercise) where it
// happens. A task earns its point only if every one of its tests, visible
// (TestTaskN…) and hidden (TestHiddenTaskN…), passes.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Task is the result of one task of one exercise.
type Task struct {
	Number int      `json:"task"`
	Points int      `json:"points"`
	Max    int      `json:"max"`
	Tests  []string `json:"tests"`           // all tests of the task, visible and hidden
	Passed []string `json:"passed"`          // the tests that passed
	Error  string   `json:"error,omitempty"` // timeout or crash, if any
}

// Exercise is the result of one exercise.
type Exercise struct {
	Name   string `json:"name"`
	Points int    `json:"points"`
	Max    int    `json:"max"`
	Status string `json:"status"` // "ok", "compile error", "no tests"
	Error  string `json:"error,omitempty"`
	Tasks  []Task `json:"tasks"`
}

// Report is the whole grade.
type Report struct {
	Total     int        `json:"total"`
	Max       int        `json:"max"`
	Exercises []Exercise `json:"exercises"`
}

type config struct {
	exercisesDir string
	hiddenDir    string
	replace      []string
	only         map[string]bool
	timeout      time.Duration
	buildTimeout time.Duration
	jobs         int
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func main() {
	var cfg config
	var replace multiFlag
	jsonOut := flag.Bool("json", false, "print the report as JSON")
	only := flag.String("only", "", "comma-separated exercise directories to grade (default: all)")
	flag.StringVar(&cfg.exercisesDir, "exercises", "exercises", "the exercises module directory")
	flag.StringVar(&cfg.hiddenDir, "hidden", filepath.Join("cmd", "grade", "testdata", "hidden"), "directory of hidden tests, one NN_name/ folder per exercise (\"\" for none)")
	flag.Var(&replace, "replace", "DIR (files DIR/NN_name/*.go) or NN_name=DIR (files DIR/*.go) replacing the exercise's files of the same name; repeatable, later wins")
	flag.DurationVar(&cfg.timeout, "timeout", 30*time.Second, "time limit per task run")
	flag.DurationVar(&cfg.buildTimeout, "build-timeout", 3*time.Minute, "time limit per exercise compilation")
	flag.IntVar(&cfg.jobs, "jobs", 2, "exercises graded in parallel")
	flag.Parse()
	cfg.replace = replace
	if *only != "" {
		cfg.only = map[string]bool{}
		for _, n := range strings.Split(*only, ",") {
			cfg.only[strings.TrimSpace(n)] = true
		}
	}
	rep, err := grade(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "grade:", err)
		os.Exit(2)
	}
	if *jsonOut {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(rep)
		return
	}
	printTable(os.Stdout, rep)
}

var exerciseDir = regexp.MustCompile(`^\d\d_\w+$`)

func grade(cfg config) (*Report, error) {
	root, err := filepath.Abs(cfg.exercisesDir)
	if err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(root)
	if err != nil {
		return nil, fmt.Errorf("reading exercises directory: %w", err)
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() && exerciseDir.MatchString(e.Name()) && (cfg.only == nil || cfg.only[e.Name()]) {
			names = append(names, e.Name())
		}
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("no exercises (NN_name folders) found in %s", root)
	}
	tmp, err := os.MkdirTemp("", "grade-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)

	results := make([]Exercise, len(names))
	sem := make(chan struct{}, max(1, cfg.jobs))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			results[i] = gradeOne(cfg, root, name, filepath.Join(tmp, name))
		}()
	}
	wg.Wait()
	rep := &Report{Exercises: results}
	for _, ex := range results {
		rep.Total += ex.Points
		rep.Max += ex.Max
	}
	return rep, nil
}

var testFunc = regexp.MustCompile(`(?m)^func (Test(?:Hidden)?Task(\d+)\w*)\(`)

// gradeOne compiles and runs one exercise. work is a private scratch directory.
func gradeOne(cfg config, root, name, work string) Exercise {
	ex := Exercise{Name: name, Status: "ok"}
	dir := filepath.Join(root, name)
	if err := os.MkdirAll(work, 0o755); err != nil {
		ex.Status, ex.Error = "error", err.Error()
		return ex
	}
	// Overlay: replacement files (solutions, mutants), then hidden tests.
	overlay := map[string]string{}
	for _, r := range cfg.replace {
		src := r
		if k, v, ok := strings.Cut(r, "="); ok && !strings.ContainsAny(k, `/\`) {
			if k != name {
				continue
			}
			src = v
		} else {
			src = filepath.Join(r, name)
		}
		files, _ := filepath.Glob(filepath.Join(src, "*.go"))
		for _, f := range files {
			abs, _ := filepath.Abs(f)
			overlay[filepath.Join(dir, filepath.Base(f))] = abs
		}
	}
	var testSources []string
	visible, _ := filepath.Glob(filepath.Join(dir, "*_test.go"))
	testSources = append(testSources, visible...)
	if cfg.hiddenDir != "" {
		hidden, _ := filepath.Glob(filepath.Join(cfg.hiddenDir, name, "*_test.go"))
		for _, f := range hidden {
			abs, _ := filepath.Abs(f)
			target := filepath.Join(dir, "hidden_"+filepath.Base(f))
			overlay[target] = abs
			testSources = append(testSources, abs)
		}
	}
	// The tasks and their tests, read from the sources (so they are known even if compilation fails).
	tasks := map[int]*Task{}
	for _, f := range testSources {
		if r, ok := overlay[f]; ok {
			f = r
		}
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		for _, m := range testFunc.FindAllStringSubmatch(string(b), -1) {
			n, _ := strconv.Atoi(m[2])
			if tasks[n] == nil {
				tasks[n] = &Task{Number: n, Max: 1}
			}
			tasks[n].Tests = append(tasks[n].Tests, m[1])
		}
	}
	var numbers []int
	for n := range tasks {
		numbers = append(numbers, n)
	}
	sort.Ints(numbers)
	for _, n := range numbers {
		ex.Tasks = append(ex.Tasks, *tasks[n])
		ex.Max += tasks[n].Max
	}
	if len(numbers) == 0 {
		ex.Status = "no tests"
		return ex
	}

	ovFile := filepath.Join(work, "overlay.json")
	ovJSON, _ := json.Marshal(map[string]any{"Replace": overlay})
	if err := os.WriteFile(ovFile, ovJSON, 0o644); err != nil {
		ex.Status, ex.Error = "error", err.Error()
		return ex
	}
	bin := filepath.Join(work, "exercise.test")
	out, err := run(cfg.buildTimeout, root, "go", "test", "-c", "-o", bin, "-overlay", ovFile, "./"+name)
	if err != nil {
		ex.Status = "compile error"
		ex.Error = firstLines(out, 12)
		return ex
	}
	for i := range ex.Tasks {
		t := &ex.Tasks[i]
		pattern := fmt.Sprintf("^Test(Hidden)?Task%d($|[^0-9])", t.Number)
		out, err := run(cfg.timeout, dir, bin, "-test.run", pattern, "-test.v", "-test.count=1",
			"-test.timeout", (cfg.timeout - time.Second/2).String())
		passed := map[string]bool{}
		for _, line := range strings.Split(out, "\n") {
			if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "--- PASS: "); ok {
				passed[strings.Fields(rest)[0]] = true
			}
		}
		t.Passed = []string{} // "passed": [] rather than null in --json when nothing passed
		for _, name := range t.Tests {
			if passed[name] {
				t.Passed = append(t.Passed, name)
			}
		}
		if err != nil && len(t.Passed) == len(t.Tests) {
			t.Error = "test binary failed: " + err.Error()
		}
		if err != nil && (strings.Contains(out, "panic: test timed out") || strings.Contains(err.Error(), "time limit")) {
			t.Error = "timed out after " + cfg.timeout.String()
		} else if err != nil && strings.Contains(out, "\npanic: ") && !strings.Contains(out, "--- FAIL") {
			t.Error = "crashed: " + firstLines(out[strings.Index(out, "\npanic: ")+1:], 1)
		}
		if err == nil && len(t.Passed) == len(t.Tests) {
			t.Points = t.Max
		}
		ex.Points += t.Points
	}
	return ex
}

// run executes a command with a time limit, killing it (and its children) when the limit is reached.
func run(limit time.Duration, dir, name string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	cmd.WaitDelay = 2 * time.Second
	setProcessGroup(cmd)
	err := cmd.Run()
	if ctx.Err() != nil {
		return buf.String(), fmt.Errorf("time limit %s exceeded", limit)
	}
	return buf.String(), err
}

func firstLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = append(lines[:n], "…")
	}
	return strings.Join(lines, "\n")
}

func printTable(w io.Writer, rep *Report) {
	fmt.Fprintf(w, "%-28s %7s  %s\n", "exercise", "points", "tasks (points/max)")
	for _, ex := range rep.Exercises {
		var parts []string
		for _, t := range ex.Tasks {
			p := fmt.Sprintf("T%d %d/%d", t.Number, t.Points, t.Max)
			if t.Error != "" {
				p += " (" + t.Error + ")"
			}
			parts = append(parts, p)
		}
		line := strings.Join(parts, "  ")
		if ex.Status != "ok" {
			line = ex.Status + ": " + strings.ReplaceAll(firstLines(ex.Error, 3), "\n", " | ")
		}
		fmt.Fprintf(w, "%-28s %3d/%-3d  %s\n", ex.Name, ex.Points, ex.Max, line)
	}
	fmt.Fprintf(w, "%-28s %3d/%-3d\n", "TOTAL", rep.Total, rep.Max)
}
