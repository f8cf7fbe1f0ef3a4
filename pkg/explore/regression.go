package explore

import (
	"fmt"
	"math"
	"sort"

	"github.com/gomlx/compute"
	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // the graph DSL reads best unqualified
	"github.com/gomlx/gomlx/core/tensors"

	"github.com/losscourse/losscourse/pkg/data"
	"github.com/losscourse/losscourse/pkg/losses"
)

// RegressionParams are the knobs of the regression explorer.
type RegressionParams struct {
	Delta   float64 // Huber δ > 0
	Beta    float64 // Smooth L1 β > 0
	Outlier float64 // offset added to the targets of the outlier points of the fit
}

// RegressionLosses names the losses of the regression explorer, in the order
// of RegressionCurves.Curves and OutlierFit.Fits.
var RegressionLosses = []string{"MSE", "MAE", "Huber", "Smooth L1", "log-cosh"}

// LossCurve is one loss ℓ(r) and its derivative ∂ℓ/∂r on a grid of residuals.
type LossCurve struct {
	Name       string
	Loss, Grad []float64
}

// RegressionCurves holds the regression losses against the residual
// r = ŷ − y, computed by pkg/losses (per element, target 0) with autodiff
// gradients with respect to the prediction.
type RegressionCurves struct {
	Residuals []float64
	Curves    []LossCurve // MSE, MAE, Huber(δ), Smooth L1(β), log-cosh
}

// regressionLoss applies the k-th loss of RegressionLosses.
func regressionLoss(k int, pred, target *Node, p RegressionParams, opts ...losses.Option) *Node {
	switch k {
	case 0:
		return losses.MeanSquaredError(pred, target, opts...)
	case 1:
		return losses.MeanAbsoluteError(pred, target, opts...)
	case 2:
		return losses.Huber(pred, target, append(opts, losses.Delta(p.Delta))...)
	case 3:
		return losses.SmoothL1(pred, target, append(opts, losses.Beta(p.Beta))...)
	default:
		return losses.LogCosh(pred, target, opts...)
	}
}

func checkRegressionParams(fn string, p RegressionParams) error {
	if !(p.Delta > 0) || !(p.Beta > 0) || math.IsInf(p.Delta, 0) || math.IsInf(p.Beta, 0) || math.IsNaN(p.Outlier) || math.IsInf(p.Outlier, 0) {
		return fmt.Errorf("explore.%s: need finite δ > 0, β > 0 and outlier offset, got δ=%g β=%g outlier=%g", fn, p.Delta, p.Beta, p.Outlier)
	}
	return nil
}

// ComputeRegression evaluates MSE, MAE, Huber (δ), Smooth L1 (β) and log-cosh
// and their derivatives at every residual, on backend b (Backend() when nil),
// in float64.
func ComputeRegression(b compute.Backend, p RegressionParams, residuals []float64) (*RegressionCurves, error) {
	if err := checkRegressionParams("ComputeRegression", p); err != nil {
		return nil, err
	}
	if len(residuals) == 0 {
		return nil, fmt.Errorf("explore.ComputeRegression: no residuals")
	}
	b, err := orDefault(b)
	if err != nil {
		return nil, fmt.Errorf("explore.ComputeRegression: %w", err)
	}
	zeros := make([]float64, len(residuals))
	outs, err := CallOnceN(b, func(r, y *Node) []*Node {
		var out []*Node
		for k := range RegressionLosses {
			l := regressionLoss(k, r, y, p, losses.Reduce(losses.ReductionNone))
			out = append(out, l, Gradient(ReduceAllSum(l), r)[0])
		}
		return out
	}, residuals, zeros)
	if err != nil {
		return nil, fmt.Errorf("explore.ComputeRegression: %w", err)
	}
	c := &RegressionCurves{Residuals: append([]float64(nil), residuals...)}
	for k, name := range RegressionLosses {
		l, g := tensors.MustCopyFlatData[float64](outs[2*k]), tensors.MustCopyFlatData[float64](outs[2*k+1])
		if err := finite(append(append([]float64{}, l...), g...)); err != nil {
			return nil, fmt.Errorf("explore.ComputeRegression (%s): %w", name, err)
		}
		c.Curves = append(c.Curves, LossCurve{Name: name, Loss: l, Grad: g})
	}
	return c, nil
}

