package experiments

import (
	"testing"
)

// TestCalibrationStudy runs a short study and checks its claims hold — and that
// smoothing_lowers_ece fails when "smoothing" is ε = 0 again (smoothing ignored).
func TestCalibrationStudy(t *testing.T) {
	b := backendForTest()
	cfg := CalibrationConfig{Steps: 1500}
	st, err := RunCalibrationStudy(b, cfg, []float64{0, 0.2}, []uint64{1, 2, 3})
	if err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + st.Table())
	for _, v := range st.Claims() {
		if !v.OK {
			t.Errorf("claim %s fails: %s", v.Name, v.Text)
		}
	}
	same, err := RunCalibrationStudy(b, cfg, []float64{0, 0}, []uint64{1, 2, 3})
	if err != nil {
		t.Fatal(err)
	}
	if v := verdicts(same.Claims())["smoothing_lowers_ece"]; v.OK {
		t.Errorf("smoothing_lowers_ece holds without smoothing: %s", v.Text)
	}
}

// TestRobustLineStudy checks the robust-regression claims on two seeds, and that
// they fail when "MAE" and "Huber" are squared errors.
func TestRobustLineStudy(t *testing.T) {
	b := backendForTest()
	st, err := RunRobustLineStudy(b, 100, 600, []float64{0.05, 1, 100}, []uint64{1, 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range st.Claims() {
		if !v.OK {
			t.Errorf("claim %s fails: %s", v.Name, v.Text)
		}
	}
	if l, err := LineWithOutliers(100, 1); err != nil || len(l.Inliers) != 90 || len(l.Outliers) != 10 || len(l.X) != 100 {
		t.Errorf("LineWithOutliers: %+v, %v; want 90 inliers and 10 outliers of 100 points", l, err)
	}
	// Break it: "MAE" and every "Huber" fitted as squared error.
	broken := &RobustLineStudy{Seeds: st.Seeds, Deltas: st.Deltas, Slopes: map[string][]float64{"MSE": st.Slopes["MSE"], "MAE": st.Slopes["MSE"]}}
	for _, d := range st.Deltas {
		broken.Slopes[HuberName(d)] = st.Slopes["MSE"]
	}
	got := verdicts(broken.Claims())
	for _, name := range []string{"mae_slope_closer_than_mse", "huber_slope_closer_than_mse"} {
		if got[name].OK {
			t.Errorf("claim %s holds when the loss is squared error: %s", name, got[name].Text)
		}
	}
	// A Huber that never switches to its linear part (squared error for every δ), MAE intact.
	broken.Slopes["MAE"] = st.Slopes["MAE"]
	if v := verdicts(broken.Claims())["huber_delta_sweep_interpolates"]; v.OK {
		t.Errorf("huber_delta_sweep_interpolates holds when Huber is squared error for every δ: %s", v.Text)
	}
}
