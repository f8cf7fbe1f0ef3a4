package losses

// Shared helpers for the loss benchmarks (bench_*_test.go). Every benchmark is
// named
//
//	Benchmark<Family>/<Loss>/impl=<ours|gomlx|plain>/n=<1k|64k|1M>
//
// and one iteration is one forward + backward pass: a single execution of a
// graph that returns the (mean) loss and its gradient with respect to the
// predictions. The graph is compiled once, before the timer starts, and the
// input tensors are created once, so the timed loop measures execution only.
// impl=gomlx is GoMLX's own ml/train/loss equivalent (autodiff gradient);
// impl=plain is a hand-written Go scalar loop computing the same value and
// gradient, the floor a graph backend has to beat.
//
// The backend is the pure-Go one unless $GOMLX_BACKEND selects another (see
// pkg/backend), so the same benchmarks run on a GPU with, e.g.,
//
//	GOMLX_BACKEND=xla:/path/to/pjrt_c_api_cuda_plugin.so go test -run '^$' -bench . ./pkg/losses/
//
// Besides ns/op each graph benchmark reports cpu-ns/op, the process CPU time
// per iteration (user + system, all threads), which is far less sensitive than
// wall time to other processes competing for the same cores.

import (
	"fmt"
	"log"
	"math"
	"os"
	"sync"
	"testing"

	"github.com/gomlx/compute"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"

	"github.com/losscourse/losscourse/pkg/backend"
)

// benchSize is one problem size: n elements in the predictions tensor.
type benchSize struct {
	name string
	n    int
}

// benchSizes are the sizes every loss is measured at.
var benchSizes = []benchSize{{"1k", 1 << 10}, {"64k", 1 << 16}, {"1M", 1 << 20}}

// benchBackendOnce starts the benchmark backend once per process: the pure-Go
// backend by default, the one named by $GOMLX_BACKEND when that is set.
var benchBackendOnce = sync.OnceValues(func() (compute.Backend, error) {
	if cfg := os.Getenv(backend.EnvVar); cfg != "" {
		be, choice, err := backend.New()
		if err == nil {
			log.Printf("losses benchmarks: %s", choice)
		}
		return be, err
	}
	be := testBackends()[0]
	if be.Name != "go" {
		return nil, fmt.Errorf("first test backend is %q, want the pure-Go backend", be.Name)
	}
	log.Printf("losses benchmarks: backend %q (default; set $%s to change)", be.Name, backend.EnvVar)
	return be.Backend, nil
})

// benchBackend returns the backend all graph benchmarks run on.
func benchBackend(b *testing.B) compute.Backend {
	b.Helper()
	be, err := benchBackendOnce()
	if err != nil {
		b.Fatalf("starting the benchmark backend: %v", err)
	}
	return be
}

// benchImpl is one implementation of a loss at every size.
type benchImpl struct {
	name string // ours, gomlx or plain
	run  func(b *testing.B, n int)
}

// benchLoss runs Benchmark<Family>/<loss>/impl=<name>/n=<size> for every impl and size.
func benchLoss(b *testing.B, loss string, impls ...benchImpl) {
	b.Run(loss, func(b *testing.B) {
		for _, impl := range impls {
			b.Run("impl="+impl.name, func(b *testing.B) {
				for _, sz := range benchSizes {
					b.Run("n="+sz.name, func(b *testing.B) { impl.run(b, sz.n) })
				}
			})
		}
	})
}

// benchBackendIsGo reports whether the benchmarks run on the pure-Go backend.
func benchBackendIsGo(b *testing.B) bool {
	return benchBackend(b).String() == "go" // the Go backend's String is its registered name
}

// benchData returns n deterministic float32 values scale·sin(0.37·i + phase).
func benchData(n int, scale, phase float64) []float32 {
	v := make([]float32, n)
	for i := range v {
		v[i] = float32(scale * math.Sin(float64(i)*0.37+phase))
	}
	return v
}

// benchGraph compiles build once (outside the timer) and then times b.N
// executions with the same input tensors. build's outputs are the loss first
// (a scalar) and then the gradients; every output is freed after each
// execution, and a scalar first output is read back to the host so that an
// asynchronous (accelerator) backend has finished the work being timed.
func benchGraph(b *testing.B, build func(xs []*Node) []*Node, args ...any) {
	b.Helper()
	e, err := NewExec(benchBackend(b), build)
	if err != nil {
		b.Fatal(err)
	}
	defer e.Finalize()
	run := func() {
		outs, err := e.Exec(args...)
		if err != nil {
			b.Fatal(err)
		}
		if outs[0].Shape().IsScalar() {
			_ = outs[0].Value()
		}
		for _, o := range outs {
			_ = o.FinalizeAll()
		}
	}
	run() // JIT compilation and first-use costs stay out of the timing.
	timed(b, run)
}

// benchPlain times f, a plain-Go implementation; sink keeps its result alive.
func benchPlain(b *testing.B, f func() float32) {
	b.Helper()
	var sink float32
	timed(b, func() { sink += f() })
	if math.IsNaN(float64(sink)) {
		b.Logf("plain implementation returned NaN")
	}
}

// timed runs one iteration b.N times under the benchmark timer and reports the
// process CPU time per iteration as cpu-ns/op.
func timed(b *testing.B, iter func()) {
	b.ResetTimer()
	cpu0 := processCPUTime()
	for range b.N {
		iter()
	}
	b.StopTimer()
	if cpu0 >= 0 {
		b.ReportMetric(float64(processCPUTime()-cpu0)/float64(b.N), "cpu-ns/op")
	}
}

// benchTensor returns a float32 tensor of the given dimensions holding v.
func benchTensor(v []float32, dims ...int) *tensors.Tensor {
	return tensors.FromFlatDataAndDimensions(v, dims...)
}

// valueAndGrad is the usual build function: loss(xs[0], xs[1]) and its gradient
// with respect to xs[0].
func valueAndGrad(loss func(pred, target *Node) *Node) func(xs []*Node) []*Node {
	return func(xs []*Node) []*Node {
		l := loss(xs[0], xs[1])
		return []*Node{l, Gradient(l, xs[0])[0]}
	}
}