// Line is a fitted line y = Intercept + Slope·x.
type Line struct {
	Name             string
	Intercept, Slope float64
}

// At returns the line's value at x.
func (l Line) At(x float64) float64 { return l.Intercept + l.Slope*x }

// OutlierFit is a straight-line fit of a small data set whose outlier points
// are moved by RegressionParams.Outlier, once per regression loss.
type OutlierFit struct {
	X, Y     []float64 // the data, outliers included (Y already offset)
	Outliers []int     // indices of the outlier points (the largest x)
	True     Line      // the line the clean data are drawn from
	Fits     []Line    // one per loss, in the order of RegressionLosses
	Steps    int       // gradient steps taken
}

// Fit data: 20 points on y = 1 + 0.5x with Gaussian noise (σ = 0.3) for x in
// [−2, 2] from pkg/data (seeded); the 2 points with the largest x are the outliers.
const (
	fitN, fitOutliers    = 20, 2
	fitBias, fitSlope    = 1.0, 0.5
	fitSteps             = 600
	fitLR                = 0.1
	fitNoise             = 0.3
	fitSeed              = 11
	fitXMin, fitXMax     = -2.0, 2.0
	adamB1, adamB2, adEp = 0.9, 0.999, 1e-8
)

// outlierData returns the fit's data before the outlier offset, sorted by x.
func outlierData() (x, y []float64, err error) {
	r, err := data.Linear(data.RegressionOptions{N: fitN, Noise: data.GaussianNoise, Scale: fitNoise,
		Weights: []float64{fitSlope}, Bias: fitBias, XMin: fitXMin, XMax: fitXMax, Seed: fitSeed})
	if err != nil {
		return nil, nil, err
	}
	idx := make([]int, fitN)
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return r.X[idx[a]][0] < r.X[idx[b]][0] })
	for _, i := range idx {
		x, y = append(x, r.X[i][0]), append(y, r.Y[i])
	}
	return x, y, nil
}

