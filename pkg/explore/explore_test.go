package explore

import (
	"encoding/json"
	"errors"
	"html"
	"io"
	"math"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/losscourse/losscourse/pkg/backend"
)

func init() { backend.Quiet = true }

// tinyExplorer is a valid explorer whose Draw records its values.
func tinyExplorer(seen *Values) *Explorer {
	return &Explorer{
		Name:  "tiny",
		Title: "A <tiny> explorer",
		Params: []Param{
			{Key: "a", Label: "a", Values: []float64{1, 2, 3}, Start: 2.2, Format: "%.1f"},
			{Key: "b", Label: "β", Values: Linspace(0, 1, 0.25), Start: 0.5, Format: "%.2f"},
		},
		Draw: func(v Values) (Frame, error) {
			if seen != nil {
				*seen = v
			}
			return Frame{SVG: `<?xml version="1.0"?><!-- x --><svg width="1"></svg>`, Summary: []string{"a < b & c"}}, nil
		},
	}
}

func TestParamIndexAndText(t *testing.T) {
	p := Param{Values: []float64{0.1, 0.2, 0.5, 1}, Format: "%.2f"}
	for _, tc := range []struct {
		v    float64
		want int
	}{{-5, 0}, {0.1, 0}, {0.14, 0}, {0.16, 1}, {0.4, 2}, {0.9, 3}, {100, 3}} {
		if got := p.Index(tc.v); got != tc.want {
			t.Errorf("Index(%g) = %d, want %d (stops %v)", tc.v, got, tc.want, p.Values)
		}
	}
	if got := p.Text(0.5); got != "0.50" {
		t.Errorf(`Text(0.5) with Format "%%.2f" = %q, want "0.50"`, got)
	}
	if got := (Param{}).Text(0.25); got != "0.25" {
		t.Errorf(`Text(0.25) with no Format = %q, want "0.25" (%%g)`, got)
	}
}

func TestLinspaceGeomspace(t *testing.T) {
	got := Linspace(0, 0.5, 0.1)
	want := []float64{0, 0.1, 0.2, 0.3, 0.4, 0.5}
	if len(got) != len(want) {
		t.Fatalf("Linspace(0, 0.5, 0.1) = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] { // rounded to 12 significant digits: exactly the decimal values
			t.Errorf("Linspace(0, 0.5, 0.1)[%d] = %v, want exactly %v", i, got[i], want[i])
		}
	}
	if got := Linspace(-20, 20, 1); len(got) != 41 || got[0] != -20 || got[40] != 20 || got[20] != 0 {
		t.Errorf("Linspace(-20, 20, 1): %d stops from %v to %v, want 41 from -20 to 20 with 0 in the middle", len(got), got[0], got[len(got)-1])
	}
	g := Geomspace(0.01, 10, 31)
	if len(g) != 31 || g[0] != 0.01 || g[10] != 0.1 || g[20] != 1 || g[30] != 10 {
		t.Errorf("Geomspace(0.01, 10, 31) = %v, want 31 stops with 0.01, 0.1, 1, 10 at 0, 10, 20, 30", g)
	}
	for i := 1; i < len(g); i++ {
		if r := g[i] / g[i-1]; math.Abs(r-math.Pow(10, 0.1)) > 0.01 {
			t.Errorf("Geomspace ratio %g/%g = %g, want ≈ 10^0.1", g[i], g[i-1], r)
		}
	}
	for _, bad := range []func(){
		func() { Linspace(0, 1, 0) }, func() { Linspace(1, 0, 0.1) },
		func() { Geomspace(0, 1, 3) }, func() { Geomspace(1, 1, 3) }, func() { Geomspace(1, 2, 1) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("bad Linspace/Geomspace arguments did not panic")
				}
			}()
			bad()
		}()
	}
}

