package experiments

import (
	"os"
	"strings"
	"testing"

	"github.com/losscourse/losscourse/pkg/course"
	"github.com/losscourse/losscourse/pkg/data"
)

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
	if out := os.Getenv("LOSSCOURSE_FIGURE_OUT"); out != "" { // render a log–log figure to look at
		f := course.NewFigure("log–log", "x", "y")
		LogLog(f)
		xs := []float64{1e-8, 1e-6, 1e-4, 1e-2, 0.3}
		f.LinePoints("y = 10x", xs, course.Map(xs, func(x float64) float64 { return 10 * x }))
		b, err := f.PNG()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(out, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestSnapshotFiguresEachSnapshotOnce(t *testing.T) {
	target, err := RingTarget()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ snaps, want int }{{7, 4}, {3, 3}, {2, 2}, {1, 1}} {
		run := &GANRun{Config: DefaultGANConfig(WGANUnconstrained)}
		for i := 0; i < tc.snaps; i++ {
			run.SnapSteps = append(run.SnapSteps, 50*i)
			run.Snaps = append(run.Snaps, [][]float64{{0, 0}, {1, 1}})
			run.Cov = append(run.Cov, data.Coverage{})
		}
		if got := len(SnapshotFigures(run, target, nil)); got != tc.want {
			t.Errorf("%d snapshots: %d figures, want %d (each snapshot once)", tc.snaps, got, tc.want)
		}
	}
}
