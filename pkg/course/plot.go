package course

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"sort"
	"strconv"

	"github.com/janpfeifer/gonb/gonbui"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Palette is the Okabe–Ito colour-blind-safe palette: the series colours of a
// Figure, in order (blue, vermillion, bluish green, reddish purple, orange, sky
// blue, black, yellow).
var Palette = []color.Color{
	color.RGBA{0, 114, 178, 255}, color.RGBA{213, 94, 0, 255}, color.RGBA{0, 158, 115, 255},
	color.RGBA{204, 121, 167, 255}, color.RGBA{230, 159, 0, 255}, color.RGBA{86, 180, 233, 255},
	color.RGBA{0, 0, 0, 255}, color.RGBA{240, 228, 66, 255},
}

// ClassColors are ten distinguishable colours for the classes of a scatter
// plot (the digits 0–9): matplotlib's "tab10".
var ClassColors = []color.Color{
	color.RGBA{31, 119, 180, 255}, color.RGBA{255, 127, 14, 255}, color.RGBA{44, 160, 44, 255},
	color.RGBA{214, 39, 40, 255}, color.RGBA{148, 103, 189, 255}, color.RGBA{140, 86, 75, 255},
	color.RGBA{227, 119, 194, 255}, color.RGBA{127, 127, 127, 255}, color.RGBA{188, 189, 34, 255},
	color.RGBA{23, 190, 207, 255},
}

// DPI is the resolution of rendered figures (pixels per inch): a 14 cm wide
// figure is 14/2.54·DPI pixels wide.
var DPI = 96

// Figure is a gonum plot with the course's defaults: a title, labelled axes, a
// grid, a legend, and series coloured from Palette in the order they are added.
// The embedded *plot.Plot stays available for anything else (axis ranges, log
// scales, legend position: f.Legend.Top = true, …).
//
// Figures render to PNG: text is rasterised with gonum's embedded Liberation
// fonts, so the picture does not depend on the fonts of the reader's machine.
type Figure struct {
	*plot.Plot
	Width, Height float64 // size in centimetres (NewFigure: 14 × 9)
	series        int     // series added so far: the next default colour
}

// NewFigure returns a 14 × 9 cm figure with a title, axis labels and a grid.
func NewFigure(title, xLabel, yLabel string) *Figure {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	p.Add(plotter.NewGrid())
	return &Figure{Plot: p, Width: 14, Height: 9}
}

// Style changes how a series is drawn.
type Style func(*style)

type style struct {
	color  color.Color
	dashed bool
	width  vg.Length
	shape  draw.GlyphDrawer
	radius vg.Length
}

// Dashed draws a line dashed.
func Dashed() Style { return func(s *style) { s.dashed = true } }

// Color sets a series' colour (Palette[i] for an int argument, see PaletteColor).
func Color(c color.Color) Style { return func(s *style) { s.color = c } }

// PaletteColor sets a series' colour to Palette[i mod len(Palette)], e.g. to give
// the same method the same colour in several figures.
func PaletteColor(i int) Style {
	return Color(Palette[((i%len(Palette))+len(Palette))%len(Palette)])
}

// Width sets a line's width in points (default 1.5).
func Width(points float64) Style { return func(s *style) { s.width = vg.Points(points) } }

// Glyph sets the marker of a scatter series (default: a circle) and its radius in points.
func Glyph(shape draw.GlyphDrawer, radiusPoints float64) Style {
	return func(s *style) { s.shape, s.radius = shape, vg.Points(radiusPoints) }
}

// stroke applies the style to a line: colour, width and dashes.
func (s style) stroke(l *plotter.Line) {
	l.Color, l.Width = s.color, s.width
	if s.dashed {
		l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	}
}

// mark applies the style to the glyphs of a scatter series.
func (s style) mark(sc *plotter.Scatter) {
	sc.GlyphStyle.Color, sc.GlyphStyle.Shape, sc.GlyphStyle.Radius = s.color, s.shape, s.radius
}

func (f *Figure) style(opts []Style) style {
	s := style{color: Palette[f.series%len(Palette)], width: vg.Points(1.5), shape: draw.CircleGlyph{}, radius: vg.Points(2)}
	f.series++
	for _, o := range opts {
		o(&s)
	}
	return s
}

func xys(xs, ys []float64) plotter.XYs {
	if len(xs) != len(ys) {
		panic(fmt.Sprintf("course.Figure: %d x values but %d y values", len(xs), len(ys)))
	}
	pts := make(plotter.XYs, len(xs))
	for i := range xs {
		pts[i].X, pts[i].Y = xs[i], ys[i]
	}
	return pts
}

