package explore

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"strings"

	"github.com/losscourse/losscourse/pkg/course"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Okabe–Ito colour-blind-safe palette, by index.
var palette = []color.RGBA{
	{0, 114, 178, 255},   // blue
	{213, 94, 0, 255},    // vermillion
	{0, 158, 115, 255},   // green
	{204, 121, 167, 255}, // purple
	{230, 159, 0, 255},   // orange
	{86, 180, 233, 255},  // sky blue
	{0, 0, 0, 255},       // black
	{150, 150, 150, 255}, // grey
}

const (
	colBlue = iota
	colVermillion
	colGreen
	colPurple
	colOrange
	colSky
	colBlack
	colGrey
)

// panel is one plot of a figure, built with a few chart-level calls.
type panel struct {
	p          *plot.Plot
	clipY      float64 // if > 0, the y axis is limited to [min, clipY]
	fixedY     bool    // the y range was set with yRange to [yLo, yHi]
	yLo, yHi   float64
	minY, maxY float64
}

func newPanel(title, xLabel, yLabel string) *panel {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	p.Add(plotter.NewGrid())
	p.Legend.Top, p.Legend.Left = true, true
	p.Legend.TextStyle.Font.Size = vg.Points(8)
	return &panel{p: p, minY: math.Inf(1), maxY: math.Inf(-1)}
}

func (pn *panel) track(ys []float64) {
	for _, y := range ys {
		if !math.IsNaN(y) && !math.IsInf(y, 0) {
			pn.minY, pn.maxY = math.Min(pn.minY, y), math.Max(pn.maxY, y)
		}
	}
}

// line adds a line; an empty name leaves it out of the legend.
func (pn *panel) line(name string, xs, ys []float64, col int, dashed bool) {
	pts := make(plotter.XYs, len(xs))
	for i := range xs {
		pts[i].X, pts[i].Y = xs[i], ys[i]
	}
	l, err := plotter.NewLine(pts)
	if err != nil {
		panic(err) // only for NaN/Inf, which the explorers reject before drawing
	}
	l.Color = palette[col]
	l.Width = vg.Points(1.6)
	if dashed {
		l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	}
	pn.p.Add(l)
	if name != "" {
		pn.p.Legend.Add(name, l)
	}
	pn.track(ys)
}

// legendLine adds a legend entry for a line style without drawing anything.
func (pn *panel) legendLine(name string, col int, dashed bool) {
	l := &plotter.Line{XYs: plotter.XYs{{X: 0, Y: 0}}}
	l.Color = palette[col]
	l.Width = vg.Points(1.6)
	if dashed {
		l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	}
	pn.p.Legend.Add(name, l)
}

// points adds a scatter of points (filled circles of the given radius in points).
func (pn *panel) points(name string, xs, ys []float64, col int, radius float64) {
	pts := make(plotter.XYs, len(xs))
	for i := range xs {
		pts[i].X, pts[i].Y = xs[i], ys[i]
	}
	s, err := plotter.NewScatter(pts)
	if err != nil {
		panic(err)
	}
	s.GlyphStyle.Color = palette[col]
	s.GlyphStyle.Radius = vg.Points(radius)
	s.GlyphStyle.Shape = draw.CircleGlyph{}
	pn.p.Add(s)
	if name != "" {
		pn.p.Legend.Add(name, s)
	}
	pn.track(ys)
}

// hline adds a thin horizontal reference line at y.
func (pn *panel) hline(y float64) {
	l := plotter.NewFunction(func(float64) float64 { return y })
	l.Color = color.RGBA{0, 0, 0, 90}
	l.Width = vg.Points(0.6)
	pn.p.Add(l)
}

// vline adds a thin dotted vertical line at x.
func (pn *panel) vline(x float64, col int) {
	pn.p.Add(&vLine{x: x, c: palette[col]})
}

type vLine struct {
	x float64
	c color.Color
}

func (v *vLine) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, _ := plt.Transforms(&c)
	x := trX(v.x)
	c.StrokeLine2(draw.LineStyle{Color: v.c, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(1.5), vg.Points(2)}}, x, c.Min.Y, x, c.Max.Y)
}

// logX makes the x axis logarithmic (values must be > 0).
func (pn *panel) logX() {
	pn.p.X.Scale = plot.LogScale{}
	pn.p.X.Tick.Marker = course.PowerTicks{} // "0.01", "0.1", "1"; gonum's LogTicks can print 9.999…e-05
}

// yRange fixes the y axis to [min, max].
func (pn *panel) yRange(min, max float64) { pn.yLo, pn.yHi, pn.fixedY = min, max, true }

// yMax limits the y axis to at most max (curves that leave the range are cut).
func (pn *panel) yMax(max float64) { pn.clipY = max }

func (pn *panel) finish() {
	if pn.fixedY {
		pn.p.Y.Min, pn.p.Y.Max = pn.yLo, pn.yHi
		return
	}
	if pn.clipY > 0 && pn.maxY > pn.clipY {
		pn.p.Y.Max = pn.clipY
		pn.p.Y.Min = math.Min(pn.minY, 0)
		// Lines are drawn clipped to the data area.
	}
}

// insetLegend moves the legend 5 points in from the corner it is anchored to, so its
// symbols do not sit on the axis frame or on data drawn at the edge of the plot.
func insetLegend(p *plot.Plot) {
	const in = 5
	p.Legend.XOffs, p.Legend.YOffs = vg.Points(in), vg.Points(-in)
	if !p.Legend.Left {
		p.Legend.XOffs = vg.Points(-in)
	}
	if !p.Legend.Top {
		p.Legend.YOffs = vg.Points(in)
	}
}

// renderRow draws the panels side by side into one SVG of w × h centimetres.
func renderRow(panels []*panel, wCm, hCm float64) (string, error) {
	c := vgsvg.New(vg.Length(wCm)*vg.Centimeter, vg.Length(hCm)*vg.Centimeter)
	dc := draw.New(c)
	row := make([]*plot.Plot, len(panels))
	for i, pn := range panels {
		pn.finish()
		insetLegend(pn.p)
		row[i] = pn.p
	}
	tiles := draw.Tiles{Rows: 1, Cols: len(panels), PadX: vg.Centimeter * 0.6, PadTop: vg.Points(2), PadBottom: vg.Points(2), PadLeft: vg.Points(2), PadRight: vg.Points(4)}
	canvases := plot.Align([][]*plot.Plot{row}, tiles, dc)
	for i, p := range row {
		p.Draw(canvases[0][i])
	}
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return "", fmt.Errorf("rendering the SVG: %w", err)
	}
	return genericFonts(buf.String()), nil
}

// fontFallbacks gives every font gonum's SVG canvas names a fallback list ending in
// a generic family. The layout was measured with the Liberation fonts, which have
// the metrics of Times New Roman, Arial and Courier New: a reader without them gets
// a font of the same widths, or at least the generic family — never the browser's
// arbitrary default.
var fontFallbacks = strings.NewReplacer(
	"font-family:Liberation Serif;", `font-family:'Liberation Serif','Times New Roman',Times,serif;`,
	"font-family:Liberation Sans;", `font-family:'Liberation Sans',Arial,Helvetica,sans-serif;`,
	"font-family:Liberation Mono;", `font-family:'Liberation Mono','Courier New',Courier,monospace;`,
)

// genericFonts applies fontFallbacks to an SVG document.
func genericFonts(svg string) string { return fontFallbacks.Replace(svg) }
