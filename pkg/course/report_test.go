package course

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/losscourse/losscourse/pkg/gradcheck"
)

// lineRE is the parser of tests/notebooks_test.go: KIND, a name without spaces
// or colons, free text; the last word must be ok or FAIL.
var lineRE = regexp.MustCompile(`^(CHECK|CLAIM)\s+([^\s:]+)(.*)$`)

// capture redirects Output for the duration of fn and returns what was written.
func capture(t *testing.T, fn func()) string {
	t.Helper()
	var buf bytes.Buffer
	Output = &buf
	defer func() { Output = nil }()
	fn()
	return buf.String()
}

func TestReportLinesParse(t *testing.T) {
	tests := []struct {
		name     string
		emit     func() bool
		wantKind string
		wantName string
		wantOK   bool
	}{
		{"check ok", func() bool { return Check("grad_proof", true, "rel_err=%.1e", 1e-12) }, "CHECK", "grad_proof", true},
		{"check fail", func() bool { return Check("grad_proof", false, "rel_err=%.1e", 0.5) }, "CHECK", "grad_proof", false},
		{"claim ok", func() bool { return Claim("focal_beats_ce", true, "%.2f > %.2f", 0.9, 0.8) }, "CLAIM", "focal_beats_ce", true},
		{"claim fail", func() bool { return Claim("focal_beats_ce", false, "%.2f > %.2f", 0.7, 0.8) }, "CLAIM", "focal_beats_ce", false},
		{"empty text", func() bool { return Check("bare", true, "") }, "CHECK", "bare", true},
		{"close ok", func() bool { return CheckClose("value", 1.0, 1.0+1e-13, 1e-12) }, "CHECK", "value", true},
		{"close fail", func() bool { return CheckClose("value", 1.0, 1.1, 1e-12) }, "CHECK", "value", false},
		{"relerr ok", func() bool { return CheckRelErr("grad", []float64{1, 2, 0}, []float64{1, 2, 1e-17}, 1e-10) }, "CHECK", "grad", true},
		{"relerr fail", func() bool { return CheckRelErr("grad", []float64{1, 2}, []float64{1, 2.1}, 1e-10) }, "CHECK", "grad", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var ok bool
			text := capture(t, func() { ok = tc.emit() })
			if ok != tc.wantOK {
				t.Errorf("returned %v, want %v", ok, tc.wantOK)
			}
			line := strings.TrimSuffix(text, "\n")
			if strings.Contains(line, "\n") {
				t.Fatalf("printed several lines: %q", text)
			}
			m := lineRE.FindStringSubmatch(line)
			if m == nil {
				t.Fatalf("line %q does not parse as a CHECK/CLAIM line", line)
			}
			if m[1] != tc.wantKind || m[2] != tc.wantName {
				t.Errorf("parsed kind %q name %q, want %q %q (line %q)", m[1], m[2], tc.wantKind, tc.wantName, line)
			}
			fields := strings.Fields(line)
			if last := fields[len(fields)-1]; last != Verdict(tc.wantOK) {
				t.Errorf("last word %q, want %q (line %q)", last, Verdict(tc.wantOK), line)
			}
		})
	}
}

func TestReportRejectsBadNames(t *testing.T) {
	for _, name := range []string{"", "two words", "colon:name", "tab\tname"} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("Check(%q, …) did not panic; a name the notebook test cannot parse must be caught", name)
				}
			}()
			capture(t, func() { Check(name, true, "") })
		})
	}
}

func TestMaxRelErr(t *testing.T) {
	tests := []struct {
		name string
		a, b []float64
		want float64
	}{
		{"equal", []float64{1, -2}, []float64{1, -2}, 0},
		{"both tiny skipped", []float64{1e-18, 1}, []float64{0, 1}, 0},
		{"one tiny not skipped", []float64{1e-3, 1}, []float64{0, 1}, 1},
		{"relative", []float64{1, 3}, []float64{1, 1}, 0.5},
	}
	for _, tc := range tests {
		if got := MaxRelErr(tc.a, tc.b); got != tc.want {
			t.Errorf("%s: MaxRelErr(%v, %v) = %g, want %g", tc.name, tc.a, tc.b, got, tc.want)
		}
	}
	if got := MaxRelErr([]float64{nan()}, []float64{1}); got < 1e300 {
		t.Errorf("MaxRelErr with NaN = %g, want +Inf", got)
	}
	if got := MaxAbsDiff([]float64{1, 2}, []float64{1.5, 2}); got != 0.5 {
		t.Errorf("MaxAbsDiff = %g, want 0.5", got)
	}
}

func TestCheckGradientCatchesWrongGradient(t *testing.T) {
	b := Backend()
	in := []gradcheck.Input{{Values: []float64{0.3, -1.2, 2}, Dims: []int{3}}}
	var res *gradcheck.Result
	text := capture(t, func() {
		res = CheckGradient("square_ok", b, func(xs []*graph.Node) *graph.Node {
			return graph.ReduceAllSum(graph.Square(xs[0]))
		}, in, 0)
	})
	if res == nil || !strings.HasSuffix(strings.TrimSpace(text), " ok") {
		t.Errorf("correct gradient: got %q, want a line ending in ok", text)
	}
	// StopGradient makes autodiff return 0 while the finite difference sees 2x: must FAIL.
	text = capture(t, func() {
		CheckGradient("square_broken", b, func(xs []*graph.Node) *graph.Node {
			return graph.ReduceAllSum(graph.Square(graph.StopGradient(xs[0])))
		}, in, 0)
	})
	if !strings.HasSuffix(strings.TrimSpace(text), " FAIL") {
		t.Errorf("broken gradient: got %q, want a line ending in FAIL", text)
	}
}
