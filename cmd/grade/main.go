// Command grade grades the exercises: it runs each exercise's visible and
// hidden tests against a learner's code and prints the points per task, per
// exercise and in total.
//
//	go run ./cmd/grade                        # from the repository root: grade exercises/ (self-check)
//	go run ./cmd/grade --submission DIR       # grade a learner's copy (DIR or DIR/exercises) with this repository's tests
//	go run ./cmd/grade --json                 # machine-readable, for a learning-management system
//	go run ./cmd/grade --only 03_bce_gradient
//	go run ./cmd/grade --replace solutions    # grade the reference solutions (instructors)
//	go run ./cmd/grade release DIR            # write the repository a learner receives (see release.go)
//
// The grader owns the tests. Tasks, points and maxima come from its canonical
// copy of each exercise's tests — the *_test.go files of --exercises
// (default exercises/) and the hidden tests of --hidden — read into memory
// before any learner code runs. From the submission it takes only the
// non-test .go files of each exercise folder: learner test files (and any
// TestMain in them), go.mod, internal/ and every other file are ignored.
//
// Each exercise is assembled in a private temporary module (the canonical
// go.mod, go.sum and internal/, the learner's files, the canonical and hidden
// tests and a generated harness), compiled once (the learner's package must
// also compile on its own, without the tests), and the sources are deleted.
// Then each task runs the binary in its own process, sandboxed with bubblewrap
// where available (sandbox.go), with a time limit. The outcome of each test
// comes only through the harness's signed result (harness.go): printed PASS
// lines, an early os.Exit(0), a crash or a timeout never earn a point. A task
// earns its point only if every one of its tests, visible (TestTaskN…) and
// hidden (TestHiddenTaskN…), passes. See exercises/README.md for the threat model.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"go/parser"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
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
	Tests  []string `json:"tests"`            // all tests of the task, visible and hidden
	Passed []string `json:"passed"`           // the tests that passed
	Error  string   `json:"error,omitempty"`  // timeout, crash or early exit, if any
	Output string   `json:"output,omitempty"` // the end of the test output when the task lost its point
}

// Exercise is the result of one exercise.
type Exercise struct {
	Name   string `json:"name"`
	Points int    `json:"points"`
	Max    int    `json:"max"`
	Status string `json:"status"` // "ok", "compile error", "rejected", "missing", "no tests", "error"
	Error  string `json:"error,omitempty"`
	Tasks  []Task `json:"tasks"`
}

// Report is the whole grade.
type Report struct {
	Total     int        `json:"total"`
	Max       int        `json:"max"`
	Sandbox   string     `json:"sandbox"` // "bubblewrap", or "none (why)"
	Exercises []Exercise `json:"exercises"`
}

