package experiments

import (
	"fmt"
	"math"
	"slices"

	"github.com/gomlx/compute"
	"github.com/gomlx/compute/dtypes"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/layers"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/train/optimizer"
	"github.com/gomlx/gomlx/ml/train/optimizer/cosineschedule"

	"github.com/losscourse/losscourse/pkg/course"
	"github.com/losscourse/losscourse/pkg/data"
	"github.com/losscourse/losscourse/pkg/losses"
)

// Line is a 1-D regression data set with the indices of its inliers and outliers.
type Line struct {
	X, Y              []float64
	Inliers, Outliers []int
}

// LineWithOutliers returns notebook 03's data: n points y = 2x + 1 + ε,
// ε ~ N(0, 0.5²) (data.Linear with seed), where the 10 % of points with the largest
// x get y −= 12 — gross one-sided errors at high leverage.
func LineWithOutliers(n int, seed uint64) (*Line, error) {
	reg, err := data.Linear(data.RegressionOptions{N: n, Noise: data.GaussianNoise, Scale: 0.5, Weights: []float64{2}, Bias: 1, Seed: seed})
	if err != nil {
		return nil, err
	}
	x, y := course.Column(reg.X, 0), slices.Clone(reg.Y)
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case x[a] > x[b]:
			return -1
		case x[a] < x[b]:
			return 1
		}
		return 0
	})
	for _, i := range idx[:n/10] {
		y[i] -= 12
	}
	return &Line{X: x, Y: y, Inliers: idx[n/10:], Outliers: idx[:n/10]}, nil
}

// FitLine fits ŷ = w·x + c with full-batch Adam on loss(predictions, targets):
// learning rate 0.05 decayed with GoMLX's cosine schedule to 1e-4 over steps
// (so the fit settles instead of oscillating around the optimum), through
// course.Fit. It returns (w, c), read back by evaluating the model at x = 0 and 1.
func FitLine(b compute.Backend, loss func(pred, y *Node) *Node, x, y []float64, steps int) (w, c float64, err error) {
	modelFn := func(scope *model.Scope, _ any, in []*Node) []*Node {
		cosineschedule.New(scope, in[0].Graph(), dtypes.Float32).PeriodSteps(steps).MinLearningRate(1e-4).Done()
		return []*Node{layers.DenseWithBias(scope.In("line"), in[0], 1)}
	}
	ds, err := data.NewDataset([]data.Column{course.FloatColumn(course.Matrix(x, 1))}, []data.Column{course.FloatColumn(course.Matrix(y, 1))},
		data.DatasetOptions{Name: "line", BatchSize: len(x), Infinite: true})
	if err != nil {
		return 0, 0, err
	}
	store := model.NewStore()
	store.SetParam(model.ParamInitialSeed, int64(1))
	store.SetParam(optimizer.ParamLearningRate, 0.05) // read by Adam and by the cosine schedule
	lossFn := func(labels, preds []*Node) *Node { return loss(preds[0], labels[0]) }
	if _, err := course.Fit(b, modelFn, lossFn, ds, course.FitOptions{Steps: steps, Store: store, Optimizer: optimizer.Adam().Done(), Quiet: true}); err != nil {
		return 0, 0, err
	}
	out, err := course.Apply(b, store, modelFn, [][]float64{{0}, {1}})
	if err != nil {
		return 0, 0, err
	}
	return out[1][0] - out[0][0], out[0][0], nil
}

// RobustLineStudy holds the fitted slopes of notebook 03's line with outliers
// over seeds: Slopes[name][i] is the slope fitted with loss name on Seeds[i]
// (names MSE, MAE, "Huber δ=1" and "Huber δ=<d>" for the sweep).
type RobustLineStudy struct {
	Seeds      []uint64
	Deltas     []float64
	Slopes     map[string][]float64
	Intercepts map[string][]float64 // the fitted intercepts, like Slopes
	// First is the data of the first seed, for pictures.
	First *Line
}

