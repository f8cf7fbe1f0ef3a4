package calibration

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/losscourse/losscourse/exercises/internal/check"
)

// Task 1
func TestTask1ECE(t *testing.T) {
	probs := [][]float64{{0.95, 0.05}, {0.85, 0.15}, {0.25, 0.75}, {0.35, 0.65}, {0.55, 0.45}}
	labels := []int{0, 1, 1, 0, 0}
	call := fmt.Sprintf("ECE(probs=%v, labels=%v, bins=5)", probs, labels)
	got := check.Call(t, 1, call, func() float64 { return ECE(probs, labels, 5) })
	// bin (0.8,1]: 2 examples, accuracy 0.5, confidence 0.9; (0.6,0.8]: 2, 0.5, 0.7; (0.4,0.6]: 1, 1, 0.55.
	check.Float(t, 1, call, got, 2.0/5*0.4+2.0/5*0.2+1.0/5*0.45, 1e-12)

	// Three classes, a tie for the maximum (the first wins), one bin.
	probs = [][]float64{{0.4, 0.4, 0.2}, {0.1, 0.3, 0.6}, {0.2, 0.7, 0.1}}
	labels = []int{1, 2, 1}
	call = fmt.Sprintf("ECE(probs=%v, labels=%v, bins=1)", probs, labels)
	got = check.Call(t, 1, call, func() float64 { return ECE(probs, labels, 1) })
	check.Float(t, 1, call, got, math.Abs(2.0/3-(0.4+0.6+0.7)/3), 1e-12)

	// Calibrated by construction (right with probability = confidence) vs overconfident.
	r := rand.New(rand.NewPCG(24, 1))
	n := 20000
	cal, over := make([][]float64, n), make([][]float64, n)
	lc, lo := make([]int, n), make([]int, n)
	for i := range cal {
		c := 0.5 + 0.5*r.Float64()
		cal[i] = []float64{c, 1 - c}
		if r.Float64() >= c {
			lc[i] = 1
		}
		over[i] = []float64{0.99, 0.01}
		if r.Float64() >= 0.7 {
			lo[i] = 1
		}
	}
	call = "ECE(20000 predictions right with probability = their confidence, bins=10)"
	if got := check.Call(t, 1, call, func() float64 { return ECE(cal, lc, 10) }); !(got < 0.02) {
		t.Errorf("Task 1: %s: got %.4g, want < 0.02 (calibrated)", call, got)
	}
	call = "ECE(20000 predictions of confidence 0.99, right 70% of the time, bins=10)"
	got = check.Call(t, 1, call, func() float64 { return ECE(over, lo, 10) })
	check.Float(t, 1, call, got, 0.29, 0.01)
}

