package gantheory

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/losscourse/losscourse/exercises/internal/check"
)

// randomDist returns a random distribution over n points, with some zeros.
func randomDist(r *rand.Rand, n int) []float64 {
	p, s := make([]float64, n), 0.0
	for i := range p {
		if r.Float64() < 0.8 {
			p[i] = r.Float64()
			s += p[i]
		}
	}
	if s == 0 {
		p[0], s = 1, 1
	}
	for i := range p {
		p[i] /= s
	}
	return p
}

// Task 1
func TestTask1OptimalDiscriminator(t *testing.T) {
	pd, pg := []float64{0.5, 0.3, 0.2, 0}, []float64{0.1, 0.3, 0, 0.6}
	call := fmt.Sprintf("OptimalDiscriminator(pData=%v, pG=%v)", pd, pg)
	got := check.Call(t, 1, call, func() []float64 { return OptimalDiscriminator(pd, pg) })
	check.Floats(t, 1, call, got, []float64{5.0 / 6, 0.5, 1, 0}, 1e-12)
	pd, pg = []float64{0.7, 0, 0.3}, []float64{0.2, 0, 0.8}
	call = fmt.Sprintf("OptimalDiscriminator(pData=%v, pG=%v)", pd, pg)
	got = check.Call(t, 1, call, func() []float64 { return OptimalDiscriminator(pd, pg) })
	check.Floats(t, 1, call+" (no mass at point 1: 0.5 there)", got, []float64{7.0 / 9, 0.5, 0.3 / 1.1}, 1e-12)
}

// Task 2
func TestTask2JSD(t *testing.T) {
	for _, tt := range []struct {
		p, q []float64
		want float64
	}{
		{[]float64{0.2, 0.8}, []float64{0.2, 0.8}, 0},
		{[]float64{1, 0, 0}, []float64{0, 0.5, 0.5}, math.Ln2},
		{[]float64{0.5, 0.5}, []float64{0.9, 0.1}, 0.5*(0.5*math.Log(0.5/0.7)+0.5*math.Log(0.5/0.3)) + 0.5*(0.9*math.Log(0.9/0.7)+0.1*math.Log(0.1/0.3))},
	} {
		call := fmt.Sprintf("JSD(%v, %v)", tt.p, tt.q)
		check.Float(t, 2, call, check.Call(t, 2, call, func() float64 { return JSD(tt.p, tt.q) }), tt.want, 1e-12)
		call = fmt.Sprintf("JSD(%v, %v)", tt.q, tt.p)
		check.Float(t, 2, call+" (symmetric)", check.Call(t, 2, call, func() float64 { return JSD(tt.q, tt.p) }), tt.want, 1e-12)
	}
}

// refDStar and refJSD are the test's own versions (so Task 3 does not depend on Tasks 1–2).
func refDStar(p, q []float64) []float64 {
	d := make([]float64, len(p))
	for i := range p {
		d[i] = 0.5
		if p[i]+q[i] > 0 {
			d[i] = p[i] / (p[i] + q[i])
		}
	}
	return d
}

func refJSD(p, q []float64) float64 {
	// Written as entropies, JSD = H((p+q)/2) − (H(p) + H(q))/2, a different route from the
	// sum of the two KL terms the exercise asks for.
	h := func(x []float64) (e float64) {
		for _, v := range x {
			if v > 0 {
				e -= v * math.Log(v)
			}
		}
		return e
	}
	m := make([]float64, len(p))
	for i := range p {
		m[i] = (p[i] + q[i]) / 2
	}
	return h(m) - (h(p)+h(q))/2
}