// RunRobustLineStudy fits the line of LineWithOutliers(n, seed) on every seed
// with MSE, MAE and Huber for every δ of deltas (FitLine with steps steps).
func RunRobustLineStudy(b compute.Backend, n, steps int, deltas []float64, seeds []uint64) (*RobustLineStudy, error) {
	st := &RobustLineStudy{Seeds: append([]uint64(nil), seeds...), Deltas: append([]float64(nil), deltas...), Slopes: map[string][]float64{}, Intercepts: map[string][]float64{}}
	for _, seed := range seeds {
		line, err := LineWithOutliers(n, seed)
		if err != nil {
			return nil, err
		}
		if st.First == nil {
			st.First = line
		}
		fits := map[string]func(p, t *Node) *Node{
			"MSE": func(p, t *Node) *Node { return losses.MeanSquaredError(p, t) },
			"MAE": func(p, t *Node) *Node { return losses.MeanAbsoluteError(p, t) },
		}
		for _, d := range deltas {
			fits[HuberName(d)] = func(p, t *Node) *Node { return losses.Huber(p, t, losses.Delta(d)) }
		}
		for name, loss := range fits {
			w, c, err := FitLine(b, loss, line.X, line.Y, steps)
			if err != nil {
				return nil, fmt.Errorf("experiments.RunRobustLineStudy(%s, seed %d): %w", name, seed, err)
			}
			st.Slopes[name] = append(st.Slopes[name], w)
			st.Intercepts[name] = append(st.Intercepts[name], c)
		}
	}
	return st, nil
}

// HuberName is the name of Huber with threshold d in a RobustLineStudy.
func HuberName(d float64) string { return fmt.Sprintf("Huber δ=%g", d) }

// SlopeError returns |w − 2| per seed for loss name.
func (st *RobustLineStudy) SlopeError(name string) []float64 {
	return course.Map(st.Slopes[name], func(w float64) float64 { return math.Abs(w - 2) })
}

// Claims evaluates notebook 03's robust-regression claims (the study must include δ = 1):
//
//   - mae_slope_closer_than_mse, huber_slope_closer_than_mse: |w − 2| of MSE minus
//     that of MAE (Huber δ = 1), paired over seeds, exceeds its spread. Catches: a
//     loss whose gradient grows with the residual (e.g. MAE or Huber implemented as
//     squared error).
//   - huber_delta_sweep_interpolates: on every seed the smallest δ's slope is
//     within 0.1 of MAE's and the largest δ's within 0.02 of MSE's. Catches: a
//     Huber that does not switch between its quadratic and linear parts at δ.
func (st *RobustLineStudy) Claims() []Verdict {
	mse := st.SlopeError("MSE")
	m1 := ComparePaired(mse, st.SlopeError("MAE"))
	m2 := ComparePaired(mse, st.SlopeError(HuberName(1)))
	small, big := st.Slopes[HuberName(st.Deltas[0])], st.Slopes[HuberName(st.Deltas[len(st.Deltas)-1])]
	ok := true
	worstSmall, worstBig := 0.0, 0.0
	for i := range st.Seeds {
		ds, db := math.Abs(small[i]-st.Slopes["MAE"][i]), math.Abs(big[i]-st.Slopes["MSE"][i])
		worstSmall, worstBig = math.Max(worstSmall, ds), math.Max(worstBig, db)
		ok = ok && ds < 0.1 && db < 0.02
	}
	return []Verdict{
		{"mae_slope_closer_than_mse", m1.Holds, fmt.Sprintf("|w_MSE − 2| − |w_MAE − 2|: %s (paired over %d seeds)", m1, len(st.Seeds))},
		{"huber_slope_closer_than_mse", m2.Holds, fmt.Sprintf("|w_MSE − 2| − |w_Huber − 2|: %s (paired)", m2)},
		{"huber_delta_sweep_interpolates", ok, fmt.Sprintf("on every seed |slope(δ = %g) − slope(MAE)| ≤ %.3f < 0.1 and |slope(δ = %g) − slope(MSE)| ≤ %.3f < 0.02",
			st.Deltas[0], worstSmall, st.Deltas[len(st.Deltas)-1], worstBig)},
	}
}
