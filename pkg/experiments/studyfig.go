package experiments

import (
	"fmt"
	"image/color"
	"math"

	"github.com/gomlx/compute"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/layers/activation"
	"github.com/gomlx/gomlx/ml/model"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/losscourse/losscourse/pkg/course"
	"github.com/losscourse/losscourse/pkg/data"
	"github.com/losscourse/losscourse/pkg/losses"
)

// bars adds one series of points with ± error bars (no joining line) at xs to f,
// in palette colour c, with a legend entry label (none if empty).
func bars(f *course.Figure, label string, xs []float64, s []course.Summary, c int) {
	pts := make(plotter.XYs, len(xs))
	errs := make(plotter.YErrors, len(xs))
	for i := range xs {
		pts[i] = plotter.XY{X: xs[i], Y: s[i].Mean}
		errs[i].Low, errs[i].High = s[i].SD, s[i].SD
	}
	eb, err := plotter.NewYErrorBars(struct {
		plotter.XYs
		plotter.YErrors
	}{pts, errs})
	if err != nil {
		panic(err)
	}
	dots, err := plotter.NewScatter(pts)
	if err != nil {
		panic(err)
	}
	col := course.Palette[c%len(course.Palette)]
	eb.Color, dots.GlyphStyle.Color, dots.GlyphStyle.Radius = col, col, vg.Points(3)
	dots.GlyphStyle.Shape = []draw.GlyphDrawer{draw.CircleGlyph{}, draw.SquareGlyph{}, draw.TriangleGlyph{}}[c%3]
	f.Add(eb, dots)
	if label != "" {
		f.Legend.Add(label, dots)
	}
}

// shortImbalance are the x labels of the imbalance study's losses.
func shortImbalance(name string) string {
	switch {
	case name == "BCE":
		return "BCE"
	case name == "α-balanced BCE (α = 0.75)":
		return "α-bal. BCE"
	case len(name) > 15 && name[:15] == "BCE, pos_weight":
		return "pos_weight"
	case name == "focal γ = 2":
		return "focal γ"
	case name == "focal γ = 2, α = 0.75":
		return "focal γ+α"
	}
	return name
}

// Figures returns the study as three panels, mean ± sd over seeds per loss:
// minority recall, precision and majority accuracy, each at p > 0.5 and at the
// threshold chosen on validation data; the first panel also shows AP.
func (st *ImbalanceStudy) Figures() []*course.Figure {
	var labels []string
	for _, n := range st.Losses {
		labels = append(labels, shortImbalance(n))
	}
	panel := func(title, y string, series ...struct {
		label string
		f     func(ImbalanceResult) float64
	}) *course.Figure {
		fig := course.NewFigure(title, "loss", y)
		fig.Width, fig.Height = 9.5, 7
		for k, s := range series {
			var xs []float64
			var sum []course.Summary
			for j := range st.Losses {
				xs = append(xs, float64(j)+0.15*float64(2*k-len(series)+1))
				sum = append(sum, st.Metric(j, s.f))
			}
			bars(fig, s.label, xs, sum, k)
		}
		fig.NominalX(labels...)
		fig.X.Min, fig.X.Max = -0.6, float64(len(labels))-0.4
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, s := range series {
			for j := range st.Losses {
				m := st.Metric(j, s.f)
				lo, hi = math.Min(lo, m.Mean-m.SD), math.Max(hi, m.Mean+m.SD)
			}
		}
		// room below the data for the legend (bottom left), so it covers no point
		fig.Y.Min, fig.Y.Max = lo-(0.12+0.1*float64(len(series)))*(hi-lo), hi+0.05*(hi-lo)
		fig.X.Tick.Label.Rotation, fig.X.Tick.Label.XAlign, fig.X.Tick.Label.YAlign = 0.5, draw.XRight, draw.YCenter
		fig.Legend.Top, fig.Legend.Left = false, true
		return fig
	}
	type ser = struct {
		label string
		f     func(ImbalanceResult) float64
	}
	n := len(st.Seeds)
	return []*course.Figure{
		panel(fmt.Sprintf("Minority recall and AP (%d seeds)", n), "mean ± sd", ser{"recall, p > 0.5", ImbRecall}, ser{"recall, validated thr.", ImbValRecall}, ser{"AP", ImbAP}),
		panel("Precision", "mean ± sd", ser{"p > 0.5", ImbPrecision}, ser{"validated thr.", ImbValPrec}),
		panel("Majority accuracy", "mean ± sd", ser{"p > 0.5", ImbMajority}, ser{"validated thr.", ImbValMajority}),
	}
}