// Task 2
func TestTask2LabelSmoothing(t *testing.T) {
	for _, tt := range []struct {
		c         int
		eps, want float64
	}{{10, 0.1, 0.91}, {2, 0.2, 0.9}, {5, 0, 1}} {
		call := fmt.Sprintf("SmoothedConfidence(classes=%d, eps=%v)", tt.c, tt.eps)
		check.Float(t, 2, call, check.Call(t, 2, call, func() float64 { return SmoothedConfidence(tt.c, tt.eps) }), tt.want, 1e-12)
	}
	// The cap is where gradient descent on the smoothed cross-entropy of one easy example ends up.
	c, eps := 4, 0.2
	z := make([]float64, c)
	for step := 0; step < 20000; step++ {
		m, s := math.Inf(-1), 0.0
		for _, v := range z {
			m = math.Max(m, v)
		}
		for _, v := range z {
			s += math.Exp(v - m)
		}
		for k := range z {
			target := eps / float64(c)
			if k == 0 {
				target += 1 - eps
			}
			z[k] -= 1.0 * (math.Exp(z[k]-m)/s - target)
		}
	}
	s := 0.0
	for _, v := range z {
		s += math.Exp(v - z[0])
	}
	call := "SmoothedConfidence(classes=4, eps=0.2) vs the confidence gradient descent reaches"
	check.Float(t, 2, call, check.Call(t, 2, call, func() float64 { return SmoothedConfidence(c, eps) }), 1/s, 1e-9)

	call = "EpsilonForAccuracy(acc=0.9, classes=10)"
	check.Float(t, 2, call, check.Call(t, 2, call, func() float64 { return EpsilonForAccuracy(0.9, 10) }), 1.0/9, 1e-12)
	// A model right 85% of the time that sits at its smoothed optimum: overconfident
	// without smoothing, calibrated at EpsilonForAccuracy, underconfident beyond.
	classes, acc := 5, 0.85
	epsStar := check.Call(t, 2, "EpsilonForAccuracy(0.85, 5)", func() float64 { return EpsilonForAccuracy(acc, classes) })
	for _, tt := range []struct {
		eps      float64
		lo, hi   float64
		behavior string
	}{{0, 0.14, 0.16, "overconfident"}, {epsStar, 0, 0.01, "calibrated"}, {2 * epsStar, 0.13, 0.17, "underconfident"}} {
		conf := check.Call(t, 2, "SmoothedConfidence", func() float64 { return SmoothedConfidence(classes, tt.eps) })
		r := rand.New(rand.NewPCG(24, 2))
		ece, n := 0.0, 10000
		right := 0
		for i := 0; i < n; i++ {
			if r.Float64() < acc {
				right++
			}
		}
		ece = math.Abs(float64(right)/float64(n) - conf)
		if ece < tt.lo || ece > tt.hi {
			t.Errorf("Task 2: a model %.0f%% accurate trained with label smoothing eps=%.4f (EpsilonForAccuracy = %.4f) predicts confidence %.4f: ECE %.4f, want in [%.2f, %.2f] (%s)",
				100*acc, tt.eps, epsStar, conf, ece, tt.lo, tt.hi, tt.behavior)
		}
	}
}

func bceRef(z, y float64) float64 { return math.Max(z, 0) - z*y + math.Log1p(math.Exp(-math.Abs(z))) }

// Task 3
func TestTask3MultiLabelBCE(t *testing.T) {
	z := [][]float64{{2, -1, 0.5}, {-3, 4, 800}}
	y := [][]float64{{1, 0, 1}, {0, 1, 0}}
	call := fmt.Sprintf("MultiLabelBCE(logits=%v, targets=%v)", z, y)
	var loss float64
	var grad [][]float64
	check.Call(t, 3, call, func() bool { loss, grad = MultiLabelBCE(z, y); return true })
	want := 0.0
	for i := range z {
		for k := range z[i] {
			want += bceRef(z[i][k], y[i][k]) / 6
		}
	}
	check.Float(t, 3, call+" loss", loss, want, 1e-12)
	if len(grad) != 2 {
		t.Fatalf("Task 3: %s: gradient has %d rows, want 2", call, len(grad))
	}
	z[1][2] = 1.5 // back to a moderate logit for the finite difference
	check.Call(t, 3, call, func() bool { loss, grad = MultiLabelBCE(z, y); return true })
	check.Grad(t, 3, call+" gradient", func(x []float64) float64 {
		l, _ := MultiLabelBCE(check.Rows(x, 3), y)
		return l
	}, check.Flat(z), check.Flat(grad), 1e-6)

	// Independent sigmoids can say "yes" to two labels at once: gradient descent
	// with your gradient drives both present labels' probabilities towards 1.
	p := gdProbs(t, 3, "MultiLabelBCE", func(z [][]float64) [][]float64 {
		_, g := MultiLabelBCE(z, [][]float64{{1, 1, 0}})
		return g
	}, true)
	if !(p[0] > 0.95 && p[1] > 0.95 && p[2] < 0.05) {
		t.Errorf("Task 3: after 500 gradient steps on one example with labels {0, 1} of 3, sigmoid probabilities %.3f, want > 0.95, > 0.95, < 0.05", p)
	}
}

