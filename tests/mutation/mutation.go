// Package mutation reads the mutation-testing results of the exercises'
// reference solutions (gremlins JSON written by scripts/mutation.sh), applies
// the reviewed list of equivalent mutants and renders the report.
package mutation

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

const (
	ResultsDir     = "tests/mutation/results"
	EquivalentPath = "tests/mutation/equivalent.txt"
	ReportPath     = "tests/mutation/REPORT.md"
	Threshold      = 95.0 // minimum efficacy per exercise, in percent, equivalent mutants excluded
	Command        = "scripts/mutation.sh"
)

// Mutant is one gremlins mutation of a solution file.
type Mutant struct {
	File   string // NN_name/file.go
	Line   int
	Column int
	Type   string // gremlins mutator, e.g. CONDITIONALS_BOUNDARY
	Status string // KILLED, LIVED, TIMED OUT, NOT COVERED, NOT VIABLE, SKIPPED
	Code   string // the solution's source line (trimmed)
	Reason string // for a LIVED mutant listed in equivalent.txt
}

func (m Mutant) key() string { return fmt.Sprintf("%s:%d:%d %s", m.File, m.Line, m.Column, m.Type) }

// Exercise is the result for one exercise.
type Exercise struct {
	Name                                                       string
	Mutants                                                    []Mutant
	Killed, Lived, Equivalent, TimedOut, NotCovered, NotViable int
	InputsChanged                                              bool // the solution or tests differ from what was measured
}

// Efficacy is gremlins' test efficacy, killed / (killed + lived), in percent.
func (e *Exercise) Efficacy() float64 { return pct(e.Killed, e.Killed+e.Lived) }

// EfficacyExcludingEquivalent leaves the reviewed equivalent mutants out: killed / (killed + lived − equivalent).
func (e *Exercise) EfficacyExcludingEquivalent() float64 {
	return pct(e.Killed, e.Killed+e.Lived-e.Equivalent)
}

func pct(a, b int) float64 {
	if b == 0 {
		return 100
	}
	return 100 * float64(a) / float64(b)
}

// Report is every measured exercise.
type Report struct {
	Exercises  []*Exercise
	Unmeasured []string // exercises without results
	problems   []string
}

// Problems lists what does not hold: efficacy below the threshold, surviving
// mutants not reviewed as equivalent, stale equivalent entries, results of
// exercises that no longer exist.
func (r *Report) Problems() []string { return r.problems }

type gremlinsJSON struct {
	Files []struct {
		FileName  string `json:"file_name"`
		Mutations []struct {
			Type   string `json:"type"`
			Status string `json:"status"`
			Line   int    `json:"line"`
			Column int    `json:"column"`
		} `json:"mutations"`
	} `json:"files"`
}

type equivalent struct {
	Code, Reason string
	used         bool
}

var equivLine = regexp.MustCompile(`^(\S+):(\d+):(\d+)\s+(\S+)\s*\|\s*(.*?)\s*\|\s*(.+)$`)