// Figures returns the test ECE against ε (mean ± sd over seeds; the accuracies are
// in Table), and the reliability diagram of every ε on the first seed.
func (st *CalibrationStudy) Figures() []*course.Figure {
	ece := course.NewFigure(fmt.Sprintf("Test ECE against ε (%d seeds)", len(st.Seeds)), "label smoothing ε", "expected calibration error")
	ece.Width, ece.Height = 10, 7.5
	var e []course.Summary
	hi := 0.0
	for j := range st.Eps {
		e = append(e, course.Summarize(st.Values(j, func(r CalibrationResult) float64 { return r.ECE })))
		hi = math.Max(hi, e[j].Mean+e[j].SD)
	}
	bars(ece, fmt.Sprintf("ECE, mean ± sd over %d seeds", len(st.Seeds)), st.Eps, e, 0)
	ece.X.Min, ece.X.Max, ece.Y.Min, ece.Y.Max = -0.02, st.Eps[len(st.Eps)-1]+0.02, 0, 1.3*hi
	ece.Legend.Top, ece.Legend.Left = true, false
	rel := course.NewFigure(fmt.Sprintf("Reliability diagram (test set, seed %d)", st.Seeds[0]), "confidence", "accuracy")
	rel.Width, rel.Height = 10, 7.5
	rel.Line("perfect calibration", []float64{0, 1}, []float64{0, 1}, course.Dashed(), course.Color(color.Gray{Y: 150}))
	for j, r := range st.Results[0] {
		rel.LinePoints(fmt.Sprintf("ε = %.2g: ECE %.3f", r.Eps, r.ECE), r.Confidence, r.BinAccuracy, course.PaletteColor(j))
	}
	rel.X.Min, rel.X.Max, rel.Y.Min, rel.Y.Max = 0.5, 1, 0.3, 1
	rel.Legend.Top, rel.Legend.Left = true, true
	return []*course.Figure{ece, rel}
}

// Table returns the slope of every fit per seed and as mean ± sd.
func (st *RobustLineStudy) Table() string {
	names := []string{"MSE", "MAE"}
	for _, d := range st.Deltas {
		names = append(names, HuberName(d))
	}
	s := fmt.Sprintf("%-14s %-16s per seed %v (true slope 2)\n", "fit", "slope mean ± sd", st.Seeds)
	for _, n := range names {
		sum := course.Summarize(st.Slopes[n])
		s += fmt.Sprintf("%-14s %.3f ± %-8.3f %.3f\n", n, sum.Mean, sum.SD, st.Slopes[n])
	}
	return s
}

// FitFigure shows the first seed's data with the MSE, MAE and Huber δ = 1 lines;
// ResidualFigures the histograms of their inlier residuals.
func (st *RobustLineStudy) FitFigure() *course.Figure {
	l := st.First
	f := course.NewFigure(fmt.Sprintf("Line fits with 10%% one-sided outliers (seed %d)", st.Seeds[0]), "x", "y")
	f.Points("inliers", course.Take(l.X, l.Inliers), course.Take(l.Y, l.Inliers), course.Color(color.Gray{Y: 120}))
	f.Points("outliers", course.Take(l.X, l.Outliers), course.Take(l.Y, l.Outliers), course.Color(color.RGBA{R: 200, A: 255}), course.Glyph(draw.CrossGlyph{}, 3))
	for i, n := range []string{"MSE", "MAE", HuberName(1)} {
		w, c := st.Slopes[n][0], st.Intercepts[n][0]
		f.Line(fmt.Sprintf("%s: w = %.2f", n, w), []float64{-3, 3}, []float64{-3*w + c, 3*w + c}, course.PaletteColor(i))
	}
	f.Legend.Top, f.Legend.Left = true, true
	return f
}

