package course

import (
	"bytes"
	"image/png"
	"math"
	"testing"
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
	data, err := f.PNG()
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	wantW := int(math.Round(14 / 2.54 * float64(DPI)))
	if w := img.Bounds().Dx(); math.Abs(float64(w-wantW)) > 1 {
		t.Errorf("width %d px, want %d (14 cm at %d dpi)", w, wantW, DPI)
	}
	if len(data) > 200_000 {
		t.Errorf("one figure is %d bytes; notebooks must stay under 500 KB", len(data))
	}
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
		data, err := RowPNG(a, b)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
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
