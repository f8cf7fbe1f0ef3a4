package course

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

func TestFigurePNG(t *testing.T) {
	f := NewFigure("loss and gradient", "error e", "value")
	xs := Linspace(-2, 2, 41)
	f.Line("loss e²", xs, Map(xs, func(e float64) float64 { return e * e }))
	f.Line("gradient 2e", xs, Map(xs, func(e float64) float64 { return 2 * e }), Dashed())
	f.Points("samples", []float64{0, 1}, []float64{0, 1})
	f.ErrorBars("mean ± sd", []float64{-1, 1}, []float64{1, 2}, []float64{0.1, 0.3})
	f.HLine("zero", 0, -2, 2)
	f.Hist("", []float64{0, 0.5, 1, 1.5}, 4)
	f.Func("cosh", math.Cosh, -1, 1)
	f.Heatmap(func(p [][]float64) []float64 {
		return Map(Column(p, 0), func(x float64) float64 { return x })
	}, -2, 2, -1, 1, 10, -2, 2)
	f.Classes([][]float64{{0, 0}, {1, 1}}, []int{0, 1}, []string{"zero"})
	img, data := decodePNG(t, f.PNG)
	wantW := int(math.Round(14 / 2.54 * float64(DPI)))
	if w := img.Bounds().Dx(); math.Abs(float64(w-wantW)) > 1 {
		t.Errorf("width %d px, want %d (14 cm at %d dpi)", w, wantW, DPI)
	}
	if len(data) > 200_000 {
		t.Errorf("one figure is %d bytes; notebooks must stay under 500 KB", len(data))
	}
}

// decodePNG renders with render and decodes the result (returned with its bytes),
// failing the test if either fails.
func decodePNG(t *testing.T, render func() ([]byte, error)) (image.Image, []byte) {
	t.Helper()
	data, err := render()
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	return img, data
}

func TestRowPNG(t *testing.T) {
	a, b := NewFigure("a", "x", "y"), NewFigure("b", "x", "y")
	a.Line("", []float64{0, 1}, []float64{0, 1})
	b.Line("", []float64{0, 1}, []float64{1, 0})
	for _, tc := range []struct {
		name  string
		width float64
	}{{"same size (aligned)", 14}, {"different sizes", 8}} {
		b.Width = tc.width
		img, _ := decodePNG(t, func() ([]byte, error) { return RowPNG(a, b) })
		want := int(math.Round((14 + tc.width) / 2.54 * float64(DPI)))
		if w := img.Bounds().Dx(); math.Abs(float64(w-want)) > 1 {
			t.Errorf("%s: row width %d px, want %d", tc.name, w, want)
		}
	}
	if _, err := RowPNG(); err == nil {
		t.Error("RowPNG() with no figures: no error")
	}
}

func TestFigurePanicsOnMismatchedData(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Line with 2 x values and 3 y values did not panic")
		}
	}()
	NewFigure("", "", "").Line("bad", []float64{0, 1}, []float64{0, 1, 2})
}

func TestShowOutsideNotebookIsNoOp(t *testing.T) {
	f := NewFigure("t", "x", "y")
	f.Line("l", []float64{0, 1}, []float64{0, 1})
	f.Show() // must not panic or print outside GoNB
	ShowMarkdown("**x**")
	ShowImage(DigitGrid([][]float64{make([]float64, 64)}, 1, 1))
}

// TestCompactPNGKeepsRareColours: a figure with thousands of anti-aliased points in
// five colours and three thin vermillion crosses is stored with a palette (≤ 256
// colours), and the crosses keep their colour: the palette has a colour close to
// the most vermillion pixel of the true-colour rendering.
func TestCompactPNGKeepsRareColours(t *testing.T) {
	f := NewFigure("many points, few markers", "x", "y")
	xs := Linspace(0, 1, 2000)
	for k, c := range []int{0, 2, 3, 5, 7} { // overlapping clouds: thousands of blended colours
		f.Points("", xs, Map(xs, func(x float64) float64 { return math.Sin(float64(30+7*k)*x + float64(k)) }), PaletteColor(c))
	}
	f.Points("few", []float64{0.2, 0.5, 0.8}, []float64{1.5, 1.5, 1.5}, PaletteColor(1), Glyph(draw.CrossGlyph{}, 3)) // thin lines: few pure pixels
	img, _ := decodePNG(t, f.PNG)
	p, ok := img.(*image.Paletted)
	if !ok {
		t.Fatalf("decoded %T, want a paletted PNG", img)
	}
	if len(p.Palette) > 256 {
		t.Errorf("palette of %d colours, want ≤ 256", len(p.Palette))
	}
	dist := func(a, b color.Color) int {
		r1, g1, b1, _ := a.RGBA()
		r2, g2, b2, _ := b.RGBA()
		dr, dg, db := int(r1>>8)-int(r2>>8), int(g1>>8)-int(g2>>8), int(b1>>8)-int(b2>>8)
		return dr*dr + dg*dg + db*db
	}
	// The true-colour rendering: its number of colours, and its pixel nearest to vermillion.
	c := vgimg.NewWith(vgimg.UseWH(vg.Length(f.Width)*vg.Centimeter, vg.Length(f.Height)*vg.Centimeter), vgimg.UseDPI(DPI), vgimg.UseBackgroundColor(color.White))
	f.Draw(draw.New(c))
	full := c.Image()
	seen := map[color.Color]bool{}
	var marker color.Color = color.White
	for y := full.Bounds().Min.Y; y < full.Bounds().Max.Y; y++ {
		for x := full.Bounds().Min.X; x < full.Bounds().Max.X; x++ {
			px := full.At(x, y)
			seen[px] = true
			if dist(px, Palette[1]) < dist(marker, Palette[1]) {
				marker = px
			}
		}
	}
	if len(seen) <= 256 {
		t.Fatalf("the test figure has only %d colours: it does not exercise the palette choice", len(seen))
	}
	best := math.MaxInt
	for _, pc := range p.Palette {
		best = min(best, dist(pc, marker))
	}
	if best > 24*24 {
		t.Errorf("the markers' colour %v has no palette colour within 24 RGB units (nearest %.0f): rare series lose their colour", marker, math.Sqrt(float64(best)))
	}
}

func TestPowerTicks(t *testing.T) {
	tests := []struct {
		min, max   float64
		wantLabels string // the labelled ticks, in order
	}{
		{1e-8, 0.3, "1e-08 1e-06 0.0001 0.01"},
		{0.05, 60, "0.1 1 10"},
		{1e-7, 100, "1e-07 1e-05 0.001 0.1 10"},
		{1e-16, 1, "1e-16 1e-13 1e-10 1e-07 0.0001 0.1"},
	}
	for _, tc := range tests {
		var labels []string
		for _, tk := range (PowerTicks{}).Ticks(tc.min, tc.max) {
			if tk.Value < tc.min || tk.Value > tc.max {
				t.Errorf("Ticks(%g, %g): tick %g outside the axis", tc.min, tc.max, tk.Value)
			}
			if tk.Label != "" {
				labels = append(labels, tk.Label)
			}
		}
		if got := strings.Join(labels, " "); got != tc.wantLabels {
			t.Errorf("Ticks(%g, %g) labels %q, want %q", tc.min, tc.max, got, tc.wantLabels)
		}
	}
	if got := (PowerTicks{}).Ticks(0, 1); got != nil {
		t.Errorf("Ticks(0, 1) = %v, want none (a log axis needs min > 0)", got)
	}
}