// Task 3
func TestTask3Value(t *testing.T) {
	d, pd, pg := []float64{0.9, 0.5, 0.2}, []float64{0.6, 0.4, 0}, []float64{0.1, 0.2, 0.7}
	call := fmt.Sprintf("Value(D=%v, pData=%v, pG=%v)", d, pd, pg)
	check.Float(t, 3, call, check.Call(t, 3, call, func() float64 { return Value(d, pd, pg) }),
		0.6*math.Log(0.9)+0.4*math.Log(0.5)+0.1*math.Log(0.1)+0.2*math.Log(0.5)+0.7*math.Log(0.8), 1e-12)

	// At the optimal discriminator, V = −log 4 + 2·JSD; every other D does worse.
	r := rand.New(rand.NewPCG(26, 3))
	for k := 0; k < 20; k++ {
		pd, pg := randomDist(r, 6), randomDist(r, 6)
		ds := refDStar(pd, pg)
		call := fmt.Sprintf("Value(D*, pData=%.3f, pG=%.3f)", pd, pg)
		best := check.Call(t, 3, call, func() float64 { return Value(ds, pd, pg) })
		check.Float(t, 3, call+" vs −log 4 + 2·JSD", best, -math.Log(4)+2*refJSD(pd, pg), 1e-12)
		other := make([]float64, 6)
		for i := range other {
			other[i] = 0.01 + 0.98*r.Float64()
		}
		if v := check.Call(t, 3, "Value(random D)", func() float64 { return Value(other, pd, pg) }); v > best+1e-12 {
			t.Errorf("Task 3: Value(D=%.3f, ...) = %.6f exceeds Value(D*, ...) = %.6f: D* maximises V", other, v, best)
		}
	}
	// p_g = p_data: D* = ½ everywhere and V = −log 4 (the generator's global optimum).
	pd = []float64{0.25, 0.25, 0.5}
	call = fmt.Sprintf("Value(D=[0.5 0.5 0.5], pData=pG=%v)", pd)
	check.Float(t, 3, call, check.Call(t, 3, call, func() float64 { return Value([]float64{0.5, 0.5, 0.5}, pd, pd) }), -math.Log(4), 1e-12)
	// Disjoint supports: D* is 1 on the data and 0 on the fakes, V = 0 (= −log 4 + 2·log 2).
	call = "Value(D=[1 0], pData=[1 0], pG=[0 1])"
	check.Float(t, 3, call, check.Call(t, 3, call, func() float64 { return Value([]float64{1, 0}, []float64{1, 0}, []float64{0, 1}) }), 0, 1e-12)
}

// Task 4
func TestTask4ClipWeights(t *testing.T) {
	w := []float64{-0.5, 0.003, 0.02, -0.01, 0.01, 7}
	keep := slices.Clone(w)
	call := fmt.Sprintf("ClipWeights(%v, 0.01)", w)
	got := check.Call(t, 4, call, func() []float64 { return ClipWeights(w, 0.01) })
	check.Floats(t, 4, call, got, []float64{-0.01, 0.003, 0.01, -0.01, 0.01, 0.01}, 0)
	if !slices.Equal(w, keep) {
		t.Errorf("Task 4: %s modified its input: was %v, now %v; return a clipped copy", call, keep, w)
	}
}

// Task 5
func TestTask5ClippedLinearCritic(t *testing.T) {
	c := 0.01
	for _, tt := range []struct {
		real, fake []float64
		w          []float64
		gap        float64
	}{
		{[]float64{1, 2}, []float64{0.7, 1.6}, []float64{0.01, 0.01}, 0.007}, // Δ = (0.3, 0.4): W₁ = 0.5, but c·‖Δ‖₁ = c·0.7
		{[]float64{1, 2}, []float64{0.5, 2}, []float64{0.01, 0}, 0.005},      // Δ = (0.5, 0): W₁ = 0.5 and c·‖Δ‖₁ = c·0.5
		{[]float64{0, 0, 0}, []float64{0.2, -0.2, 0.2}, []float64{-0.01, 0.01, -0.01}, 0.006},
	} {
		call := fmt.Sprintf("ClippedLinearCritic(meanReal=%v, meanFake=%v, c=0.01)", tt.real, tt.fake)
		var w []float64
		var gap float64
		check.Call(t, 5, call, func() bool { w, gap = ClippedLinearCritic(tt.real, tt.fake, c); return true })
		check.Floats(t, 5, call+" weights", w, tt.w, 1e-15)
		check.Float(t, 5, call+" gap", gap, tt.gap, 1e-12)
	}
	// No other clipped linear critic separates the means more.
	r := rand.New(rand.NewPCG(26, 5))
	mr, mf := []float64{0.3, -1, 2, 0.5}, []float64{0.1, 0.2, 2.5, 0.5}
	var gap float64
	check.Call(t, 5, "ClippedLinearCritic", func() bool { _, gap = ClippedLinearCritic(mr, mf, c); return true })
	for k := 0; k < 200; k++ {
		v := 0.0
		for i := range mr {
			v += (2*r.Float64() - 1) * c * (mr[i] - mf[i])
		}
		if v > gap+1e-15 {
			t.Fatalf("Task 5: ClippedLinearCritic(%v, %v, 0.01): gap %.6g, but a clipped critic reaches %.6g", mr, mf, gap, v)
		}
	}
}
