package explore

import (
	"errors"
	"fmt"
	"html"
	"math"
	"slices"
	"sort"
	"strings"
)

// Param is one control of an explorer: a slider whose stops are Values.
type Param struct {
	Key    string    // identifier: the key in Values and the suffix of the slider's HTML id, e.g. "gamma"
	Label  string    // shown next to the slider and above the figure, e.g. "focal γ"
	Values []float64 // the slider's stops, strictly increasing (see Linspace and Geomspace)
	Start  float64   // the initial value; the nearest stop is used
	Format string    // fmt verb for a value, e.g. "%.2f"; "" means "%g"
	Help   string    // one line on what the parameter does (shown as the slider's tooltip)
}

// Index returns the index of the stop nearest to v.
func (p Param) Index(v float64) int {
	best := 0
	for i, s := range p.Values {
		if math.Abs(s-v) < math.Abs(p.Values[best]-v) {
			best = i
		}
	}
	return best
}

// Text formats v with the parameter's Format.
func (p Param) Text(v float64) string {
	f := p.Format
	if f == "" {
		f = "%g"
	}
	return fmt.Sprintf(f, v)
}

// Values holds the current value of every parameter, by Param.Key.
type Values map[string]float64

// Frame is what an explorer shows for one setting of its parameters.
type Frame struct {
	SVG     string   // the figure, a complete <svg> document
	Summary []string // a few lines of numbers read off the figure, shown under it
}

// Explorer is an interactive figure: parameters (sliders) and a function that
// draws the figure for given values of them. Show displays it in a GoNB
// notebook; Render and HTML produce the same output anywhere (tests, Examples).
type Explorer struct {
	Name   string  // short identifier, e.g. "classification": CHECK lines and HTML ids use it
	Title  string  // shown above the sliders
	Params []Param // the sliders, in display order
	// Draw computes and draws the figure; it gets a value for every parameter.
	Draw func(Values) (Frame, error)
}

// Start returns the initial values: every parameter at the stop nearest its
// Start (a parameter without stops is left out; Render reports it).
func (e *Explorer) Start() Values {
	v := Values{}
	for _, p := range e.Params {
		if len(p.Values) > 0 {
			v[p.Key] = p.Values[p.Index(p.Start)]
		}
	}
	return v
}

// validate checks the explorer's definition.
func (e *Explorer) validate() error {
	if e == nil || e.Draw == nil {
		return errors.New("explore: explorer without a Draw function")
	}
	if e.Name == "" || strings.ContainsAny(e.Name, " \t\n:\"'<>&") {
		return fmt.Errorf("explore: explorer name %q must be non-empty, without spaces, quotes, colons or markup", e.Name)
	}
	seen := map[string]bool{}
	for _, p := range e.Params {
		if p.Key == "" || strings.ContainsAny(p.Key, " \t\n:\"'<>&") || seen[p.Key] {
			return fmt.Errorf("explore %s: parameter key %q must be unique and non-empty, without spaces, quotes or markup", e.Name, p.Key)
		}
		seen[p.Key] = true
		if len(p.Values) < 2 {
			return fmt.Errorf("explore %s: parameter %s needs at least 2 stops, has %d", e.Name, p.Key, len(p.Values))
		}
		for i, v := range p.Values {
			if math.IsNaN(v) || math.IsInf(v, 0) || (i > 0 && v <= p.Values[i-1]) {
				return fmt.Errorf("explore %s: parameter %s: stops must be finite and strictly increasing, got %v", e.Name, p.Key, p.Values)
			}
		}
	}
	return nil
}

// Render validates the values (every parameter set, at one of its stops) and
// draws the frame.
func (e *Explorer) Render(v Values) (Frame, error) {
	if err := e.validate(); err != nil {
		return Frame{}, err
	}
	for _, p := range e.Params {
		x, ok := v[p.Key]
		if !ok {
			return Frame{}, fmt.Errorf("explore %s: no value for parameter %s", e.Name, p.Key)
		}
		if !slices.Contains(p.Values, x) {
			return Frame{}, fmt.Errorf("explore %s: %s = %v is not one of the slider's stops %v", e.Name, p.Key, x, p.Values)
		}
	}
	for k := range v {
		if !slices.ContainsFunc(e.Params, func(p Param) bool { return p.Key == k }) {
			return Frame{}, fmt.Errorf("explore %s: unknown parameter %q", e.Name, k)
		}
	}
	f, err := e.Draw(v)
	if err != nil {
		return Frame{}, fmt.Errorf("explore %s: %w", e.Name, err)
	}
	if !strings.Contains(f.SVG, "<svg") {
		return Frame{}, fmt.Errorf("explore %s: Draw returned no SVG figure", e.Name)
	}
	return f, nil
}