// FitOutliers fits y = a + b·x to the explorer's 20 points, with the 2 points of
// largest x moved up by p.Outlier, by minimising each regression loss (mean
// reduction) with full-batch Adam (600 steps, learning rate 0.1 decaying
// linearly to 0, from a = b = 0). The five losses and their gradients with
// respect to (a, b) come from one GoMLX graph of pkg/losses, compiled once and
// run once per step on backend b (Backend() when nil).
func FitOutliers(b compute.Backend, p RegressionParams) (*OutlierFit, error) {
	if err := checkRegressionParams("FitOutliers", p); err != nil {
		return nil, err
	}
	b, err := orDefault(b)
	if err != nil {
		return nil, fmt.Errorf("explore.FitOutliers: %w", err)
	}
	x, y, err := outlierData()
	if err != nil {
		return nil, fmt.Errorf("explore.FitOutliers: %w", err)
	}
	f := &OutlierFit{X: x, Y: y, True: Line{Name: "true line", Intercept: fitBias, Slope: fitSlope}, Steps: fitSteps}
	for i := fitN - fitOutliers; i < fitN; i++ {
		f.Outliers = append(f.Outliers, i)
		f.Y[i] += p.Outlier
	}
	k := len(RegressionLosses)
	exec, err := NewExec(b, func(theta, xs, ys *Node) *Node {
		// theta [k, 2]: row j = (a_j, b_j) for loss j.
		a := Slice(theta, AxisRange(), AxisRange(0, 1)) // [k, 1]
		s := Slice(theta, AxisRange(), AxisRange(1, 2)) // [k, 1]
		pred := Add(a, Mul(s, ExpandAxes(xs, 0)))       // [k, n]
		var total *Node
		for j := range k {
			pj := Reshape(Slice(pred, AxisRange(j, j+1), AxisRange()), fitN)
			l := regressionLoss(j, pj, ys, p)
			if total == nil {
				total = l
			} else {
				total = Add(total, l)
			}
		}
		return Gradient(total, theta)[0] // rows are independent: row j is ∂loss_j/∂(a_j, b_j)
	})
	if err != nil {
		return nil, fmt.Errorf("explore.FitOutliers: %w", err)
	}
	defer exec.Finalize()
	theta := make([]float64, 2*k)
	m, v := make([]float64, 2*k), make([]float64, 2*k)
	xt, yt := tensors.FromValue(x), tensors.FromValue(f.Y)
	for step := 1; step <= fitSteps; step++ {
		out, err := exec.Call(tensors.FromFlatDataAndDimensions(theta, k, 2), xt, yt)
		if err != nil {
			return nil, fmt.Errorf("explore.FitOutliers: %w", err)
		}
		g := tensors.MustCopyFlatData[float64](out[0])
		out[0].FinalizeAll()
		lr := fitLR * (1 - float64(step-1)/fitSteps)
		for i := range theta {
			m[i] = adamB1*m[i] + (1-adamB1)*g[i]
			v[i] = adamB2*v[i] + (1-adamB2)*g[i]*g[i]
			mh := m[i] / (1 - math.Pow(adamB1, float64(step)))
			vh := v[i] / (1 - math.Pow(adamB2, float64(step)))
			theta[i] -= lr * mh / (math.Sqrt(vh) + adEp)
		}
	}
	if err := finite(theta); err != nil {
		return nil, fmt.Errorf("explore.FitOutliers: %w", err)
	}
	for j, name := range RegressionLosses {
		f.Fits = append(f.Fits, Line{Name: name, Intercept: theta[2*j], Slope: theta[2*j+1]})
	}
	return f, nil
}

// Regression returns the regression explorer: MSE, MAE, Huber (δ), Smooth L1
// (β) and log-cosh as loss and gradient against the residual, and a line fitted
// with each to 20 points of which 2 are moved by the outlier slider.
//
// What to look for: MSE's gradient grows without bound (2r), so one far point
// pulls the MSE line; MAE, Huber, Smooth L1 and log-cosh have gradients bounded
// by 1 or δ, so their lines barely move. Huber's slope beyond δ is δ, Smooth
// L1's is 1 whatever β: with δ = β, Huber = δ·Smooth L1.
func Regression() *Explorer {
	rs := Linspace(-4, 4, 0.05)
	return &Explorer{
		Name:  "regression",
		Title: "Regression losses against the residual, and a fit with outliers",
		Params: []Param{
			{Key: "delta", Label: "Huber δ", Values: Linspace(0.1, 3, 0.1), Start: 1, Format: "%.1f",
				Help: "Huber: quadratic for |r| < δ, then linear with slope δ"},
			{Key: "beta", Label: "Smooth L1 β", Values: Linspace(0.1, 3, 0.1), Start: 2, Format: "%.1f",
				Help: "Smooth L1: quadratic (divided by β) for |r| < β, then linear with slope 1"},
			{Key: "outlier", Label: "outlier offset", Values: Linspace(-20, 20, 1), Start: 8, Format: "%+.0f",
				Help: "added to the targets of the 2 rightmost points of the fit"},
		},
		Draw: func(v Values) (Frame, error) {
			p := RegressionParams{Delta: v["delta"], Beta: v["beta"], Outlier: v["outlier"]}
			c, err := ComputeRegression(nil, p, rs)
			if err != nil {
				return Frame{}, err
			}
			f, err := FitOutliers(nil, p)
			if err != nil {
				return Frame{}, err
			}
			return drawRegression(c, f, p)
		},
	}
}

var regressionColours = []int{colVermillion, colBlue, colGreen, colPurple, colOrange}