func TestStartAndRender(t *testing.T) {
	var seen Values
	e := tinyExplorer(&seen)
	v := e.Start()
	if v["a"] != 2 || v["b"] != 0.5 {
		t.Fatalf("Start() = %v, want a=2 (nearest stop to 2.2), b=0.5", v)
	}
	f, err := e.Render(v)
	if err != nil {
		t.Fatalf("Render(Start()) = %v", err)
	}
	if seen["a"] != 2 || seen["b"] != 0.5 || !strings.Contains(f.SVG, "<svg") {
		t.Errorf("Draw got %v and returned %q", seen, f.SVG)
	}
	tests := []struct {
		name string
		v    Values
		want string
	}{
		{"missing value", Values{"a": 1}, "no value for parameter b"},
		{"off the stops", Values{"a": 1.5, "b": 0}, "a = 1.5 is not one of the slider's stops"},
		{"unknown parameter", Values{"a": 1, "b": 0, "c": 1}, `unknown parameter "c"`},
	}
	for _, tc := range tests {
		if _, err := e.Render(tc.v); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Render(%v) error = %v, want one containing %q", tc.name, tc.v, err, tc.want)
		}
	}
}

func TestValidate(t *testing.T) {
	ok := func() *Explorer { return tinyExplorer(nil) }
	tests := []struct {
		name   string
		change func(e *Explorer)
		want   string
	}{
		{"no Draw", func(e *Explorer) { e.Draw = nil }, "without a Draw function"},
		{"bad name", func(e *Explorer) { e.Name = "two words" }, "explorer name"},
		{"empty key", func(e *Explorer) { e.Params[0].Key = "" }, "parameter key"},
		{"duplicate key", func(e *Explorer) { e.Params[1].Key = "a" }, "parameter key \"a\" must be unique"},
		{"one stop", func(e *Explorer) { e.Params[0].Values = []float64{1} }, "needs at least 2 stops"},
		{"not increasing", func(e *Explorer) { e.Params[0].Values = []float64{1, 3, 2} }, "strictly increasing"},
		{"NaN stop", func(e *Explorer) { e.Params[0].Values = []float64{1, math.NaN()} }, "finite"},
		{"no SVG", func(e *Explorer) {
			e.Draw = func(Values) (Frame, error) { return Frame{SVG: "<p>no figure</p>"}, nil }
		}, "no SVG figure"},
		{"Draw fails", func(e *Explorer) {
			e.Draw = func(Values) (Frame, error) { return Frame{}, errors.New("boom") }
		}, "explore tiny: boom"},
	}
	for _, tc := range tests {
		e := ok()
		tc.change(e)
		if _, err := e.Render(e.Start()); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Render error = %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

func TestHTML(t *testing.T) {
	e := tinyExplorer(nil)
	v := Values{"a": 3, "b": 0.25}
	f, err := e.Render(v)
	if err != nil {
		t.Fatal(err)
	}
	h := e.HTML(v, f)
	if strings.Contains(h, "<?xml") || strings.Contains(h, "<!--") {
		t.Errorf("HTML keeps the XML header of the SVG: %s", h)
	}
	if !strings.Contains(h, `data-explorer="tiny"`) || !strings.Contains(h, `<svg width="1">`) {
		t.Errorf("HTML lacks data-explorer or the SVG: %s", h)
	}
	if !strings.Contains(h, "a &lt; b &amp; c") {
		t.Errorf("summary not HTML-escaped: %s", h)
	}
	if want := "a = 3.0 · β = 0.25"; e.ValuesText(v) != want || !strings.Contains(h, want) {
		t.Errorf("ValuesText = %q, want %q shown in the HTML", e.ValuesText(v), want)
	}
	m := regexp.MustCompile(`data-values="([^"]*)"`).FindStringSubmatch(h)
	if m == nil {
		t.Fatalf("no data-values attribute: %s", h)
	}
	var vals map[string]string
	if err := json.Unmarshal([]byte(html.UnescapeString(m[1])), &vals); err != nil {
		t.Fatalf("data-values %q is not JSON: %v", m[1], err)
	}
	if vals["a"] != "3.0" || vals["b"] != "0.25" || len(vals) != 2 {
		t.Errorf("data-values = %v, want a=3.0 b=0.25 (as shown)", vals)
	}
}

// captureStdout runs f and returns what it printed.
func captureStdout(t *testing.T, f func()) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stdout
	os.Stdout = w
	done := make(chan string)
	go func() {
		b, _ := io.ReadAll(r)
		done <- string(b)
	}()
	f()
	os.Stdout = old
	w.Close()
	return <-done
}

func TestShowOutsideNotebook(t *testing.T) {
	var err error
	out := captureStdout(t, func() { err = tinyExplorer(nil).Show() })
	if err != nil {
		t.Fatalf("Show() = %v", err)
	}
	if want := "a = 2.0 · β = 0.50\n  a < b & c\n"; out != want {
		t.Errorf("Show() outside a notebook printed %q, want %q", out, want)
	}
	bad := tinyExplorer(nil)
	bad.Params[0].Values = nil
	if err := bad.Show(); err == nil {
		t.Errorf("Show() of an invalid explorer returned no error")
	}
}

// TestReceivedKeepsNewest checks the defence against GoNB's reordering of
// browser messages: the highest message number per slider wins, whatever the
// arrival order; malformed or out-of-range messages are ignored.
func TestReceivedKeepsNewest(t *testing.T) {
	e := tinyExplorer(nil)
	c := &controls{e: e, seq: make([]int64, 2), pos: []int{1, 2}, notify: make(chan struct{}, 1)}
	for _, m := range []string{"3:0:2", "1:0:0", "2:0:1", "4:1:4", "x:1:0", "5:2:0", "6:1:9", "7:1", "8:0:-1"} {
		c.received("", m)
	}
	if got := c.positions(); got["a"] != 3 || got["b"] != 1 {
		t.Errorf("positions after out-of-order messages = %v, want a=3 (message 3) and b=1 (message 4)", got)
	}
	select {
	case <-c.notify:
	default:
		t.Errorf("no notification after valid messages")
	}
}

func TestIdleTimeout(t *testing.T) {
	t.Setenv(EnvIdle, "")
	if got := idleTimeout(); got != DefaultIdle {
		t.Errorf("idleTimeout() with %s unset = %v, want %v", EnvIdle, got, DefaultIdle)
	}
	t.Setenv(EnvIdle, "90s")
	if got := idleTimeout(); got.Seconds() != 90 {
		t.Errorf("idleTimeout() with %s=90s = %v", EnvIdle, got)
	}
	t.Setenv(EnvIdle, "soon")
	if got := idleTimeout(); got != DefaultIdle {
		t.Errorf("idleTimeout() with an invalid %s = %v, want the default", EnvIdle, got)
	}
}

// TestExplorersRender draws every explorer of the course at its initial values
// and at its extreme stops: a figure with the values in it, finite numbers.
func TestExplorersRender(t *testing.T) {
	for _, e := range []*Explorer{Classification(), Regression(), InfoNCETemperature(), BetaVAE()} {
		t.Run(e.Name, func(t *testing.T) {
			settings := []Values{e.Start()}
			for _, p := range e.Params {
				for _, x := range []float64{p.Values[0], p.Values[len(p.Values)-1]} {
					v := e.Start()
					v[p.Key] = x
					settings = append(settings, v)
				}
			}
			for _, v := range settings {
				f, err := e.Render(v)
				if err != nil {
					t.Fatalf("Render(%v): %v", v, err)
				}
				if !strings.HasPrefix(stripXMLHeader(f.SVG), "<svg") || len(f.Summary) < 2 {
					t.Errorf("Render(%v): SVG %d bytes, %d summary lines", v, len(f.SVG), len(f.Summary))
				}
				for _, s := range f.Summary {
					if strings.Contains(s, "NaN") || strings.Contains(s, "Inf") {
						t.Errorf("Render(%v): summary %q has a non-finite number", v, s)
					}
				}
				// Fonts: every font-family ends in a generic family, so the figure does not depend on a
				// font installed on the reader's machine; tick labels are short (no 9.999999999999999e-05).
				for _, m := range regexp.MustCompile(`font-family:([^;"]*)`).FindAllStringSubmatch(f.SVG, -1) {
					fam := strings.TrimSpace(m[1][strings.LastIndex(m[1], ",")+1:])
					if fam != "serif" && fam != "sans-serif" && fam != "monospace" {
						t.Errorf("Render(%v): font-family %q does not end in a generic family", v, m[1])
					}
				}
				if regexp.MustCompile(`>[0-9.]*99999[0-9]*(e-?[0-9]+)?<`).MatchString(f.SVG) {
					t.Errorf("Render(%v): a tick label with a rounding tail (…99999…)", v)
				}
			}
		})
	}
}
