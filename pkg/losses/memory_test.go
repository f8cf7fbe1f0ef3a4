package losses

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/losscourse/losscourse/pkg/backend"
)

// Peak-memory measurement of NTXentChunked in a child process (the test binary
// re-executed with $LOSSCOURSE_RSS_CHILD set), on the pure-Go backend as
// pkg/backend starts it. The child builds the inputs, resets the kernel's peak
// RSS counter (/proc/self/clear_refs, "5"), runs one forward + backward pass of
// the mean loss and reports the peak RSS (VmHWM) above the RSS it started the
// pass with. Linux only.

const rssChildEnv = "LOSSCOURSE_RSS_CHILD"

// rssResult is what the child reports (as JSON on a line starting with "RSS ").
type rssResult struct {
	N, D, Chunk     int
	BaselineMiB     float64 // VmRSS before the first pass (inputs allocated)
	PeakMiB         float64 // VmHWM after the first pass
	AboveMiB        float64 // PeakMiB − BaselineMiB: first pass, graph building and compilation included
	Seconds         float64 // wall time of the first pass (compilation included)
	Above2MiB       float64 // the same for a second pass (VmHWM reset after the first)
	Seconds2        float64
	Loss            float64
	GradFinite      bool
	Unchunked       bool // NTXent instead of NTXentChunked (for comparison)
	BackendConfig   string
	GOGC, GOMAXPROC string
}

func procStatusKiB(field string) (float64, error) {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, err
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			v, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return v, err
		}
	}
	return 0, fmt.Errorf("%s not in /proc/self/status", field)
}

// TestNTXentChunkedRSSChild is the child side; it does nothing unless
// $LOSSCOURSE_RSS_CHILD is "N,D,chunk,passes" (chunk 0: unchunked NTXent;
// passes 1 or 2: the second pass reports the steady state).
func TestNTXentChunkedRSSChild(t *testing.T) {
	spec := os.Getenv(rssChildEnv)
	if spec == "" {
		t.Skip("child process of TestNTXentChunkedPeakMemory")
	}
	var n, d, chunk, passes int
	if _, err := fmt.Sscanf(spec, "%d,%d,%d,%d", &n, &d, &chunk, &passes); err != nil {
		t.Fatalf("bad %s=%q: %v", rssChildEnv, spec, err)
	}
	be, choice, err := backend.New()
	if err != nil {
		t.Fatal(err)
	}
	zI := tensors.FromShape(shapes.Make(dtypes.Float32, n, d))
	zJ := tensors.FromShape(shapes.Make(dtypes.Float32, n, d))
	tensors.MustMutableFlatData(zI, func(v []float32) {
		for i := range v {
			v[i] = float32((i*7919)%1000)/500 - 1
		}
	})
	tensors.MustMutableFlatData(zJ, func(v []float32) {
		for i := range v {
			v[i] = float32((i*104729+17)%1000)/500 - 1
		}
	})
	e := MustNewExec(be, func(a, b *Node) []*Node {
		var l *Node
		if chunk == 0 {
			l = NTXent(a, b)
		} else {
			l = NTXentChunked(a, b, chunk)
		}
		return []*Node{l, Gradient(l, a)[0]}
	})
	runtime.GC()
	base, err := procStatusKiB("VmRSS")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		// Without the reset VmHWM is the peak since the process started, which
		// before the pass was about the baseline: the measure is only less tight.
		t.Logf("resetting the peak RSS counter: %v (measuring the peak since start)", err)
	}
	start := time.Now()
	outs := e.MustExec(zI, zJ)
	secs := time.Since(start).Seconds()
	peak, err := procStatusKiB("VmHWM")
	if err != nil {
		t.Fatal(err)
	}
	res := rssResult{N: n, D: d, Chunk: chunk, BaselineMiB: base / 1024, PeakMiB: peak / 1024, AboveMiB: (peak - base) / 1024,
		Seconds: secs, Loss: float64(tensors.ToScalar[float32](outs[0])), GradFinite: true, Unchunked: chunk == 0,
		BackendConfig: choice.Config, GOGC: os.Getenv("GOGC"), GOMAXPROC: strconv.Itoa(runtime.GOMAXPROCS(0))}
	if passes < 2 {
		js, _ := json.Marshal(res)
		fmt.Printf("RSS %s\n", js)
		return
	}
	// Second pass: the steady state of a training loop (compiled graph, warm buffer pools).
	runtime.GC()
	base2, err := procStatusKiB("VmRSS")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		t.Fatal(err)
	}
	start = time.Now()
	e.MustExec(zI, zJ)
	res.Seconds2 = time.Since(start).Seconds()
	peak2, err := procStatusKiB("VmHWM")
	if err != nil {
		t.Fatal(err)
	}
	res.Above2MiB = (peak2 - base2) / 1024
	for _, g := range tensors.MustCopyFlatData[float32](outs[1]) {
		if g != g || g > 1e30 || g < -1e30 {
			res.GradFinite = false
			break
		}
	}
	js, _ := json.Marshal(res)
	fmt.Printf("RSS %s\n", js)
}