func (p RegressionParams) label(k int) string {
	switch k {
	case 2:
		return fmt.Sprintf("Huber δ=%.1f", p.Delta)
	case 3:
		return fmt.Sprintf("Smooth L1 β=%.1f", p.Beta)
	}
	return RegressionLosses[k]
}

func drawRegression(c *RegressionCurves, f *OutlierFit, p RegressionParams) (Frame, error) {
	lossPanel := newPanel("loss ℓ(r)", "residual r = ŷ − y", "loss")
	gradPanel := newPanel("gradient ∂ℓ/∂ŷ", "residual r = ŷ − y", "∂ℓ/∂ŷ")
	for k, cv := range c.Curves {
		lossPanel.line(p.label(k), c.Residuals, cv.Loss, regressionColours[k], false)
		gradPanel.line("", c.Residuals, cv.Grad, regressionColours[k], false)
	}
	lossPanel.yMax(6)
	gradPanel.yRange(-3.2, 3.2)
	gradPanel.hline(0)
	fitPanel := newPanel(fmt.Sprintf("fits, outliers moved by %+.0f", p.Outlier), "x", "y")
	var cx, cy, ox, oy []float64
	for i := range f.X {
		if i >= len(f.X)-len(f.Outliers) {
			ox, oy = append(ox, f.X[i]), append(oy, f.Y[i])
		} else {
			cx, cy = append(cx, f.X[i]), append(cy, f.Y[i])
		}
	}
	ends := []float64{fitXMin, fitXMax}
	fitPanel.line("true line", ends, []float64{f.True.At(ends[0]), f.True.At(ends[1])}, colBlack, true)
	for k, l := range f.Fits {
		fitPanel.line("", ends, []float64{l.At(ends[0]), l.At(ends[1])}, regressionColours[k], false)
	}
	fitPanel.points("", cx, cy, colGrey, 2.2)
	fitPanel.points("outliers", ox, oy, colBlack, 3)
	lo, hi := math.Min(slicesMin(f.Y), -1), math.Max(slicesMax(f.Y), 3)
	fitPanel.yRange(lo-0.1*(hi-lo), hi+0.1*(hi-lo))
	svg, err := renderRow([]*panel{lossPanel, gradPanel, fitPanel}, 32, 9.5)
	if err != nil {
		return Frame{}, err
	}
	slopes := ""
	for k, l := range f.Fits {
		slopes += fmt.Sprintf(" %s %.2f,", p.label(k), l.Slope)
	}
	summary := []string{
		fmt.Sprintf("fitted slopes (true %.2f):%s", fitSlope, slopes[:len(slopes)-1]),
		fmt.Sprintf("gradient at r = 4: MSE %.2f (2r, unbounded), MAE %.2f, Huber %.2f (= δ), Smooth L1 %.2f (= 1), log-cosh %.3f (tanh r)",
			interp(c.Residuals, c.Curves[0].Grad, 4), interp(c.Residuals, c.Curves[1].Grad, 4), interp(c.Residuals, c.Curves[2].Grad, 4),
			interp(c.Residuals, c.Curves[3].Grad, 4), interp(c.Residuals, c.Curves[4].Grad, 4)),
	}
	if p.Delta == p.Beta {
		r := interp(c.Residuals, c.Curves[2].Loss, 2.5) / interp(c.Residuals, c.Curves[3].Loss, 2.5)
		summary = append(summary, fmt.Sprintf("δ = β: Huber/Smooth L1 at r = 2.5 is %.3f = δ (Huber_δ = δ·SmoothL1_β=δ)", r))
	} else {
		summary = append(summary, "set δ = β to see Huber_δ = δ·Smooth L1_β (same shape, scaled by δ)")
	}
	return Frame{SVG: svg, Summary: summary}, nil
}

func slicesMin(v []float64) float64 {
	m := math.Inf(1)
	for _, x := range v {
		m = math.Min(m, x)
	}
	return m
}

func slicesMax(v []float64) float64 {
	m := math.Inf(-1)
	for _, x := range v {
		m = math.Max(m, x)
	}
	return m
}