// ResidualFigures returns one histogram per fit (MSE, MAE, Huber δ = 1) of the
// first seed's inlier residuals y − ŷ.
func (st *RobustLineStudy) ResidualFigures() []*course.Figure {
	l := st.First
	var out []*course.Figure
	for i, n := range []string{"MSE", "MAE", HuberName(1)} {
		w, c := st.Slopes[n][0], st.Intercepts[n][0]
		h := course.NewFigure(n+": inlier residuals", "y − ŷ", "count")
		h.Width, h.Height = 8, 6
		res := make([]float64, len(l.Inliers))
		for k, j := range l.Inliers {
			res[k] = l.Y[j] - (w*l.X[j] + c)
		}
		h.Hist("", res, 20, course.PaletteColor(i))
		out = append(out, h)
	}
	return out
}

// SweepFigure plots the Huber slope against log10 δ (mean ± sd over seeds) with
// the MSE and MAE slopes (means) and the true slope.
func (st *RobustLineStudy) SweepFigure() *course.Figure {
	f := course.NewFigure(fmt.Sprintf("Huber: fitted slope against δ (%d seeds)", len(st.Seeds)), "log10 δ", "slope w (mean ± sd)")
	logD := course.Map(st.Deltas, math.Log10)
	var s []course.Summary
	for _, d := range st.Deltas {
		s = append(s, course.Summarize(st.Slopes[HuberName(d)]))
	}
	means, sds := make([]float64, len(s)), make([]float64, len(s))
	for i := range s {
		means[i], sds[i] = s[i].Mean, s[i].SD
	}
	f.ErrorBars("Huber", logD, means, sds, course.PaletteColor(2))
	lo, hi := logD[0], logD[len(logD)-1]
	f.HLine(fmt.Sprintf("MSE %s", course.Summarize(st.Slopes["MSE"])), course.Mean(st.Slopes["MSE"]), lo, hi, course.PaletteColor(0))
	f.HLine(fmt.Sprintf("MAE %s", course.Summarize(st.Slopes["MAE"])), course.Mean(st.Slopes["MAE"]), lo, hi, course.PaletteColor(1))
	f.HLine("true slope", 2, lo, hi, course.PaletteColor(6))
	f.Legend.Top = false
	f.Legend.Left = true
	f.Legend.YOffs = vg.Points(45) // clear of the MSE line at the bottom
	f.Y.Min = math.Min(f.Y.Min, course.Mean(st.Slopes["MSE"])-0.15)
	return f
}

