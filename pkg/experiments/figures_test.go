package experiments

import (
	"os"
	"testing"

	"github.com/losscourse/losscourse/pkg/course"
	"github.com/losscourse/losscourse/pkg/data"
)

// TestLogLog: LogLog puts both axes on a log scale with course.PowerTicks.
func TestLogLog(t *testing.T) {
	f := course.NewFigure("log–log", "x", "y")
	LogLog(f)
	if _, ok := f.X.Tick.Marker.(course.PowerTicks); !ok {
		t.Errorf("x ticks %T, want course.PowerTicks", f.X.Tick.Marker)
	}
	if _, ok := f.Y.Tick.Marker.(course.PowerTicks); !ok {
		t.Errorf("y ticks %T, want course.PowerTicks", f.Y.Tick.Marker)
	}
	if out := os.Getenv("LOSSCOURSE_FIGURE_OUT"); out != "" { // render a log–log figure to look at
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