type config struct {
	exercisesDir string // the canonical exercises module (the grader's copy)
	hiddenDir    string
	submission   string // the learner's exercises (default: exercisesDir)
	replace      []string
	only         map[string]bool
	timeout      time.Duration
	buildTimeout time.Duration
	jobs         int
	sandbox      *sandbox
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func main() {
	if len(os.Args) > 1 {
		switch os.Args[1] {
		case probeArg:
			sandboxProbe()
			return
		case "release":
			os.Exit(releaseMain(os.Args[2:]))
		}
	}
	var cfg config
	var replace multiFlag
	jsonOut := flag.Bool("json", false, "print the report as JSON")
	verbose := flag.Bool("v", false, "print the end of the test output of every task that lost its point")
	only := flag.String("only", "", "comma-separated exercise directories to grade (default: all)")
	sandboxMode := flag.String("sandbox", "auto", "run learner code in a bubblewrap sandbox: auto (if it works here, else warn and run without), bwrap (required), none")
	memory := flag.Int64("memory", 8<<30, "address-space limit of each test process in bytes (0: none; needs prlimit)")
	flag.StringVar(&cfg.exercisesDir, "exercises", "exercises", "the grader's copy of the exercises module: its *_test.go files are the canonical visible tests")
	flag.StringVar(&cfg.hiddenDir, "hidden", filepath.Join("cmd", "grade", "testdata", "hidden"), "directory of hidden tests, one NN_name/ folder per exercise (\"\" for none)")
	flag.StringVar(&cfg.submission, "submission", "", "the learner's copy to grade: a release directory or its exercises/ folder (default: --exercises itself)")
	flag.Var(&replace, "replace", "DIR (files DIR/NN_name/*.go) or NN_name=DIR (files DIR/*.go) replacing the learner's files of the same name; repeatable, later wins")
	flag.DurationVar(&cfg.timeout, "timeout", 30*time.Second, "time limit per task run, for exercises without a \"// grade:timeout D\" directive in their tests")
	flag.DurationVar(&cfg.buildTimeout, "build-timeout", 10*time.Minute, "time limit per exercise compilation")
	flag.IntVar(&cfg.jobs, "jobs", 2, "exercises graded in parallel")
	flag.Parse()
	cfg.replace = replace
	if *only != "" {
		cfg.only = map[string]bool{}
		for _, n := range strings.Split(*only, ",") {
			cfg.only[strings.TrimSpace(n)] = true
		}
	}
	sb, err := detectSandbox(*sandboxMode, *memory)
	if err != nil {
		fmt.Fprintln(os.Stderr, "grade:", err)
		os.Exit(2)
	}
	if sb.Kind == "none" && *sandboxMode == "auto" {
		fmt.Fprintf(os.Stderr, "grade: WARNING: learner code runs WITHOUT a sandbox: %s.\n"+
			"grade: Scores still come only from the grader's signed harness results, but the code can read and write\n"+
			"grade: this user's files (hidden tests included) and use the network. Use --sandbox=bwrap to require one.\n", sb.Reason)
	}
	cfg.sandbox = sb
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
	printTable(os.Stdout, rep, *verbose)
}

func grade(cfg config) (*Report, error) {
	canon, err := filepath.Abs(cfg.exercisesDir)
	if err != nil {
		return nil, err
	}
	mod, err := readModule(canon)
	if err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(canon)
	if err != nil {
		return nil, fmt.Errorf("reading exercises directory: %w", err)
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() && exerciseDirName.MatchString(e.Name()) && (cfg.only == nil || cfg.only[e.Name()]) {
			names = append(names, e.Name())
		}
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("no exercises (NN_name folders) found in %s", canon)
	}
	sub := canon
	if cfg.submission != "" {
		if sub, err = filepath.Abs(cfg.submission); err != nil {
			return nil, err
		}
		if fi, err := os.Stat(filepath.Join(sub, "exercises")); err == nil && fi.IsDir() {
			sub = filepath.Join(sub, "exercises")
		}
		if _, err := os.Stat(sub); err != nil {
			return nil, fmt.Errorf("submission: %w", err)
		}
	}
	// Everything the grader uses is read now, before any learner code runs.
	specs := make([]*exerciseSpec, len(names))
	learner := make([]learnerFiles, len(names))
	for i, name := range names {
		specs[i] = readSpec(mod, cfg.hiddenDir, name)
		learner[i] = readLearner(sub, name, cfg.replace)
	}
	tmp, err := os.MkdirTemp("", "grade-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	nonce := fmt.Sprintf("%x", randomBytes(8))

	results := make([]Exercise, len(names))
	sem := make(chan struct{}, max(1, cfg.jobs))
	var wg sync.WaitGroup
	for i := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			results[i] = gradeOne(cfg, mod, specs[i], learner[i], filepath.Join(tmp, names[i]), nonce)
		}()
	}
	wg.Wait()
	rep := &Report{Exercises: results, Sandbox: cfg.sandbox.describe()}
	for _, ex := range results {
		rep.Total += ex.Points
		rep.Max += ex.Max
	}
	return rep, nil
}