// Figures returns recall@1 per embedding (mean ± sd over seeds, PCA-8 as a line)
// and the NT-Xent temperature sweep (mean ± sd against τ, log scale).
func (st *EmbeddingStudy) Figures() []*course.Figure {
	names := []string{"untrained", "triplet", "contrastive"}
	labels := []string{"untrained", "triplet", "contrastive"}
	for _, tau := range st.Taus {
		names, labels = append(names, NTXentName(tau)), append(labels, fmt.Sprintf("NT-Xent\nτ=%g", tau))
	}
	f := course.NewFigure(fmt.Sprintf("Test recall@1 per embedding (%d seeds)", len(st.Seeds)), "embedding (8-D)", "recall@1 (mean ± sd)")
	f.Width = 16
	var xs []float64
	var s []course.Summary
	for i, n := range names {
		xs, s = append(xs, float64(i)), append(s, course.Summarize(st.Recall[n]))
	}
	bars(f, "trained network", xs, s, 0)
	f.HLine(fmt.Sprintf("PCA-8 of the pixels (%.3f)", st.PCA8), st.PCA8, -0.5, float64(len(names))-0.5, course.PaletteColor(1))
	f.NominalX(labels...)
	hi := st.PCA8
	for _, v := range s {
		hi = math.Max(hi, v.Mean+v.SD)
	}
	f.Y.Max = hi + 0.07 // room for the legend above the data
	f.Legend.Top, f.Legend.Left = true, false

	t := course.NewFigure("NT-Xent: recall@1 against the temperature", "temperature τ (log scale)", "recall@1 (mean ± sd)")
	t.Width = 12
	var ts []course.Summary
	var ticks []plot.Tick
	for _, tau := range st.Taus {
		ts = append(ts, course.Summarize(st.Recall[NTXentName(tau)]))
		ticks = append(ticks, plot.Tick{Value: math.Log10(tau), Label: fmt.Sprintf("%g", tau)})
	}
	bars(t, fmt.Sprintf("NT-Xent, %d seeds", len(st.Seeds)), course.Map(st.Taus, math.Log10), ts, 2)
	t.X.Tick.Marker = plot.ConstantTicks(ticks)
	lo, hi := math.Log10(st.Taus[0])-0.1, math.Log10(st.Taus[len(st.Taus)-1])+0.1
	t.HLine("untrained network (mean)", course.Mean(st.Recall["untrained"]), lo, hi, course.PaletteColor(6))
	t.X.Min, t.X.Max = lo, hi
	yLo, yHi := course.Mean(st.Recall["untrained"]), 0.0
	for _, v := range ts {
		yLo, yHi = math.Min(yLo, v.Mean-v.SD), math.Max(yHi, v.Mean+v.SD)
	}
	t.Y.Min, t.Y.Max = yLo-0.03, yHi+0.3*(yHi-yLo) // the legend goes above the data
	t.Legend.Top = true
	return []*course.Figure{f, t}
}

// MarginStudy holds RunMarginStudy's results: for every margin (Margins[k]) and
// seed (Seeds[i]), the fraction of held-out test triplets whose hinge is active,
// recorded at Steps, and the mean anchor–negative distance at the end.
type MarginStudy struct {
	Seeds   []uint64
	Margins []float64
	Steps   []float64
	Active  [][][]float64 // Active[k][i][t]: margin k, seed i, at Steps[t]
	MeanNeg [][]float64   // MeanNeg[k][i]: mean d(a, n) of the test triplets after training
}

// RunMarginStudy trains the embedding network of RunEmbeddingStudy (cfg) with the
// triplet loss for every margin and seed (seeded as there: the margin-1 run is the
// study's triplet run), and every tenth of the way measures, on 2 000 fixed test
// triplets, the fraction with d(a,p) − d(a,n) + m > 0.
func RunMarginStudy(b compute.Backend, cfg EmbeddingConfig, margins []float64, seeds []uint64) (*MarginStudy, error) {
	cfg = cfg.withDefaults()
	tr, te, err := course.DigitsSplit()
	if err != nil {
		return nil, err
	}
	ts, err := data.SampleTriplets(te.Y, 2000, 99)
	if err != nil {
		return nil, err
	}
	net := course.MLP{Hidden: []int{cfg.Hidden}, Out: cfg.Dim, Activation: activation.TypeRelu}
	st := &MarginStudy{Seeds: append([]uint64(nil), seeds...), Margins: append([]float64(nil), margins...)}
	for _, m := range margins {
		var act [][]float64
		var neg []float64
		for _, seed := range seeds {
			var curve, steps []float64
			var meanNeg float64
			probe := func(step int, store *model.Store) error {
				e, err := course.Apply(b, store, net.ModelFn(), te.X)
				if err != nil {
					return err
				}
				var active float64
				meanNeg = 0
				for _, t := range ts {
					dp, dn := math.Sqrt(course.SqDist(e[t.Anchor], e[t.Positive])), math.Sqrt(course.SqDist(e[t.Anchor], e[t.Negative]))
					if dp-dn+m > 0 {
						active++
					}
					meanNeg += dn / float64(len(ts))
				}
				curve, steps = append(curve, active/float64(len(ts))), append(steps, float64(step))
				return nil
			}
			trips, err := course.TripletDataset(tr, cfg.PairBatch*cfg.Steps, seed, data.DatasetOptions{Name: "metric", BatchSize: cfg.PairBatch, Infinite: true})
			if err != nil {
				return nil, err
			}
			loss := func(_, e []*Node) *Node { return losses.TripletMargin(e[0], e[1], e[2], losses.Margin(m)) }
			if _, err := course.Fit(b, net.ModelFn(), loss, trips, course.FitOptions{Steps: cfg.Steps, LearningRate: cfg.LR, Seed: int64(seed) + 7, Quiet: true,
				Every: max(1, cfg.Steps/10), OnStep: probe}); err != nil {
				return nil, fmt.Errorf("experiments.RunMarginStudy(margin %g, seed %d): %w", m, seed, err)
			}
			act, neg, st.Steps = append(act, curve), append(neg, meanNeg), steps
		}
		st.Active, st.MeanNeg = append(st.Active, act), append(st.MeanNeg, neg)
	}
	return st, nil
}