func (f *Figure) legend(label string, thumbs ...plot.Thumbnailer) {
	if label != "" {
		f.Legend.Add(label, thumbs...)
	}
}

// Line adds a line through the points (xs[i], ys[i]), with label in the legend
// (no legend entry for an empty label). NaN points are skipped.
func (f *Figure) Line(label string, xs, ys []float64, opts ...Style) *plotter.Line {
	s := f.style(opts)
	pts := make(plotter.XYs, 0, len(xs))
	for _, p := range xys(xs, ys) {
		if !math.IsNaN(p.X) && !math.IsNaN(p.Y) {
			pts = append(pts, p)
		}
	}
	l, err := plotter.NewLine(pts)
	if err != nil {
		panic(fmt.Sprintf("course.Figure.Line %q: %v", label, err))
	}
	s.stroke(l)
	f.Add(l)
	f.legend(label, l)
	return l
}

// Func adds the graph of fn on [lo, hi] (sampled at 201 points) as a line.
func (f *Figure) Func(label string, fn func(x float64) float64, lo, hi float64, opts ...Style) *plotter.Line {
	xs := Linspace(lo, hi, 201)
	return f.Line(label, xs, Map(xs, fn), opts...)
}

// Points adds a scatter series.
func (f *Figure) Points(label string, xs, ys []float64, opts ...Style) *plotter.Scatter {
	s := f.style(opts)
	sc, err := plotter.NewScatter(xys(xs, ys))
	if err != nil {
		panic(fmt.Sprintf("course.Figure.Points %q: %v", label, err))
	}
	s.mark(sc)
	f.Add(sc)
	f.legend(label, sc)
	return sc
}

// LinePoints adds a line with a marker at every point.
func (f *Figure) LinePoints(label string, xs, ys []float64, opts ...Style) {
	s := f.style(opts)
	l, sc, err := plotter.NewLinePoints(xys(xs, ys))
	if err != nil {
		panic(fmt.Sprintf("course.Figure.LinePoints %q: %v", label, err))
	}
	s.stroke(l)
	s.mark(sc)
	f.Add(l, sc)
	f.legend(label, l, sc)
}

// ErrorBars adds points at (xs[i], means[i]) with vertical bars ± errs[i]
// (e.g. mean ± sd over seeds), joined by a line.
func (f *Figure) ErrorBars(label string, xs, means, errs []float64, opts ...Style) {
	s := f.style(opts)
	if len(errs) != len(xs) {
		panic(fmt.Sprintf("course.Figure.ErrorBars %q: %d x values but %d errors", label, len(xs), len(errs)))
	}
	pts := xys(xs, means)
	yerrs := make(plotter.YErrors, len(errs))
	for i, e := range errs {
		yerrs[i].Low, yerrs[i].High = e, e
	}
	bars, err := plotter.NewYErrorBars(struct {
		plotter.XYs
		plotter.YErrors
	}{pts, yerrs})
	if err != nil {
		panic(fmt.Sprintf("course.Figure.ErrorBars %q: %v", label, err))
	}
	bars.Color, bars.Width = s.color, s.width
	l, sc, err := plotter.NewLinePoints(pts)
	if err != nil {
		panic(fmt.Sprintf("course.Figure.ErrorBars %q: %v", label, err))
	}
	s.stroke(l)
	s.mark(sc)
	f.Add(l, sc, bars)
	f.legend(label, l, sc)
}

// HLine adds a horizontal reference line at y from x = lo to x = hi (dashed unless opts say otherwise).
func (f *Figure) HLine(label string, y, lo, hi float64, opts ...Style) *plotter.Line {
	return f.Line(label, []float64{lo, hi}, []float64{y, y}, append([]Style{Dashed()}, opts...)...)
}

// VLine adds a vertical reference line at x from y = lo to y = hi (dashed unless opts say otherwise).
func (f *Figure) VLine(label string, x, lo, hi float64, opts ...Style) *plotter.Line {
	return f.Line(label, []float64{x, x}, []float64{lo, hi}, append([]Style{Dashed()}, opts...)...)
}

// Hist adds a histogram of values with the given number of bins.
func (f *Figure) Hist(label string, values []float64, bins int, opts ...Style) *plotter.Histogram {
	s := f.style(opts)
	h, err := plotter.NewHist(plotter.Values(values), bins)
	if err != nil {
		panic(fmt.Sprintf("course.Figure.Hist %q: %v", label, err))
	}
	h.FillColor = s.color
	f.Add(h)
	f.legend(label, h)
	return h
}