// Load reads the results under root (the repository root).
func Load(root string) (*Report, error) {
	rep := &Report{}
	equiv := map[string]*equivalent{}
	if f, err := os.Open(filepath.Join(root, EquivalentPath)); err == nil {
		sc := bufio.NewScanner(f)
		n := 0
		for sc.Scan() {
			n++
			line := strings.TrimSpace(sc.Text())
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			m := equivLine.FindStringSubmatch(line)
			if m == nil {
				f.Close()
				return nil, fmt.Errorf("%s:%d: want \"NN_name/file.go:LINE:COL MUTATOR | code | reason\"", EquivalentPath, n)
			}
			equiv[fmt.Sprintf("%s:%s:%s %s", m[1], m[2], m[3], m[4])] = &equivalent{Code: m[5], Reason: m[6]}
		}
		f.Close()
	}
	results, _ := filepath.Glob(filepath.Join(root, ResultsDir, "*.json"))
	measured := map[string]bool{}
	for _, path := range results {
		name := strings.TrimSuffix(filepath.Base(path), ".json")
		measured[name] = true
		if _, err := os.Stat(filepath.Join(root, "exercises", name)); err != nil {
			rep.problems = append(rep.problems, fmt.Sprintf("%s: results for an exercise that does not exist", path))
			continue
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		var g gremlinsJSON
		if err := json.Unmarshal(b, &g); err != nil {
			return nil, fmt.Errorf("%s: %v", path, err)
		}
		ex := &Exercise{Name: name}
		for _, f := range g.Files {
			lines := sourceLines(filepath.Join(root, "solutions", filepath.FromSlash(f.FileName)))
			for _, mu := range f.Mutations {
				m := Mutant{File: f.FileName, Line: mu.Line, Column: mu.Column, Type: mu.Type, Status: mu.Status}
				if mu.Line >= 1 && mu.Line <= len(lines) {
					m.Code = strings.TrimSpace(lines[mu.Line-1])
				}
				switch m.Status {
				case "KILLED":
					ex.Killed++
				case "LIVED":
					ex.Lived++
					if e := equiv[m.key()]; e != nil {
						e.used = true
						if e.Code != m.Code {
							rep.problems = append(rep.problems, fmt.Sprintf("%s: equivalent mutant %s: the line is now %q, the review was of %q: review it again", name, m.key(), m.Code, e.Code))
						} else {
							m.Reason = e.Reason
							ex.Equivalent++
						}
					} else {
						rep.problems = append(rep.problems, fmt.Sprintf("%s: mutant %s LIVED (%q): kill it with a test or list it in %s with the reason it is equivalent", name, m.key(), m.Code, EquivalentPath))
					}
				case "TIMED OUT":
					ex.TimedOut++
				case "NOT COVERED":
					ex.NotCovered++
					rep.problems = append(rep.problems, fmt.Sprintf("%s: mutant %s NOT COVERED (%q): no test executes this line", name, m.key(), m.Code))
				case "NOT VIABLE":
					ex.NotViable++
				}
				ex.Mutants = append(ex.Mutants, m)
			}
		}
		sort.Slice(ex.Mutants, func(i, j int) bool {
			a, b := ex.Mutants[i], ex.Mutants[j]
			if a.File != b.File {
				return a.File < b.File
			}
			if a.Line != b.Line {
				return a.Line < b.Line
			}
			if a.Column != b.Column {
				return a.Column < b.Column
			}
			return a.Type < b.Type
		})
		if want, err := os.ReadFile(filepath.Join(root, ResultsDir, name+".inputs")); err == nil {
			ex.InputsChanged = strings.TrimSpace(string(want)) != strings.TrimSpace(InputsDigest(root, name))
		}
		if e := ex.EfficacyExcludingEquivalent(); e < Threshold {
			rep.problems = append(rep.problems, fmt.Sprintf("%s: efficacy %.2f%% (equivalent mutants excluded) is below %.0f%%", name, e, Threshold))
		}
		rep.Exercises = append(rep.Exercises, ex)
	}
	for k, e := range equiv {
		if !e.used && measured[strings.SplitN(k, "/", 2)[0]] {
			rep.problems = append(rep.problems, fmt.Sprintf("%s: %s is listed as equivalent but did not survive (or no longer exists): remove it", EquivalentPath, k))
		}
	}
	dirs, _ := filepath.Glob(filepath.Join(root, "exercises", "[0-9][0-9]_*"))
	for _, d := range dirs {
		if fi, err := os.Stat(d); err == nil && fi.IsDir() && !measured[filepath.Base(d)] {
			rep.Unmeasured = append(rep.Unmeasured, filepath.Base(d))
		}
	}
	sort.Slice(rep.Exercises, func(i, j int) bool { return rep.Exercises[i].Name < rep.Exercises[j].Name })
	sort.Strings(rep.problems)
	return rep, nil
}

func sourceLines(path string) []string {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	return strings.Split(string(b), "\n")
}

// InputsDigest is what scripts/mutation.sh records in results/NN_name.inputs:
// the sha256 of the solution files, the visible and the hidden tests, each
// reprinted without comments (a change to a doc comment does not invalidate a
// measurement; any change to the code does).
func InputsDigest(root, name string) string {
	var paths []string
	for _, pattern := range []string{
		filepath.Join(root, "solutions", name, "*.go"),
		filepath.Join(root, "exercises", name, "*_test.go"),
		filepath.Join(root, "cmd", "grade", "testdata", "hidden", name, "*_test.go"),
	} {
		m, _ := filepath.Glob(pattern)
		sort.Strings(m)
		paths = append(paths, m...)
	}
	h := sha256.New()
	for _, p := range paths {
		b, _ := os.ReadFile(p)
		fset := token.NewFileSet()
		if f, err := parser.ParseFile(fset, p, b, parser.SkipObjectResolution); err == nil {
			var buf bytes.Buffer
			if printer.Fprint(&buf, fset, f) == nil {
				b = buf.Bytes()
			}
		}
		rel, _ := filepath.Rel(root, p)
		fmt.Fprintf(h, "%s %d\n", filepath.ToSlash(rel), len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Markdown renders the report.
func (r *Report) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Mutation testing of the exercises\n\n")
	fmt.Fprintf(&b, "Generated by `go run ./tests/mutation/report` from the gremlins results that `%s` writes to\n", Command)
	fmt.Fprintf(&b, "`%s/` — do not edit by hand. gremlins (github.com/go-gremlins/gremlins v0.6.0, pinned in\n", ResultsDir)
	fmt.Fprintf(&b, "tools/go.mod) mutates each reference solution (`solutions/NN_name/`) with every mutator it has and runs the\n")
	fmt.Fprintf(&b, "exercise's visible and hidden tests against each mutant. **Efficacy** = killed / (killed + lived), gremlins' figure;\n")
	fmt.Fprintf(&b, "the goal is ≥ %.0f %% per exercise once the reviewed **equivalent** mutants (listed below with the reason; source\n", Threshold)
	fmt.Fprintf(&b, "`%s`) are left out. *Timed out* mutants (an inverted loop that never ends) would lose their points to the\n", EquivalentPath)
	fmt.Fprintf(&b, "grader's time limit; gremlins counts them apart. `tests/exercises_mutation_test.go` checks this report's data.\n\n")
	fmt.Fprintf(&b, "| exercise | mutants | killed | lived | equivalent | timed out | not covered | efficacy | efficacy w/o equivalent |\n")
	fmt.Fprintf(&b, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	var tk, tl, te, tt, tn, total int
	for _, ex := range r.Exercises {
		name := ex.Name
		if ex.InputsChanged {
			name += " (†)"
		}
		fmt.Fprintf(&b, "| %s | %d | %d | %d | %d | %d | %d | %.2f %% | %.2f %% |\n", name, len(ex.Mutants), ex.Killed, ex.Lived,
			ex.Equivalent, ex.TimedOut, ex.NotCovered, ex.Efficacy(), ex.EfficacyExcludingEquivalent())
		tk, tl, te, tt, tn, total = tk+ex.Killed, tl+ex.Lived, te+ex.Equivalent, tt+ex.TimedOut, tn+ex.NotCovered, total+len(ex.Mutants)
	}
	fmt.Fprintf(&b, "| **all** | %d | %d | %d | %d | %d | %d | %.2f %% | %.2f %% |\n\n", total, tk, tl, te, tt, tn, pct(tk, tk+tl), pct(tk, tk+tl-te))
	for _, ex := range r.Exercises {
		if ex.InputsChanged {
			fmt.Fprintf(&b, "(†) the solution or the tests changed after this measurement: re-run `%s %s`.\n\n", Command, ex.Name)
		}
	}
	if len(r.Unmeasured) > 0 {
		fmt.Fprintf(&b, "Not measured yet: %s (run `%s NN_name`).\n\n", strings.Join(r.Unmeasured, ", "), Command)
	}
	fmt.Fprintf(&b, "## Surviving mutants\n\n")
	any := false
	for _, ex := range r.Exercises {
		for _, m := range ex.Mutants {
			if m.Status != "LIVED" {
				continue
			}
			any = true
			reason := m.Reason
			if reason == "" {
				reason = "**not reviewed: a gap in the tests**"
			}
			fmt.Fprintf(&b, "- `solutions/%s:%d:%d` %s — `%s` — equivalent: %s\n", m.File, m.Line, m.Column, m.Type, m.Code, reason)
		}
	}
	if !any {
		fmt.Fprintf(&b, "None.\n")
	}
	if len(r.problems) > 0 {
		fmt.Fprintf(&b, "\n## Problems\n\n")
		for _, p := range r.problems {
			fmt.Fprintf(&b, "- %s\n", p)
		}
	}
	return b.String()
}
