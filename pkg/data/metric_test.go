package data

import (
	"math"
	"slices"
	"testing"

	"github.com/gomlx/gomlx/core/tensors"
)

func TestSamplePairsAndTriplets(t *testing.T) {
	// Classes 0 (6 examples), 1 (3), 2 (1 — can be a negative, never an anchor).
	labels := []int{0, 1, 0, 0, 1, 2, 0, 0, 1, 0}
	pairs, err := SamplePairs(labels, 10001, 5)
	if err != nil {
		t.Fatal(err)
	}
	pos := 0
	negClass := make([]int, 3)
	for k, p := range pairs {
		same := labels[p.A] == labels[p.B]
		if p.Same != same || p.A == p.B || p.Same != (k%2 == 0) {
			t.Fatalf("pair %d = %+v: labels %d,%d; want Same=%v, A≠B, positives at even positions", k, p, labels[p.A], labels[p.B], same)
		}
		if p.Same {
			pos++
		} else {
			negClass[labels[p.B]]++
		}
	}
	if pos != 5001 {
		t.Errorf("SamplePairs(10001): got %d positives, want 5001", pos)
	}
	if negClass[2] == 0 {
		t.Errorf("the singleton class 2 never appears as a negative: %v", negClass)
	}
	again, _ := SamplePairs(labels, 10001, 5)
	other, _ := SamplePairs(labels, 10001, 6)
	if !slices.Equal(pairs, again) || slices.Equal(pairs, other) {
		t.Errorf("SamplePairs is not a deterministic function of its seed")
	}

	ts, err := SampleTriplets(labels, 20000, 5)
	if err != nil {
		t.Fatal(err)
	}
	anchorClass := make([]int, 3)
	negOfClass0 := make([]int, 3)
	for k, tr := range ts {
		la, lp, ln := labels[tr.Anchor], labels[tr.Positive], labels[tr.Negative]
		if la != lp || la == ln || tr.Anchor == tr.Positive {
			t.Fatalf("triplet %d = %+v has labels (%d,%d,%d); want anchor=positive class, different negative, anchor≠positive", k, tr, la, lp, ln)
		}
		anchorClass[la]++
		if la == 0 {
			negOfClass0[ln]++
		}
	}
	if anchorClass[2] != 0 {
		t.Errorf("singleton class 2 used as anchor %d times, want 0", anchorClass[2])
	}
	// Anchors uniform over the 9 eligible examples: class 0 has 6/9 of them.
	if f := float64(anchorClass[0]) / 20000; math.Abs(f-6.0/9) > 0.015 {
		t.Errorf("anchor class-0 fraction: got %.3f, want %.3f", f, 6.0/9)
	}
	// Negatives of class-0 anchors uniform over the 4 other examples: class 2 gets 1/4.
	if f := float64(negOfClass0[2]) / float64(anchorClass[0]); math.Abs(f-0.25) > 0.02 {
		t.Errorf("negatives of class-0 anchors from class 2: got %.3f, want 0.25", f)
	}
}

func TestPairAndTripletTensors(t *testing.T) {
	x := [][]float64{{0, 1}, {2, 3}, {4, 5}}
	a, b, same, err := PairTensors(x, []Pair{{A: 0, B: 2, Same: false}, {A: 1, B: 1, Same: true}})
	if err != nil {
		t.Fatal(err)
	}
	if got := a.Value().([][]float32); got[0][1] != 1 || got[1][0] != 2 {
		t.Errorf("PairTensors a: got %v, want [[0 1] [2 3]]", got)
	}
	if got := b.Value().([][]float32); got[0][0] != 4 {
		t.Errorf("PairTensors b: got %v, want [[4 5] [2 3]]", got)
	}
	if got := same.Value().([]float32); got[0] != 0 || got[1] != 1 {
		t.Errorf("PairTensors same: got %v, want [0 1]", got)
	}
	an, po, ne, err := TripletTensors(x, []Triplet{{Anchor: 2, Positive: 1, Negative: 0}})
	if err != nil {
		t.Fatal(err)
	}
	got := [][]float32{tensors.MustCopyFlatData[float32](an), tensors.MustCopyFlatData[float32](po), tensors.MustCopyFlatData[float32](ne)}
	if got[0][0] != 4 || got[1][0] != 2 || got[2][1] != 1 {
		t.Errorf("TripletTensors: got %v, want [[4 5] [2 3] [0 1]]", got)
	}
}