// Classes adds one scatter series per class: points[i] = (x, y) coloured by
// ClassColors[labels[i]], with names[c] (or the class number) in the legend.
func (f *Figure) Classes(points [][]float64, labels []int, names []string, opts ...Style) {
	classes := 0
	for _, c := range labels {
		classes = max(classes, c+1)
	}
	for c := range classes {
		var xs, ys []float64
		for i, p := range points {
			if labels[i] == c {
				xs, ys = append(xs, p[0]), append(ys, p[1])
			}
		}
		if len(xs) == 0 {
			continue
		}
		name := fmt.Sprint(c)
		if c < len(names) {
			name = names[c]
		}
		f.Points(name, xs, ys, append([]Style{Color(ClassColors[c%len(ClassColors)])}, opts...)...)
	}
}

// EmbeddingFigure returns a 13 × 10 cm scatter plot of embeddings (rows of e)
// projected on their two leading principal components (PCA), one colour per
// class label — the usual first look at a learned embedding.
func EmbeddingFigure(title string, e [][]float64, labels []int) *Figure {
	f := NewFigure(title, "PC 1", "PC 2")
	f.Width, f.Height = 13, 10
	f.Classes(PCA(e, 2), labels, nil)
	f.Legend.Top = true
	return f
}

// Heatmap draws fn over the rectangle [x0, x1] × [y0, y1] as an n × n image
// coloured with gonum's Moreland blue–red map from lo (blue) to hi (red) — e.g.
// P(class 1) of a classifier, with lo = 0 and hi = 1. fn receives the grid's
// points in batches: it gets every (x, y) at once and returns one value each,
// so a model is evaluated in one call.
func (f *Figure) Heatmap(fn func(points [][]float64) []float64, x0, x1, y0, y1 float64, n int, lo, hi float64) {
	xs, ys := Linspace(x0, x1, n), Linspace(y0, y1, n)
	pts := make([][]float64, 0, n*n)
	for r := range n {
		for c := range n {
			pts = append(pts, []float64{xs[c], ys[r]})
		}
	}
	v := fn(pts)
	if len(v) != len(pts) {
		panic(fmt.Sprintf("course.Figure.Heatmap: fn returned %d values for %d points", len(v), len(pts)))
	}
	cmap := moreland.SmoothBlueRed()
	cmap.SetMin(lo)
	cmap.SetMax(hi)
	img := image.NewRGBA(image.Rect(0, 0, n, n))
	for r := range n {
		for c := range n {
			col, err := cmap.At(math.Max(lo, math.Min(hi, v[r*n+c])))
			if err != nil {
				col = color.Gray{128} // NaN
			}
			img.Set(c, n-1-r, col) // image rows go down
		}
	}
	f.Add(plotter.NewImage(img, x0, y0, x1, y1))
}

// PNG renders the figure to PNG bytes (Width × Height cm at DPI, white background).
func (f *Figure) PNG() ([]byte, error) { return RowPNG(f) }

// Show displays the figure in the notebook (a no-op outside GoNB).
func (f *Figure) Show() {
	ShowRow(f)
}

// RowPNG renders figures side by side (each at its own Width × Height; the row
// is as tall as the tallest) as one PNG. Their plot areas are aligned.
func RowPNG(figs ...*Figure) ([]byte, error) {
	if len(figs) == 0 {
		return nil, fmt.Errorf("course.RowPNG: no figures")
	}
	w, h := 0.0, 0.0
	for _, f := range figs {
		w += f.Width
		h = math.Max(h, f.Height)
	}
	c := vgimg.NewWith(vgimg.UseWH(vg.Length(w)*vg.Centimeter, vg.Length(h)*vg.Centimeter),
		vgimg.UseDPI(DPI), vgimg.UseBackgroundColor(color.White))
	dc := draw.New(c)
	same := true
	for _, f := range figs {
		same = same && f.Width == figs[0].Width && f.Height == figs[0].Height
	}
	if same { // equal sizes: gonum aligns the plot areas
		plots := make([]*plot.Plot, len(figs))
		for i, f := range figs {
			plots[i] = f.Plot
		}
		for j, sub := range plot.Align([][]*plot.Plot{plots}, draw.Tiles{Rows: 1, Cols: len(figs)}, dc)[0] {
			plots[j].Draw(sub)
		}
	} else { // each figure in its own rectangle, top-aligned
		top := vg.Length(h) * vg.Centimeter
		x := vg.Length(0)
		for _, f := range figs {
			fw, fh := vg.Length(f.Width)*vg.Centimeter, vg.Length(f.Height)*vg.Centimeter
			f.Draw(draw.Canvas{Canvas: c, Rectangle: vg.Rectangle{Min: vg.Point{X: x, Y: top - fh}, Max: vg.Point{X: x + fw, Y: top}}})
			x += fw
		}
	}
	return compactPNG(c.Image())
}

