package calibration

// Hidden tests: added by cmd/grade at grading time (go test -overlay); not in the learner's folder.
// Self-contained: they use only exercises/internal and pkg/, no helper of the visible tests.

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/losscourse/losscourse/exercises/internal/check"
)

func TestHiddenTask1ECE(t *testing.T) {
	r := rand.New(rand.NewPCG(2424, 1))
	n, c, bins := 300, 4, 15
	probs := make([][]float64, n)
	labels := make([]int, n)
	count, correct, conf := make([]float64, bins), make([]float64, bins), make([]float64, bins)
	for i := range probs {
		row, s := make([]float64, c), 0.0
		for k := range row {
			row[k] = math.Exp(3 * r.NormFloat64())
			s += row[k]
		}
		best := 0
		for k := range row {
			row[k] /= s
			if row[k] > row[best] {
				best = k
			}
		}
		probs[i], labels[i] = row, r.IntN(c)
		b := min(bins-1, int(math.Ceil(row[best]*float64(bins)))-1)
		count[b]++
		conf[b] += row[best]
		if best == labels[i] {
			correct[b]++
		}
	}
	want := 0.0
	for b := range count {
		want += math.Abs(correct[b]-conf[b]) / float64(n)
	}
	keep := append([]float64(nil), probs[0]...)
	got := check.Call(t, 1, "ECE(300 random predictions over 4 classes, bins=15)", func() float64 { return ECE(probs, labels, bins) })
	check.Float(t, 1, "ECE(300 random predictions over 4 classes, bins=15)", got, want, 1e-12)
	check.Floats(t, 1, "ECE must not modify probs: probs[0]", probs[0], keep, 0)
}

func TestHiddenTask2LabelSmoothing(t *testing.T) {
	check.Float(t, 2, "SmoothedConfidence(3, 0.3)", check.Call(t, 2, "SmoothedConfidence(3, 0.3)", func() float64 { return SmoothedConfidence(3, 0.3) }), 0.8, 1e-12)
	check.Float(t, 2, "EpsilonForAccuracy(0.7, 2)", check.Call(t, 2, "EpsilonForAccuracy(0.7, 2)", func() float64 { return EpsilonForAccuracy(0.7, 2) }), 0.6, 1e-12)
	check.Float(t, 2, "EpsilonForAccuracy(1, 7)", check.Call(t, 2, "EpsilonForAccuracy(1, 7)", func() float64 { return EpsilonForAccuracy(1, 7) }), 0, 1e-12)
}

func TestHiddenTask3MultiLabelBCE(t *testing.T) {
	z := [][]float64{{-800, 800}, {0.25, -0.5}}
	y := [][]float64{{1, 0}, {1, 1}}
	var loss float64
	var grad [][]float64
	check.Call(t, 3, "MultiLabelBCE([[-800 800] [0.25 -0.5]], [[1 0] [1 1]])", func() bool { loss, grad = MultiLabelBCE(z, y); return true })
	sp := func(x float64) float64 { return math.Max(x, 0) + math.Log1p(math.Exp(-math.Abs(x))) }
	check.Float(t, 3, "MultiLabelBCE([[-800 800] [0.25 -0.5]], [[1 0] [1 1]]) loss", loss, (1600+sp(-0.25)+sp(0.5))/4, 1e-12)
	check.Floats(t, 3, "MultiLabelBCE(...) gradient row 0", grad[0], []float64{-0.25, 0.25}, 1e-12)
}

func TestHiddenTask4SoftmaxOverLabels(t *testing.T) {
	z := [][]float64{{1, 2, 3, 4}}
	var loss float64
	var grad [][]float64
	check.Call(t, 4, "SoftmaxOverLabels([[1 2 3 4]], [[1 1 1 1]])", func() bool { loss, grad = SoftmaxOverLabels(z, [][]float64{{1, 1, 1, 1}}); return true })
	lse := 4 + math.Log(1+math.Exp(-1)+math.Exp(-2)+math.Exp(-3))
	check.Float(t, 4, "SoftmaxOverLabels([[1 2 3 4]], [[1 1 1 1]]) loss", loss, lse-2.5, 1e-12)
	want := make([]float64, 4)
	for k := range want {
		want[k] = math.Exp(float64(k+1)-lse) - 0.25
	}
	check.Floats(t, 4, "SoftmaxOverLabels([[1 2 3 4]], [[1 1 1 1]]) gradient", grad[0], want, 1e-12)
}
