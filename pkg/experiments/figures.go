package experiments

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg/draw"

	"github.com/losscourse/losscourse/pkg/course"
	"github.com/losscourse/losscourse/pkg/data"
)

// SnapshotFigures returns one small scatter figure per chosen snapshot of run
// (indices into run.Snaps; nil means first, ⅓, ⅔ and last, each snapshot once): the generated samples
// over the target's mode centres, on [−3, 3]², titled with the step, the modes
// covered and the high-quality fraction. Samples outside the view are drawn on its
// border and counted in the x-axis label. Show them with course.ShowRow.
func SnapshotFigures(run *GANRun, target *data.Target2D, which []int) []*course.Figure {
	n := len(run.Snaps)
	if which == nil {
		for _, i := range []int{0, (n - 1) / 3, 2 * (n - 1) / 3, n - 1} {
			if len(which) == 0 || i != which[len(which)-1] { // fewer than 4 snapshots: each once
				which = append(which, i)
			}
		}
	}
	var figs []*course.Figure
	for k, i := range which {
		pts := run.Snaps[i]
		xs, ys := make([]float64, len(pts)), make([]float64, len(pts))
		outside := 0
		for j, p := range pts {
			if math.Abs(p[0]) > 3 || math.Abs(p[1]) > 3 {
				outside++
			}
			xs[j], ys[j] = math.Max(-3, math.Min(3, p[0])), math.Max(-3, math.Min(3, p[1]))
		}
		cov := run.Cov[i]
		f := course.NewFigure(fmt.Sprintf("%s, step %d: %d/8, hq %.2f", run.Config.Loss, run.SnapSteps[i], cov.Covered, cov.HighQuality),
			fmt.Sprintf("x₁ (%d of %d outside the view)", outside, len(pts)), "x₂")
		f.Width, f.Height = 7.5, 7.5
		f.Title.TextStyle.Font.Size = 7
		f.X.Min, f.X.Max, f.Y.Min, f.Y.Max = -3.2, 3.2, -3.2, 3.2
		cx, cy := make([]float64, len(target.Centres)), make([]float64, len(target.Centres))
		for j, c := range target.Centres {
			cx[j], cy[j] = c[0], c[1]
		}
		label := func(s string) string {
			if k == 0 {
				return s
			}
			return "" // one legend per row, in the first figure
		}
		f.Points(label("samples"), xs, ys, course.PaletteColor(0), course.Glyph(draw.CircleGlyph{}, 0.6))
		f.Points(label("mode centres"), cx, cy, course.PaletteColor(1), course.Glyph(draw.CrossGlyph{}, 3))
		f.Legend.Top, f.Legend.Left = true, true
		figs = append(figs, f)
	}
	return figs
}

// LogLog sets both axes of f to a logarithmic scale with power-of-ten ticks
// (every value plotted must then be > 0).
func LogLog(f *course.Figure) {
	f.X.Scale, f.Y.Scale = plot.LogScale{}, plot.LogScale{}
	f.X.Tick.Marker, f.Y.Tick.Marker = course.PowerTicks{}, course.PowerTicks{}
}

// shortNames are the x-axis labels of the ring study's configurations.
var shortNames = map[string]string{
	RingMinimax: "minimax", RingNonSat: "non-sat.", RingClip: "clipping", RingGP: "GP",
	RingUnconstrained: "no constr.", RingNonSatConstLR: "non-sat.\nconst. lr", RingNonSatLong: "non-sat.\n5× steps",
}

// SummaryFigure returns a figure of f's per-seed values for every configuration
// of the study: mean ± sd over seeds as a point with an error bar, one x position
// per configuration (labelled with a short name).
func (st *RingStudy) SummaryFigure(title, yLabel string, f func(*GANRun) float64) *course.Figure {
	fig := course.NewFigure(title, "configuration", yLabel)
	var xs []float64
	var sums []course.Summary
	var labels []string
	for i, name := range st.Names {
		xs, sums = append(xs, float64(i)), append(sums, course.Summarize(st.Values(name, f)))
		label := shortNames[name]
		if label == "" {
			label = name
		}
		labels = append(labels, label)
	}
	bars(fig, fmt.Sprintf("mean ± sd over %d seed(s)", len(st.Seeds)), xs, sums, 0)
	fig.NominalX(labels...)
	fig.Legend.Top = true
	return fig
}
