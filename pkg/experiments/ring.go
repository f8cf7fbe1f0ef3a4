package experiments

import (
	"fmt"
	"math"
	"runtime"
	"sync"

	"github.com/gomlx/compute"

	"github.com/losscourse/losscourse/pkg/course"
	"github.com/losscourse/losscourse/pkg/data"
)

// RingTarget returns the target of the GAN experiments: data.Ring8 (8 Gaussians on
// the circle of radius 2) with σ = 0.05, 20 000 points, so that Score's
// "high quality" radius is 3σ = 0.15.
func RingTarget() (*data.Target2D, error) {
	return data.Ring8(data.TargetOptions{N: 20000, Std: 0.05, Seed: 1})
}

// RingStudy holds every run of the ring experiment: Runs[l][i] is loss l on Seeds[i].
type RingStudy struct {
	Seeds []uint64
	Runs  map[GANLoss][]*GANRun
}

// RunRingStudy trains every configuration of configs on every seed (cfg.Seed is
// replaced) and returns the runs. Up to parallel runs train at once (each in its
// own store; 0 means runtime.NumCPU()): the pure-Go backend runs the small
// matrix products of these networks on one core, so two runs on two cores take
// about the time of one. The results do not depend on parallel.
func RunRingStudy(b compute.Backend, target *data.Target2D, configs []GANConfig, seeds []uint64, parallel int) (*RingStudy, error) {
	if parallel <= 0 {
		parallel = runtime.NumCPU()
	}
	st := &RingStudy{Seeds: append([]uint64(nil), seeds...), Runs: map[GANLoss][]*GANRun{}}
	type job struct {
		cfg  GANConfig
		slot int
	}
	var jobs []job
	for _, c := range configs {
		if _, dup := st.Runs[c.Loss]; dup {
			return nil, fmt.Errorf("experiments.RunRingStudy: loss %s configured twice", c.Loss)
		}
		st.Runs[c.Loss] = make([]*GANRun, len(seeds))
		for i, s := range seeds {
			c.Seed = s
			jobs = append(jobs, job{c, i})
		}
	}
	// The slowest runs first, so that the last ones to finish are short.
	cost := func(c GANConfig) float64 {
		w := float64(c.Steps) * float64(c.Batch) * float64(1+c.NCritic)
		if c.Loss == WGANGP {
			w *= 3
		}
		return w
	}
	for i := 1; i < len(jobs); i++ {
		for j := i; j > 0 && cost(jobs[j].cfg) > cost(jobs[j-1].cfg); j-- {
			jobs[j], jobs[j-1] = jobs[j-1], jobs[j]
		}
	}
	var (
		mu       sync.Mutex
		firstErr error
		wg       sync.WaitGroup
	)
	next := make(chan job)
	for w := 0; w < parallel; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				run, err := TrainGAN(b, target, j.cfg)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				st.Runs[j.cfg.Loss][j.slot] = run
				mu.Unlock()
			}
		}()
	}
	for _, j := range jobs {
		next <- j
	}
	close(next)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	return st, nil
}

// Final returns, for loss l, the per-seed values of f applied to the last snapshot's coverage.
func (st *RingStudy) Final(l GANLoss, f func(data.Coverage) float64) []float64 {
	var out []float64
	for _, r := range st.Runs[l] {
		out = append(out, f(r.Final()))
	}
	return out
}

// Modes returns the per-seed number of modes covered at the end of training.
func (st *RingStudy) Modes(l GANLoss) []float64 {
	return st.Final(l, func(c data.Coverage) float64 { return float64(c.Covered) })
}

// HighQuality returns the per-seed high-quality fraction at the end of training.
func (st *RingStudy) HighQuality(l GANLoss) []float64 {
	return st.Final(l, func(c data.Coverage) float64 { return c.HighQuality })
}

// FinalSWD returns the per-seed sliced Wasserstein distance to the target at the end of training.
func (st *RingStudy) FinalSWD(l GANLoss) []float64 {
	var out []float64
	for _, r := range st.Runs[l] {
		out = append(out, r.SWD[len(r.SWD)-1])
	}
	return out
}

// GradNorms returns the per-seed mean ‖∇ₓ f(x̂)‖ of the final critics.
func (st *RingStudy) GradNorms(l GANLoss) []float64 {
	var out []float64
	for _, r := range st.Runs[l] {
		out = append(out, r.GradNorm)
	}
	return out
}

// Seconds returns the per-seed wall time of each run in seconds.
func (st *RingStudy) Seconds(l GANLoss) []float64 {
	var out []float64
	for _, r := range st.Runs[l] {
		out = append(out, r.Elapsed.Seconds())
	}
	return out
}

// Table returns one line per loss: modes, high-quality fraction, final SWD and
// critic gradient norm as mean ± sd over seeds, and the per-seed modes.
func (st *RingStudy) Table() string {
	s := fmt.Sprintf("%-20s %-15s %-15s %-15s %-17s %s\n", "objective", "modes of 8", "high quality", "sliced W₁", "‖∇ₓ f(x̂)‖", "modes per seed")
	for _, l := range GANLosses() {
		if _, ok := st.Runs[l]; !ok {
			continue
		}
		per := ""
		for _, m := range st.Modes(l) {
			per += fmt.Sprintf("%.0f ", m)
		}
		ms, hq, sw, gn := course.Summarize(st.Modes(l)), course.Summarize(st.HighQuality(l)), course.Summarize(st.FinalSWD(l)), course.Summarize(st.GradNorms(l))
		s += fmt.Sprintf("%-20s %4.1f ± %-8.1f %5.3f ± %-7.3f %5.3f ± %-7.3f %6.3f ± %-8.3f %s\n", l, ms.Mean, ms.SD, hq.Mean, hq.SD, sw.Mean, sw.SD, gn.Mean, gn.SD, per)
	}
	return s
}

// minOf returns the smallest value (NaN for none).
func minOf(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	m := v[0]
	for _, x := range v[1:] {
		m = math.Min(m, x)
	}
	return m
}

// maxOf returns the largest value (NaN for none).
func maxOf(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	m := v[0]
	for _, x := range v[1:] {
		m = math.Max(m, x)
	}
	return m
}
