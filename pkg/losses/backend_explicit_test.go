package losses

import (
	"testing"
	"time"

	. "github.com/gomlx/gomlx/core/graph"
	"github.com/losscourse/losscourse/pkg/backend"
)

// TestEveryLossUnderExplicitGoBackend runs every loss of the registry (value and
// gradient), plus NTXentChunked on 8×8 tiles of 256×256 (the graph that hung
// GoMLX's parallel executor), on the backend an explicit $GOMLX_BACKEND=go gives,
// each under a watchdog: no loss may hang. pkg/backend routes the explicit "go"
// to the sequential executor; the parallel one deadlocks on the tiled graph
// (docs/upstream-gomlx-parallel-executor-deadlock.md).
func TestEveryLossUnderExplicitGoBackend(t *testing.T) {
	t.Setenv(backend.EnvVar, "go")
	be, choice, err := backend.New()
	if err != nil {
		t.Fatalf("backend.New() with %s=go: %v", backend.EnvVar, err)
	}
	t.Logf("%s=go gives %s", backend.EnvVar, choice)
	const watchdog = 90 * time.Second
	type job struct {
		c lossCase
		b int
	}
	var jobs []job
	for _, c := range everyLoss() {
		jobs = append(jobs, job{c, 3})
	}
	big := lossCase{
		name: "NTXentChunked(N=1024, D=64, chunk=256)",
		inputs: func(b int) []caseInput {
			return []caseInput{f("zI", wave(64*b, 1, 0, 0.1), b, 64), f("zJ", wave(64*b, 1, 0.5, 0.1), b, 64)}
		},
		build: func(xs []*Node, opts ...Option) *Node { return NTXentChunked(xs[0], xs[1], 256, opts...) },
	}
	jobs = append(jobs, job{big, 1024})
	hung := false
	for _, j := range jobs {
		done := make(chan error, 1)
		go func() {
			_, err := runLossCase(t, be, j.c, j.c.inputs(j.b), true, nil)
			done <- err
		}()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("%s under %s=go (%s): %v", j.c.name, backend.EnvVar, choice.Config, err)
			}
		case <-time.After(watchdog):
			t.Errorf("%s under %s=go (%s): no result after %s: the executor hangs", j.c.name, backend.EnvVar, choice.Config, watchdog)
			hung = true
		}
		if hung {
			break // the backend's worker pool is stuck: later cases would hang too
		}
	}
	if !hung {
		be.Finalize()
	}
	if choice.Config != backend.GoConfig {
		t.Errorf("%s=go gives backend %q, want %q", backend.EnvVar, choice.Config, backend.GoConfig)
	}
}