// compactPNG encodes img as a PNG with a palette of at most 256 colours, which
// keeps a stored notebook small (a plot is mostly a few flat colours plus their
// anti-aliased blends; this is 2–3× smaller than true colour and looks the same).
// The palette is chosen so that every clearly distinct colour keeps an entry —
// first colours at least 64, then 24, then 8 RGB units from those already chosen,
// each pass in order of frequency, then the most frequent of the rest — so a
// series drawn with few pixels (a handful of markers) keeps its colour; every
// pixel then takes the nearest palette colour (no dithering).
func compactPNG(img image.Image) ([]byte, error) {
	b := img.Bounds()
	rgba := func(x, y int) color.RGBA {
		r, g, bl, a := img.At(x, y).RGBA()
		return color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(bl >> 8), uint8(a >> 8)}
	}
	counts := map[color.RGBA]int{}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			counts[rgba(x, y)]++
		}
	}
	cs := make([]color.RGBA, 0, len(counts))
	for c := range counts {
		cs = append(cs, c)
	}
	sort.Slice(cs, func(i, j int) bool { // by frequency, ties in a fixed order so the output is deterministic
		if counts[cs[i]] != counts[cs[j]] {
			return counts[cs[i]] > counts[cs[j]]
		}
		ci, cj := cs[i], cs[j]
		return uint32(ci.R)<<24|uint32(ci.G)<<16|uint32(ci.B)<<8|uint32(ci.A) < uint32(cj.R)<<24|uint32(cj.G)<<16|uint32(cj.B)<<8|uint32(cj.A)
	})
	var pal color.Palette
	chosen := map[color.RGBA]bool{}
	for _, minDist := range []int{64 * 64, 24 * 24, 8 * 8, 0} {
		for _, c := range cs {
			if len(pal) == 256 {
				break
			}
			if chosen[c] {
				continue
			}
			far := true
			for _, p := range pal {
				q := p.(color.RGBA)
				dr, dg, db := int(c.R)-int(q.R), int(c.G)-int(q.G), int(c.B)-int(q.B)
				if dr*dr+dg*dg+db*db < minDist {
					far = false
					break
				}
			}
			if far {
				pal, chosen[c] = append(pal, c), true
			}
		}
	}
	out := image.NewPaletted(b, pal)
	index := map[color.RGBA]uint8{}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := rgba(x, y)
			i, ok := index[c]
			if !ok {
				i = uint8(pal.Index(c))
				index[c] = i
			}
			out.SetColorIndex(x, y, i)
		}
	}
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, out); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ShowRow displays figures side by side in the notebook (a no-op outside GoNB).
func ShowRow(figs ...*Figure) {
	if !gonbui.IsNotebook {
		return
	}
	png, err := RowPNG(figs...)
	if err != nil {
		panic(err)
	}
	gonbui.DisplayPNG(png)
}

// ShowImage displays an image in the notebook (a no-op outside GoNB).
func ShowImage(img image.Image) {
	if gonbui.IsNotebook {
		if err := gonbui.DisplayImage(img); err != nil {
			panic(err)
		}
	}
}

// ShowMarkdown displays markdown in the notebook (a no-op outside GoNB).
func ShowMarkdown(md string) {
	if gonbui.IsNotebook {
		gonbui.DisplayMarkdown(md)
	}
}

// PowerTicks marks a logarithmic axis with a labelled tick at powers of ten
// ("1e-06", "0.01", "10"; every second or third power when the axis spans many
// decades, so labels never overlap) and unlabelled minor ticks at 2–9 times them.
// (gonum's plot.LogTicks labels values like 9.999999999999999e-05 and crowds a
// wide axis.)
type PowerTicks struct{}

// Ticks implements plot.Ticker.
func (PowerTicks) Ticks(min, max float64) []plot.Tick {
	if !(min > 0) || !(max >= min) {
		return nil
	}
	lo, hi := int(math.Floor(math.Log10(min))), int(math.Ceil(math.Log10(max)))
	every := 1
	for (hi-lo)/every > 6 {
		every++
	}
	var ticks []plot.Tick
	for k := lo; k <= hi; k++ {
		v := math.Pow10(k)
		if v >= min && v <= max {
			label := ""
			if (k-lo)%every == 0 {
				label = strconv.FormatFloat(v, 'g', -1, 64)
			}
			ticks = append(ticks, plot.Tick{Value: v, Label: label})
		}
		if every > 2 {
			continue // minor ticks only when the decades are wide enough to show them
		}
		for m := 2; m <= 9; m++ {
			if w := float64(m) * v; w >= min && w <= max {
				ticks = append(ticks, plot.Tick{Value: w})
			}
		}
	}
	return ticks
}
