package course

import (
	"math"
	"testing"
)

func TestAccuracyAndPredict(t *testing.T) {
	tests := []struct {
		name  string
		probs [][]float64
		y     []int
		want  float64
	}{
		{"softmax rows", [][]float64{{0.7, 0.3}, {0.2, 0.8}, {0.6, 0.4}}, []int{0, 1, 1}, 2.0 / 3},
		{"sigmoid column", [][]float64{{0.9}, {0.1}, {0.51}, {0.5}}, []int{1, 0, 1, 1}, 0.75}, // 0.5 is not > 0.5
		{"three classes", [][]float64{{0.1, 0.2, 0.7}, {0.5, 0.3, 0.2}}, []int{2, 0}, 1},
	}
	for _, tc := range tests {
		if got := Accuracy(tc.probs, tc.y); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("%s: Accuracy = %g, want %g", tc.name, got, tc.want)
		}
	}
}

func TestRecallAt(t *testing.T) {
	scores := []float64{0.9, 0.4, 0.6, 0.2, 0.7}
	y := []int{1, 1, 0, 1, 0}
	if got := RecallAt(scores, y, 0.5); math.Abs(got-1.0/3) > 1e-12 {
		t.Errorf("RecallAt = %g, want 1/3 (one of three positives above 0.5)", got)
	}
	if got := RecallAt([]float64{0.9}, []int{0}, 0.5); !math.IsNaN(got) {
		t.Errorf("no positives: RecallAt = %g, want NaN", got)
	}
}

func TestPrecisionRecall(t *testing.T) {
	// Ranked: 0.9(+) 0.8(−) 0.7(+) 0.1(−): precision at the positives 1 and 2/3, AP = (1 + 2/3)/2.
	recall, precision, ap := PrecisionRecall([]float64{0.1, 0.7, 0.9, 0.8}, []int{0, 1, 1, 0})
	if want := (1 + 2.0/3) / 2; math.Abs(ap-want) > 1e-12 {
		t.Errorf("AP = %g, want %g", ap, want)
	}
	if want := []float64{0.5, 0.5, 1, 1}; MaxAbsDiff(recall, want) > 1e-12 {
		t.Errorf("recall = %v, want %v", recall, want)
	}
	if want := []float64{1, 0.5, 2.0 / 3, 0.5}; MaxAbsDiff(precision, want) > 1e-12 {
		t.Errorf("precision = %v, want %v", precision, want)
	}
	if _, _, ap := PrecisionRecall([]float64{0.3, 0.2}, []int{1, 1}); ap != 1 {
		t.Errorf("all positive: AP = %g, want 1", ap)
	}
}

func TestCalibrate(t *testing.T) {
	// Two bins. Bin 0.5–1: confidences 0.9, 0.9, 0.6, 0.6; correct: yes, yes, yes, no.
	probs := [][]float64{{0.9, 0.1}, {0.1, 0.9}, {0.6, 0.4}, {0.4, 0.6}}
	y := []int{0, 1, 0, 0}
	c := Calibrate(probs, y, 2)
	if c.Count[1] != 4 || c.Count[0] != 0 {
		t.Fatalf("counts %v, want [0 4]", c.Count)
	}
	if math.Abs(c.Confidence[1]-0.75) > 1e-12 || math.Abs(c.Accuracy[1]-0.75) > 1e-12 || c.ECE > 1e-12 {
		t.Errorf("bin 1: confidence %g accuracy %g ECE %g, want 0.75, 0.75, 0", c.Confidence[1], c.Accuracy[1], c.ECE)
	}
	// Over-confident: confidence 0.95, accuracy 0.5 → ECE 0.45.
	c = Calibrate([][]float64{{0.95, 0.05}, {0.95, 0.05}}, []int{0, 1}, 10)
	if math.Abs(c.ECE-0.45) > 1e-12 {
		t.Errorf("over-confident ECE = %g, want 0.45", c.ECE)
	}
	// One sigmoid column: P(y=1) = 0.2 means class 0 with confidence 0.8.
	c = Calibrate([][]float64{{0.2}}, []int{0}, 10)
	if c.Count[8] != 1 || math.Abs(c.ECE-0.2) > 1e-12 {
		t.Errorf("sigmoid column: counts %v ECE %g, want one in bin 8 and ECE 0.2", c.Count, c.ECE)
	}
}

func TestNeighbours(t *testing.T) {
	trX := [][]float64{{0, 0}, {0, 1}, {10, 10}, {10, 11}, {10, 12}}
	trY := []int{0, 0, 1, 1, 1}
	teX := [][]float64{{0, 0.5}, {9, 9}, {5, 6}}
	teY := []int{0, 1, 0}
	if got := KNNAccuracy(trX, trY, teX, teY, 1); math.Abs(got-2.0/3) > 1e-12 {
		t.Errorf("1-NN accuracy = %g, want 2/3 (the middle point is nearer class 1)", got)
	}
	if got := RecallAt1(trX, trY); got != 1 {
		t.Errorf("RecallAt1 = %g, want 1 (every point's nearest neighbour shares its label)", got)
	}
	if got := RecallAt1([][]float64{{0}, {1}, {5}, {6}}, []int{0, 1, 0, 1}); got != 0 {
		t.Errorf("RecallAt1 = %g, want 0", got)
	}
	n := NormalizeRows([][]float64{{3, 4}, {0, 0}})
	if MaxAbsDiff(n[0], []float64{0.6, 0.8}) > 1e-15 || n[1][0] != 0 {
		t.Errorf("NormalizeRows = %v", n)
	}
}

func TestPCA(t *testing.T) {
	// Points along the direction (1, 1)/√2 with a little spread across it.
	var x [][]float64
	for i := range 21 {
		s := float64(i - 10)
		e := 0.1 * float64(i%3-1)
		x = append(x, []float64{s + e, s - e, 0})
	}
	p := PCA(x, 2)
	varFirst, varSecond := 0.0, 0.0
	for _, r := range p {
		varFirst += r[0] * r[0]
		varSecond += r[1] * r[1]
	}
	if varSecond > 1e-3*varFirst {
		t.Errorf("variance along PC 1 %.3g, PC 2 %.3g: PC 1 should hold nearly all of it", varFirst, varSecond)
	}
	// The projection on PC 1 is ±√2·s.
	if got := math.Abs(p[0][0]); math.Abs(got-10*math.Sqrt2) > 1e-3 {
		t.Errorf("|PC 1 of the first point| = %g, want 10√2", got)
	}
}