// ValuesText is the line above the figure: every parameter as "label = value",
// e.g. "focal γ = 2.00 · focal α = 0.25".
func (e *Explorer) ValuesText(v Values) string {
	parts := make([]string, 0, len(e.Params))
	for _, p := range e.Params {
		parts = append(parts, p.Label+" = "+p.Text(v[p.Key]))
	}
	return strings.Join(parts, " · ")
}

// HTML is the figure block a notebook shows for one frame: the parameter
// values, the SVG and the summary lines. The outer <div> carries the explorer's
// name and the values as data attributes (data-explorer, data-values: the
// values formatted as on the page, as JSON), which the browser test reads.
func (e *Explorer) HTML(v Values, f Frame) string {
	var b strings.Builder
	keys := make([]string, 0, len(e.Params))
	for _, p := range e.Params {
		keys = append(keys, p.Key)
	}
	sort.Strings(keys)
	var js []string
	for _, k := range keys {
		for _, p := range e.Params {
			if p.Key == k {
				js = append(js, fmt.Sprintf("%q:%q", k, p.Text(v[k])))
			}
		}
	}
	fmt.Fprintf(&b, `<div class="losscourse-explorer" id="explorer-figure-%s" data-explorer="%s" data-values="%s">`,
		e.Name, e.Name, html.EscapeString("{"+strings.Join(js, ",")+"}"))
	fmt.Fprintf(&b, `<div class="explorer-values" style="font-family:monospace;margin:4px 0">%s</div>`, html.EscapeString(e.ValuesText(v)))
	b.WriteString(`<div class="explorer-svg">`)
	b.WriteString(stripXMLHeader(f.SVG))
	b.WriteString(`</div>`)
	if len(f.Summary) > 0 {
		b.WriteString(`<ul class="explorer-summary" style="font-family:monospace;font-size:90%;margin:4px 0">`)
		for _, s := range f.Summary {
			fmt.Fprintf(&b, "<li>%s</li>", html.EscapeString(s))
		}
		b.WriteString(`</ul>`)
	}
	b.WriteString(`</div>`)
	return b.String()
}

// stripXMLHeader removes the <?xml …?> declaration and comments before <svg,
// so the SVG can be inlined in HTML.
func stripXMLHeader(svg string) string {
	if i := strings.Index(svg, "<svg"); i > 0 {
		return svg[i:]
	}
	return svg
}

// Linspace returns the stops min, min+step, …, max (max included when it is a
// whole number of steps away, up to rounding).
func Linspace(min, max, step float64) []float64 {
	if !(step > 0) || max < min {
		panic(fmt.Sprintf("explore.Linspace(%g, %g, %g): need step > 0 and max ≥ min", min, max, step))
	}
	n := int(math.Floor((max-min)/step + 1e-9))
	out := make([]float64, n+1)
	for i := range out {
		// Round to 12 significant digits so 0.1+0.2 shows and compares as 0.3.
		out[i] = roundSig(min+float64(i)*step, 12)
	}
	return out
}

// Geomspace returns n stops from min to max spaced evenly on a log scale
// (min, max > 0, n ≥ 2), rounded to 3 significant digits.
func Geomspace(min, max float64, n int) []float64 {
	if !(min > 0) || !(max > min) || n < 2 {
		panic(fmt.Sprintf("explore.Geomspace(%g, %g, %d): need 0 < min < max and n ≥ 2", min, max, n))
	}
	out := make([]float64, n)
	for i := range out {
		out[i] = roundSig(min*math.Pow(max/min, float64(i)/float64(n-1)), 3)
	}
	return out
}

func roundSig(x float64, digits int) float64 {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	p := math.Pow(10, float64(digits)-math.Ceil(math.Log10(math.Abs(x))))
	return math.Round(x*p) / p
}