func TestTwoViews(t *testing.T) {
	// A 3×3 "image" with a single bright pixel in the centre.
	img := [][]float64{{0, 0, 0, 0, 1, 0, 0, 0, 0}}
	imgs := slices.Repeat(img, 500)
	v1, v2, err := TwoViews(imgs, AugmentOptions{MaxShift: 1, Width: 3, Height: 3, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	positions := make([]int, 9)
	differ := 0
	for i := range v1 {
		for _, v := range [][]float64{v1[i], v2[i]} {
			sum, at := 0.0, -1
			for j, p := range v {
				sum += p
				if p == 1 {
					at = j
				}
			}
			if sum != 1 {
				t.Fatalf("shifting a centred pixel by ≤1 must keep it inside the 3×3 image: got %v", v)
			}
			positions[at]++
		}
		if !slices.Equal(v1[i], v2[i]) {
			differ++
		}
	}
	for j, n := range positions { // 9 equally likely shifts of 1000 views.
		if n < 70 || n > 160 {
			t.Errorf("shifted pixel landed at %d in %d of 1000 views, want about 111", j, n)
		}
	}
	if differ < 400 { // P(same shift) = 1/9.
		t.Errorf("views differ for %d of 500 examples, want about 444", differ)
	}
	// Noise and clipping statistics.
	flat := slices.Repeat([][]float64{{0.5, 0.5, 0.5, 0.5}}, 5000)
	n1, _, _ := TwoViews(flat, AugmentOptions{NoiseStd: 0.1, Seed: 2})
	var s, s2 float64
	for _, row := range n1 {
		for _, v := range row {
			s += v - 0.5
			s2 += (v - 0.5) * (v - 0.5)
		}
	}
	if std := math.Sqrt(s2 / 20000); math.Abs(std-0.1) > 0.003 || math.Abs(s/20000) > 0.003 {
		t.Errorf("TwoViews NoiseStd 0.1: got noise mean %.4f std %.4f, want 0 and 0.1", s/20000, std)
	}
	c1, _, _ := TwoViews(flat, AugmentOptions{NoiseStd: 1, Clip: true, ClipMin: 0, ClipMax: 1, Seed: 2})
	for _, row := range c1 {
		for _, v := range row {
			if v < 0 || v > 1 {
				t.Fatalf("clipped view has value %g outside [0,1]", v)
			}
		}
	}
	a1, a2, _ := TwoViews(flat[:10], AugmentOptions{NoiseStd: 0.1, Seed: 3})
	b1, b2, _ := TwoViews(flat[:10], AugmentOptions{NoiseStd: 0.1, Seed: 3})
	if !slices.EqualFunc(a1, b1, slices.Equal) || !slices.EqualFunc(a2, b2, slices.Equal) {
		t.Errorf("TwoViews is not deterministic for a fixed seed")
	}
	if flat[0][0] != 0.5 {
		t.Errorf("TwoViews modified its input")
	}
}

func TestTwoViewsShiftFillsZeros(t *testing.T) {
	// 2×2 image [[1 2] [3 4]]; with MaxShift 1 every view is one of 9 shifts;
	// the pixel sum can only shrink (zero fill), never grow, and value 4 can
	// only move right/down out of the image, not wrap around.
	x := slices.Repeat([][]float64{{1, 2, 3, 4}}, 200)
	v1, _, _ := TwoViews(x, AugmentOptions{MaxShift: 1, Width: 2, Height: 2, Seed: 4})
	valid := map[[4]float64]bool{
		{1, 2, 3, 4}: true, {0, 1, 0, 3}: true, {2, 0, 4, 0}: true, {0, 0, 1, 2}: true, {3, 4, 0, 0}: true,
		{0, 0, 0, 1}: true, {0, 0, 2, 0}: true, {0, 3, 0, 0}: true, {4, 0, 0, 0}: true,
	}
	for i, v := range v1 {
		if !valid[[4]float64(v)] {
			t.Fatalf("view %d = %v is not a zero-filled shift of [1 2 3 4]", i, v)
		}
	}
}