// measureNTXentRSS runs the child for (n, d, chunk, passes) and returns its report.
func measureNTXentRSS(t *testing.T, n, d, chunk, passes int, timeout time.Duration) rssResult {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("peak RSS is read from /proc (Linux only)")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestNTXentChunkedRSSChild$", "-test.v", "-test.count=1", "-test.timeout="+timeout.String())
	cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%d,%d,%d,%d", rssChildEnv, n, d, chunk, passes), backend.EnvVar+"=")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child process (N=%d, D=%d, chunk=%d): %v\n%s", n, d, chunk, err, out)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if js, ok := strings.CutPrefix(line, "RSS "); ok {
			var r rssResult
			if err := json.Unmarshal([]byte(js), &r); err != nil {
				t.Fatal(err)
			}
			return r
		}
	}
	t.Fatalf("child process printed no RSS line:\n%s", out)
	return rssResult{}
}

// TestNTXentChunkedPeakMemory: one forward + backward pass of NTXentChunked at
// N = 4096, D = 64, chunk = 512 stays within 128 MiB above the child's baseline,
// graph building and compilation included (the 8192² similarity matrix is 256
// MiB, and so is one set of its 256 tiles of 1 MiB, which the unchained graph
// computed long before consuming them). The configuration (N = 16384,
// D = 64, chunk = 2048, bound 512 MiB) takes many minutes on 2 shared cores: it
// runs with LOSSCOURSE_NTXENT_RSS_FULL=1 (figures in BENCHMARKS.md).
func TestNTXentChunkedPeakMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("child process: skipped with -short")
	}
	type cfg struct {
		n, d, chunk, passes int
		boundMiB            float64
		timeout             time.Duration
	}
	cfgs := []cfg{{4096, 64, 512, 1, 128, 10 * time.Minute}}
	if os.Getenv("LOSSCOURSE_NTXENT_RSS_FULL") == "1" {
		cfgs = append(cfgs, cfg{16384, 64, 2048, 2, 512, 90 * time.Minute})
	}
	for _, c := range cfgs {
		r := measureNTXentRSS(t, c.n, c.d, c.chunk, c.passes, c.timeout)
		t.Logf("NTXentChunked N=%d D=%d chunk=%d on %s (GOMAXPROCS %s): baseline %.0f MiB, first pass (with compilation) peak %.0f MiB = +%.0f MiB in %.1f s; second pass (if run) +%.0f MiB in %.1f s; loss %.6g",
			r.N, r.D, r.Chunk, r.BackendConfig, r.GOMAXPROC, r.BaselineMiB, r.PeakMiB, r.AboveMiB, r.Seconds, r.Above2MiB, r.Seconds2, r.Loss)
		if !r.GradFinite || r.Loss != r.Loss {
			t.Errorf("NTXentChunked N=%d D=%d chunk=%d: loss %g, finite gradient %v", c.n, c.d, c.chunk, r.Loss, r.GradFinite)
		}
		if r.AboveMiB > c.boundMiB {
			t.Errorf("NTXentChunked N=%d D=%d chunk=%d: peak RSS %.0f MiB above the baseline, want ≤ %.0f MiB", c.n, c.d, c.chunk, r.AboveMiB, c.boundMiB)
		}
	}
}
