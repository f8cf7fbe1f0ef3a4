package main

// The grader's canonical view of an exercise: its tasks, tests, time limit and
// the files of the grader's own copy, read into memory once, before any learner
// code runs (rewriting them on disk during grading changes nothing).

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// srcFile is a file held in memory.
type srcFile struct {
	Name string // base name (or slash-separated path relative to its root for trees)
	Data []byte
}

// exerciseSpec is everything the grader takes from its own copy of one exercise.
type exerciseSpec struct {
	Name       string        // NN_name
	ImportPath string        // module path + "/" + Name
	Package    string        // the exercise's package name (from the canonical tests)
	Tests      []srcFile     // canonical visible tests (exercises/NN_name/*_test.go)
	Hidden     []srcFile     // hidden tests (<hidden>/NN_name/*_test.go), built as hidden_<name>
	Testdata   []srcFile     // canonical exercises/NN_name/testdata/** (paths relative to NN_name)
	Tasks      []taskSpec    // sorted by number
	Timeout    time.Duration // per-task time limit from a "grade:timeout" directive, 0 if none
	Err        error         // a broken canonical exercise (instructor error)
}

type taskSpec struct {
	Number int
	Tests  []testRef
}

type testRef struct {
	Name     string
	External bool // declared in an external test package (package name_test)
}

// moduleSpec is the canonical exercises module: go.mod (relative replace
// directives made absolute), go.sum and the shared internal/ tree.
type moduleSpec struct {
	Dir      string // absolute canonical exercises directory
	Path     string // module path
	GoMod    []byte
	GoSum    []byte
	Internal []srcFile // internal/** (paths relative to the module root)
}

var (
	exerciseDirName = regexp.MustCompile(`^\d\d_\w+$`)
	gradedTest      = regexp.MustCompile(`^Test(?:Hidden)?Task(\d+)`)
	timeoutDirect   = regexp.MustCompile(`(?m)^\s*//\s*grade:timeout\s+(\S+)\s*$`)
	modulePathLine  = regexp.MustCompile(`(?m)^module\s+("?)([^\s"]+)("?)\s*$`)
)

// readModule reads the canonical module files.
func readModule(dir string) (*moduleSpec, error) {
	m := &moduleSpec{Dir: dir}
	var err error
	if m.GoMod, err = os.ReadFile(filepath.Join(dir, "go.mod")); err != nil {
		return nil, fmt.Errorf("the exercises directory must be a Go module: %w", err)
	}
	match := modulePathLine.FindSubmatch(m.GoMod)
	if match == nil {
		return nil, fmt.Errorf("%s: no module line", filepath.Join(dir, "go.mod"))
	}
	m.Path = string(match[2])
	m.GoMod = absReplace(m.GoMod, dir)
	m.GoSum, _ = os.ReadFile(filepath.Join(dir, "go.sum"))
	if m.Internal, err = readTree(dir, "internal"); err != nil {
		return nil, err
	}
	return m, nil
}

// absReplace rewrites the local paths of replace directives (=> ./x, => ../x)
// to absolute paths, so that a copy of go.mod elsewhere resolves them the same way.
func absReplace(gomod []byte, dir string) []byte {
	lines := strings.Split(string(gomod), "\n")
	inBlock := false
	for i, line := range lines {
		trim := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(trim, "replace") && strings.HasSuffix(trim, "("):
			inBlock = true
			continue
		case inBlock && trim == ")":
			inBlock = false
			continue
		case !inBlock && !strings.HasPrefix(trim, "replace "):
			continue
		}
		left, target, ok := strings.Cut(line, "=>")
		if !ok {
			continue
		}
		target = strings.TrimSpace(target)
		if comment := strings.Index(target, "//"); comment >= 0 {
			target = strings.TrimSpace(target[:comment])
		}
		if strings.HasPrefix(target, "./") || strings.HasPrefix(target, "../") || target == "." || target == ".." {
			lines[i] = left + "=> " + filepath.Clean(filepath.Join(dir, target))
		}
	}
	return []byte(strings.Join(lines, "\n"))
}

// readTree reads every regular file under root/sub (paths relative to root, slash-separated).
func readTree(root, sub string) ([]srcFile, error) {
	var files []srcFile
	base := filepath.Join(root, sub)
	if _, err := os.Stat(base); os.IsNotExist(err) {
		return nil, nil
	}
	err := filepath.WalkDir(base, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		files = append(files, srcFile{Name: filepath.ToSlash(rel), Data: b})
		return nil
	})
	return files, err
}

