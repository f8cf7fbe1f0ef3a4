package experiments

import (
	"fmt"
	"math"
	"runtime"
	"sort"
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

// RingStudy holds every run of the ring experiment: Runs[name][i] is the
// configuration called name (GANConfig.Name) on Seeds[i]; Names lists the
// configurations in the order they were given.
type RingStudy struct {
	Seeds []uint64
	Names []string
	Runs  map[string][]*GANRun
}

// RunRingStudy trains every configuration of configs on every seed (cfg.Seed is
// replaced) and returns the runs. Configurations are told apart by their Name
// (default: the loss's name), which must be unique. Up to parallel runs train at
// once (each in its own store; 0 means runtime.NumCPU()): the pure-Go backend runs
// the small matrix products of these networks on one core, so two runs on two
// cores take about the time of one. The results do not depend on parallel.
func RunRingStudy(b compute.Backend, target *data.Target2D, configs []GANConfig, seeds []uint64, parallel int) (*RingStudy, error) {
	if parallel <= 0 {
		parallel = runtime.NumCPU()
	}
	st := &RingStudy{Seeds: append([]uint64(nil), seeds...), Runs: map[string][]*GANRun{}}
	type job struct {
		cfg  GANConfig
		name string
		slot int
	}
	var jobs []job
	for _, c := range configs {
		name := c.Name
		if name == "" {
			name = c.Loss.String()
		}
		if _, dup := st.Runs[name]; dup {
			return nil, fmt.Errorf("experiments.RunRingStudy: configuration %q given twice (set GANConfig.Name to tell them apart)", name)
		}
		st.Names = append(st.Names, name)
		st.Runs[name] = make([]*GANRun, len(seeds))
		for i, s := range seeds {
			c.Seed = s
			jobs = append(jobs, job{c, name, i})
		}
	}
	// The slowest runs first, so that the last ones to finish are short.
	cost := func(c GANConfig) float64 {
		d, _ := c.withDefaults()
		w := float64(d.Steps) * float64(d.Batch) * float64(1+d.NCritic)
		if d.Loss == WGANGP {
			w *= 3
		}
		return w
	}
	sort.SliceStable(jobs, func(i, j int) bool { return cost(jobs[i].cfg) > cost(jobs[j].cfg) })
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
				st.Runs[j.name][j.slot] = run
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

// Values returns f of every seed's run of configuration name.
func (st *RingStudy) Values(name string, f func(*GANRun) float64) []float64 {
	var out []float64
	for _, r := range st.Runs[name] {
		out = append(out, f(r))
	}
	return out
}

// Modes returns the per-seed number of modes covered at the end of training.
func (st *RingStudy) Modes(name string) []float64 {
	return st.Values(name, func(r *GANRun) float64 { return float64(r.Final().Covered) })
}

// HighQuality returns the per-seed high-quality fraction at the end of training.
func (st *RingStudy) HighQuality(name string) []float64 {
	return st.Values(name, func(r *GANRun) float64 { return r.Final().HighQuality })
}

// FinalSWD returns the per-seed sliced Wasserstein distance to the target at the end of training.
func (st *RingStudy) FinalSWD(name string) []float64 {
	return st.Values(name, func(r *GANRun) float64 { return r.SWD[len(r.SWD)-1] })
}

// GradNorms returns the per-seed mean ‖∇ₓ f(x̂)‖ of the final critics.
func (st *RingStudy) GradNorms(name string) []float64 {
	return st.Values(name, func(r *GANRun) float64 { return r.GradNorm })
}

// Seconds returns the per-seed wall time of each run in seconds.
func (st *RingStudy) Seconds(name string) []float64 {
	return st.Values(name, func(r *GANRun) float64 { return r.Elapsed.Seconds() })
}

// Table returns one line per configuration: generator steps, modes, high-quality
// fraction, final sliced W₁, critic gradient norm and wall time per run as
// mean ± sd over seeds, and the modes of each seed.
func (st *RingStudy) Table() string {
	s := fmt.Sprintf("%-34s %6s %-13s %-15s %-15s %-15s %-9s %s\n", "configuration", "steps", "modes of 8", "high quality", "sliced W₁", "‖∇ₓ f(x̂)‖", "s/run", "modes per seed")
	for _, name := range st.Names {
		per := ""
		for _, m := range st.Modes(name) {
			per += fmt.Sprintf("%.0f ", m)
		}
		ms, hq, sw, gn := course.Summarize(st.Modes(name)), course.Summarize(st.HighQuality(name)), course.Summarize(st.FinalSWD(name)), course.Summarize(st.GradNorms(name))
		s += fmt.Sprintf("%-34s %6d %3.1f ± %-7.1f %5.3f ± %-7.3f %5.3f ± %-7.3f %6.3f ± %-6.3f %-9.0f %s\n", name, st.Runs[name][0].Config.Steps,
			ms.Mean, ms.SD, hq.Mean, hq.SD, sw.Mean, sw.SD, gn.Mean, gn.SD, course.Mean(st.Seconds(name)), per)
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