// gdProbs runs 500 steps of gradient descent (rate 10) from zero logits on one
// example of 3 labels with the given gradient and returns the sigmoid (or softmax) probabilities.
func gdProbs(t *testing.T, task int, name string, grad func([][]float64) [][]float64, sigmoid bool) []float64 {
	t.Helper()
	z := [][]float64{{0, 0, 0}}
	for step := 0; step < 500; step++ {
		g := check.Call(t, task, name, func() [][]float64 { return grad(z) })
		if len(g) != 1 || len(g[0]) != 3 {
			t.Fatalf("Task %d: %s: gradient of shape %d rows, want [1][3]", task, name, len(g))
		}
		for k := range z[0] {
			z[0][k] -= 10 * g[0][k]
		}
	}
	p := make([]float64, 3)
	s := 0.0
	for k, v := range z[0] {
		if sigmoid {
			p[k] = 1 / (1 + math.Exp(-v))
		} else {
			p[k] = math.Exp(v)
			s += p[k]
		}
	}
	if !sigmoid {
		for k := range p {
			p[k] /= s
		}
	}
	return p
}

// Task 4
func TestTask4SoftmaxOverLabels(t *testing.T) {
	z := [][]float64{{2, -1, 0.5}, {-3, 4, 1}, {1000, 0, -1000}, {0.3, 0.2, 0.1}}
	y := [][]float64{{1, 0, 1}, {0, 1, 0}, {0, 1, 1}, {0, 0, 0}}
	call := fmt.Sprintf("SoftmaxOverLabels(logits=%v, targets=%v)", z, y)
	var loss float64
	var grad [][]float64
	check.Call(t, 4, call, func() bool { loss, grad = SoftmaxOverLabels(z, y); return true })
	lse := func(r []float64) float64 {
		m := math.Max(r[0], math.Max(r[1], r[2]))
		return m + math.Log(math.Exp(r[0]-m)+math.Exp(r[1]-m)+math.Exp(r[2]-m))
	}
	// Row 0: q = (½, 0, ½); row 1: one label; row 2: q = (0, ½, ½) against a logit of 1000; row 3: no label, 0.
	want := (lse(z[0]) - (2+0.5)/2 + lse(z[1]) - 4 + 1000 - (0-1000)/2) / 4
	check.Float(t, 4, call+" loss", loss, want, 1e-12)
	if len(grad) != 4 {
		t.Fatalf("Task 4: %s: gradient has %d rows, want 4", call, len(grad))
	}
	check.Floats(t, 4, call+" gradient row 2", grad[2], []float64{0.25, -0.125, -0.125}, 1e-12)
	check.Floats(t, 4, call+" gradient row 3 (no label)", grad[3], []float64{0, 0, 0}, 0)
	z[2] = []float64{1, 0, -1}
	check.Call(t, 4, call, func() bool { loss, grad = SoftmaxOverLabels(z, y); return true })
	check.Grad(t, 4, call+" gradient", func(x []float64) float64 {
		l, _ := SoftmaxOverLabels(check.Rows(x, 3), y)
		return l
	}, check.Flat(z), check.Flat(grad), 1e-6)

	// One softmax shares one unit of probability: two present labels end at ½ each,
	// and a 0.5 threshold finds neither.
	p := gdProbs(t, 4, "SoftmaxOverLabels", func(z [][]float64) [][]float64 {
		_, g := SoftmaxOverLabels(z, [][]float64{{1, 1, 0}})
		return g
	}, false)
	if math.Abs(p[0]-0.5) > 0.01 || math.Abs(p[1]-0.5) > 0.01 {
		t.Errorf("Task 4: after 500 gradient steps on one example with labels {0, 1} of 3, softmax probabilities %.3f, want ≈ 0.5, 0.5, 0", p)
	}
}