// Figure plots the active fraction against the training step for every margin
// (mean ± sd over seeds).
func (st *MarginStudy) Figure() *course.Figure {
	f := course.NewFigure(fmt.Sprintf("Test triplets whose hinge is active (%d seeds)", len(st.Seeds)), "training step", "fraction with d(a,p) − d(a,n) + m > 0")
	for k, m := range st.Margins {
		means, sds := make([]float64, len(st.Steps)), make([]float64, len(st.Steps))
		for t := range st.Steps {
			var v []float64
			for i := range st.Seeds {
				v = append(v, st.Active[k][i][t])
			}
			s := course.Summarize(v)
			means[t], sds[t] = s.Mean, s.SD
		}
		f.ErrorBars(fmt.Sprintf("margin %g", m), st.Steps, means, sds, course.PaletteColor(k))
	}
	f.Legend.Top = true
	return f
}

// Claims evaluates notebook 04's margin claims (Margins must be {1, smaller}):
//
//   - triplet_active_fraction_decreases: with margin Margins[0], the active
//     fraction at the start minus at the end, paired over seeds, exceeds its
//     spread. Catches: a triplet loss whose gradient does not shrink the active
//     set (zero gradient, or the hinge's sign flipped).
//   - margin_sets_scale: mean d(a, n) with margin Margins[0] minus with Margins[1],
//     paired over seeds, exceeds its spread. Catches: the margin ignored.
func (st *MarginStudy) Claims() []Verdict {
	var first, last []float64
	for _, c := range st.Active[0] {
		first, last = append(first, c[0]), append(last, c[len(c)-1])
	}
	a := ComparePaired(first, last)
	s := ComparePaired(st.MeanNeg[0], st.MeanNeg[1])
	return []Verdict{
		{"triplet_active_fraction_decreases", a.Holds, fmt.Sprintf("active fraction (margin %g) %.3f → %.3f: %s (paired over %d seeds)",
			st.Margins[0], course.Mean(first), course.Mean(last), a, len(st.Seeds))},
		{"margin_sets_scale", s.Holds, fmt.Sprintf("mean d(a,n): margin %g %.2f, margin %g %.2f: %s (paired)",
			st.Margins[0], course.Mean(st.MeanNeg[0]), st.Margins[1], course.Mean(st.MeanNeg[1]), s)},
	}
}

// PairSplit draws n test pairs (seeded; half same-digit) of embeddings e with
// labels y and returns the fraction of same-digit pairs closer than r and of
// different-digit pairs at least r apart.
func PairSplit(e [][]float64, y []int, r float64, n int, seed uint64) (sameClose, diffFar float64, err error) {
	pairs, err := data.SamplePairs(y, n, seed)
	if err != nil {
		return 0, 0, err
	}
	var nSame, nDiff float64
	for _, p := range pairs {
		d := math.Sqrt(course.SqDist(e[p.A], e[p.B]))
		switch {
		case p.Same:
			nSame++
			if d < r {
				sameClose++
			}
		default:
			nDiff++
			if d >= r {
				diffFar++
			}
		}
	}
	return sameClose / nSame, diffFar / nDiff, nil
}