// learnerFiles are the learner's non-test Go files of one exercise.
type learnerFiles struct {
	Files []srcFile
	Err   error // the exercise folder is missing or unreadable
}

var goFileName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*\.go$`)

// readLearner reads the learner's non-test .go files of one exercise, then the
// --replace files on top of them (same name: replaced; new name: added).
func readLearner(sub, name string, replace []string) learnerFiles {
	keep := func(n string) bool { return isSourceFile(n) && goFileName.MatchString(n) }
	files, err := readGoFiles(filepath.Join(sub, name), keep)
	if err != nil {
		if os.IsNotExist(err) {
			err = fmt.Errorf("the submission has no %s folder", name)
		}
		return learnerFiles{Err: err}
	}
	byName := map[string]int{}
	for i, f := range files {
		byName[f.Name] = i
	}
	for _, r := range replace {
		src := filepath.Join(r, name)
		if k, v, ok := strings.Cut(r, "="); ok && !strings.ContainsAny(k, `/\`) {
			if k != name {
				continue
			}
			src = v
		}
		extra, err := readGoFiles(src, keep)
		if err != nil {
			continue // no replacement for this exercise
		}
		for _, f := range extra {
			if i, ok := byName[f.Name]; ok {
				files[i] = f
			} else {
				byName[f.Name] = len(files)
				files = append(files, f)
			}
		}
	}
	return learnerFiles{Files: files}
}

// forbiddenImports are the packages learner code may not import: they give
// access to the harness's memory or run foreign code, which would let code
// forge the result channel from inside the test process.
var forbiddenImports = map[string]string{
	"unsafe":      "unsafe (raw memory access)",
	"C":           "cgo",
	"runtime/cgo": "cgo",
	"plugin":      "plugin (loading foreign code)",
}

// checkPolicy rejects learner files the grader does not compile: forbidden
// imports and //go:linkname directives. Syntax errors are left to the compiler.
func checkPolicy(files []srcFile) error {
	fset := token.NewFileSet()
	for _, f := range files {
		if bytes.Contains(f.Data, []byte("//go:linkname")) {
			return fmt.Errorf("%s: //go:linkname is not allowed in graded code", f.Name)
		}
		file, err := parser.ParseFile(fset, f.Name, f.Data, parser.ImportsOnly)
		if err != nil {
			continue
		}
		for _, imp := range file.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if why, bad := forbiddenImports[path]; bad {
				return fmt.Errorf("%s imports %q: %s is not allowed in graded code", f.Name, path, why)
			}
		}
	}
	return nil
}

// gradeOne compiles and runs one exercise. work is a private scratch directory.
func gradeOne(cfg config, mod *moduleSpec, spec *exerciseSpec, learner learnerFiles, work, nonce string) Exercise {
	ex := Exercise{Name: spec.Name, Status: "ok"}
	for _, t := range spec.Tasks {
		task := Task{Number: t.Number, Max: 1, Passed: []string{}} // "passed": [] rather than null in --json
		for _, r := range t.Tests {
			task.Tests = append(task.Tests, r.Name)
		}
		ex.Tasks = append(ex.Tasks, task)
		ex.Max += task.Max
	}
	switch {
	case spec.Err != nil:
		ex.Status, ex.Error = "error", "the grader's copy of this exercise is broken: "+spec.Err.Error()
		return ex
	case len(ex.Tasks) == 0:
		ex.Status = "no tests"
		return ex
	case learner.Err != nil:
		ex.Status, ex.Error = "missing", learner.Err.Error()
		return ex
	}
	if err := checkPolicy(learner.Files); err != nil {
		ex.Status, ex.Error = "rejected", err.Error()
		return ex
	}
	bin, status, msg := build(cfg, mod, spec, learner.Files, work, nonce)
	if bin == "" {
		ex.Status, ex.Error = status, msg
		return ex
	}
	runDir, err := runDirFor(work, spec)
	if err != nil {
		ex.Status, ex.Error = "error", err.Error()
		return ex
	}
	limit := cfg.timeout
	if spec.Timeout > 0 {
		limit = spec.Timeout
	}
	for i := range ex.Tasks {
		runTask(cfg, &ex.Tasks[i], bin, runDir, work, nonce, limit)
		ex.Points += ex.Tasks[i].Points
	}
	return ex
}

// build assembles the exercise's private module in work/mod, checks that the
// learner's package compiles on its own, compiles the test binary and deletes
// the sources. It returns the binary, or "" with a status and a message.
func build(cfg config, mod *moduleSpec, spec *exerciseSpec, learner []srcFile, work, nonce string) (bin, status, msg string) {
	dir := filepath.Join(work, "mod")
	defer os.RemoveAll(dir) // the hidden tests' sources never outlive the compilation
	var files []srcFile
	files = append(files, srcFile{Name: "go.mod", Data: mod.GoMod}, srcFile{Name: "go.sum", Data: mod.GoSum})
	files = append(files, mod.Internal...)
	for _, f := range learner {
		files = append(files, srcFile{Name: spec.Name + "/" + f.Name, Data: f.Data})
	}
	for _, f := range spec.Tests {
		files = append(files, srcFile{Name: spec.Name + "/" + f.Name, Data: f.Data})
	}
	for _, f := range spec.Hidden {
		files = append(files, srcFile{Name: spec.Name + "/hidden_" + f.Name, Data: f.Data})
	}
	files = append(files, prefixed(spec.Name, spec.Testdata)...)
	files = append(files, harnessFiles(mod, spec, nonce)...)
	if err := writeFiles(dir, files); err != nil {
		return "", "error", err.Error()
	}
	env := append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=readonly", "GOTOOLCHAIN=local")
	if out, err := runCmd(cfg.buildTimeout, dir, env, "go", "build", "./"+spec.Name); err != nil {
		return "", "compile error", "your code must compile on its own (without the test files):\n" + firstLines(out, 12)
	}
	bin = filepath.Join(work, "exercise.test")
	// -s -w: no symbol table or DWARF (a faster link; stack traces and test file:line come from pclntab).
	if out, err := runCmd(cfg.buildTimeout, dir, env, "go", "test", "-c", "-ldflags=-s -w", "-o", bin, "./"+spec.Name); err != nil {
		return "", "compile error", firstLines(out, 12)
	}
	if err := os.Chmod(bin, 0o111); err != nil { // executable, not readable (inside the sandbox)
		return "", "error", err.Error()
	}
	return bin, "", ""
}

func prefixed(dir string, files []srcFile) []srcFile {
	out := make([]srcFile, len(files))
	for i, f := range files {
		out[i] = srcFile{Name: dir + "/" + f.Name, Data: f.Data}
	}
	return out
}

// writeFiles writes files (slash-separated names relative to dir).
func writeFiles(dir string, files []srcFile) error {
	for _, f := range files {
		path := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, f.Data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

const (
	outputKeep = 16 << 10 // bytes of test output kept per task run (its end)
	resultKeep = 1 << 20  // bytes read from the result channel
)

// runTask runs the tests of one task in a fresh (sandboxed) process and scores it.
func runTask(cfg config, t *Task, bin, runDir, work, nonce string, limit time.Duration) {
	ticket := newTicket(t.Tests)
	fail := func(msg string) { t.Error = msg }
	inR, inW, err := os.Pipe()
	if err != nil {
		fail(err.Error())
		return
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		inR.Close()
		inW.Close()
		fail(err.Error())
		return
	}
	defer outR.Close()
	_, err = inW.Write(ticket.encode()) // small: fits the pipe buffer before the reader starts
	inW.Close()
	if err != nil {
		inR.Close()
		outW.Close()
		fail(err.Error())
		return
	}
	tmpDir, err := os.MkdirTemp(work, "tmp-")
	if err != nil {
		inR.Close()
		outW.Close()
		fail(err.Error())
		return
	}
	defer os.RemoveAll(tmpDir)

	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	inner := max(limit-time.Second, time.Second)
	args := []string{"-test.run", "^TestGrade" + nonce + "$", "-test.count=1", "-test.paniconexit0", "-test.timeout", inner.String()}
	cmd := cfg.sandbox.command(ctx, bin, runDir, tmpDir, args)
	output := &tailBuffer{keep: outputKeep}
	cmd.Stdout, cmd.Stderr = output, output
	cmd.ExtraFiles = []*os.File{inR, outW}
	cmd.WaitDelay = 2 * time.Second
	err = cmd.Start()
	inR.Close()
	outW.Close()
	if err != nil {
		fail("cannot start the test: " + err.Error())
		return
	}
	resultCh := make(chan []byte, 1)
	go func() {
		b, _ := io.ReadAll(io.LimitReader(outR, resultKeep))
		_, _ = io.Copy(io.Discard, outR)
		resultCh <- b
	}()
	waitErr := cmd.Wait()
	killGroup(cmd) // leftovers of the test process (in the sandbox, its PID namespace is gone already)
	var result []byte
	select {
	case result = <-resultCh:
	case <-time.After(2 * time.Second): // a leftover process holds the channel open: take what is there
		outR.Close()
		result = <-resultCh
	}
	out := output.String()
	res, ok := verifyResult(ticket, result)
	if ok {
		for _, name := range t.Tests {
			if res.Tests[name] {
				t.Passed = append(t.Passed, name)
			}
		}
	}
	switch {
	case ctx.Err() != nil || (!ok && strings.Contains(out, "panic: test timed out after")):
		t.Error = "timed out after " + limit.String()
	case !ok && panicLine(out) != "":
		t.Error = "crashed: " + panicLine(out)
	case !ok && waitErr == nil:
		t.Error = "the test process exited (status 0) before the grader's harness reported: does your code call os.Exit?"
	case !ok:
		t.Error = "the test process ended before the grader's harness reported: " + waitErr.Error()
	case waitErr != nil && len(t.Passed) == len(t.Tests):
		t.Error = "the test process failed after reporting: " + waitErr.Error()
	}
	if ok && res.Exit == 0 && waitErr == nil && len(t.Passed) == len(t.Tests) {
		t.Points = t.Max
	} else {
		t.Output = lastBytes(out, 4<<10)
	}
}

func panicLine(out string) string {
	i := strings.Index(out, "\npanic: ")
	if i < 0 {
		if !strings.HasPrefix(out, "panic: ") {
			return ""
		}
		i = -1
	}
	return firstLines(out[i+1:], 1)
}

func lastBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}

// tailBuffer keeps the last keep bytes written to it (and counts the rest).
type tailBuffer struct {
	mu      sync.Mutex
	keep    int
	buf     []byte
	dropped int64
}

func (b *tailBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	if over := len(b.buf) - b.keep; over > 0 {
		b.dropped += int64(over)
		b.buf = append(b.buf[:0], b.buf[over:]...)
	}
	return len(p), nil
}

func (b *tailBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.dropped > 0 {
		return fmt.Sprintf("[… %d bytes of output dropped …]\n", b.dropped) + string(b.buf)
	}
	return string(b.buf)
}

// runCmd executes a command with a time limit, killing it (and its children) when the limit is reached.
func runCmd(limit time.Duration, dir string, env []string, name string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = env
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

func printTable(w io.Writer, rep *Report, verbose bool) {
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
	fmt.Fprintf(w, "sandbox: %s\n", rep.Sandbox)
	if !verbose {
		return
	}
	for _, ex := range rep.Exercises {
		for _, t := range ex.Tasks {
			if t.Points < t.Max && t.Output != "" {
				fmt.Fprintf(w, "\n--- %s task %d: end of the test output\n%s\n", ex.Name, t.Number, strings.TrimRight(t.Output, "\n"))
			}
		}
	}
}