// readGoFiles reads the regular top-level files of dir whose names satisfy keep.
// Symbolic links and other non-regular files are skipped.
func readGoFiles(dir string, keep func(string) bool) ([]srcFile, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var files []srcFile
	for _, e := range entries {
		if !e.Type().IsRegular() || !keep(e.Name()) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		files = append(files, srcFile{Name: e.Name(), Data: b})
	}
	return files, nil
}

func isTestFile(name string) bool { return strings.HasSuffix(name, "_test.go") }

func isSourceFile(name string) bool {
	return strings.HasSuffix(name, ".go") && !isTestFile(name) && !strings.HasPrefix(name, ".") && !strings.HasPrefix(name, "_")
}

// readSpec reads and parses the canonical tests of one exercise.
func readSpec(m *moduleSpec, hiddenDir, name string) *exerciseSpec {
	ex := &exerciseSpec{Name: name, ImportPath: m.Path + "/" + name}
	dir := filepath.Join(m.Dir, name)
	var err error
	if ex.Tests, err = readGoFiles(dir, isTestFile); err != nil {
		ex.Err = err
		return ex
	}
	if hiddenDir != "" {
		if _, statErr := os.Stat(filepath.Join(hiddenDir, name)); statErr == nil {
			if ex.Hidden, err = readGoFiles(filepath.Join(hiddenDir, name), isTestFile); err != nil {
				ex.Err = err
				return ex
			}
		}
	}
	if ex.Testdata, err = readTree(dir, "testdata"); err != nil {
		ex.Err = err
		return ex
	}
	ex.Err = ex.parse()
	return ex
}

// parse finds the graded tests (TestTaskN…, TestHiddenTaskN…), the package name
// and the time-limit directive in the canonical test files.
func (ex *exerciseSpec) parse() error {
	tasks := map[int]*taskSpec{}
	fset := token.NewFileSet()
	seen := map[string]bool{}
	for _, f := range ex.Tests {
		if strings.HasPrefix(f.Name, "hidden_") {
			return fmt.Errorf("canonical test file %s: the prefix hidden_ is reserved for hidden tests", f.Name)
		}
	}
	all := append(append([]srcFile(nil), ex.Tests...), ex.Hidden...)
	for _, f := range all {
		file, err := parser.ParseFile(fset, f.Name, f.Data, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return fmt.Errorf("canonical test file: %v", err)
		}
		pkg := file.Name.Name
		external := strings.HasSuffix(pkg, "_test")
		base := strings.TrimSuffix(pkg, "_test")
		if ex.Package == "" {
			ex.Package = base
		} else if ex.Package != base {
			return fmt.Errorf("canonical test file %s: package %s, other test files use package %s", f.Name, pkg, ex.Package)
		}
		if m := timeoutDirect.FindSubmatch(f.Data); m != nil {
			d, err := time.ParseDuration(string(m[1]))
			if err != nil || d <= 0 {
				return fmt.Errorf("canonical test file %s: bad directive grade:timeout %q", f.Name, m[1])
			}
			ex.Timeout = max(ex.Timeout, d)
		}
		for _, decl := range file.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Recv != nil {
				continue
			}
			if fn.Name.Name == "TestMain" {
				return fmt.Errorf("canonical test file %s declares TestMain: the grader's harness owns TestMain", f.Name)
			}
			m := gradedTest.FindStringSubmatch(fn.Name.Name)
			if m == nil || !isTestingT(fn) {
				continue
			}
			if seen[fn.Name.Name] {
				return fmt.Errorf("test %s declared twice", fn.Name.Name)
			}
			seen[fn.Name.Name] = true
			n, _ := strconv.Atoi(m[1])
			if tasks[n] == nil {
				tasks[n] = &taskSpec{Number: n}
			}
			tasks[n].Tests = append(tasks[n].Tests, testRef{Name: fn.Name.Name, External: external})
		}
	}
	if ex.Package == "" && len(all) > 0 {
		return fmt.Errorf("no package name")
	}
	for _, t := range tasks {
		ex.Tasks = append(ex.Tasks, *t)
	}
	sort.Slice(ex.Tasks, func(i, j int) bool { return ex.Tasks[i].Number < ex.Tasks[j].Number })
	return nil
}

// isTestingT reports whether fn has the signature func(*testing.T) (any import name).
func isTestingT(fn *ast.FuncDecl) bool {
	if fn.Type.TypeParams != nil || fn.Type.Results != nil || len(fn.Type.Params.List) != 1 || len(fn.Type.Params.List[0].Names) > 1 {
		return false
	}
	star, ok := fn.Type.Params.List[0].Type.(*ast.StarExpr)
	if !ok {
		return false
	}
	sel, ok := star.X.(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "T"
}
