package data

import (
	"errors"
	"strings"
	"testing"
)

// TestBadArguments checks that every generator rejects bad arguments with an
// *Error naming the function, the argument and the value.
func TestBadArguments(t *testing.T) {
	labels := []int{0, 0, 1, 1}
	x := [][]float64{{0, 1}, {1, 2}, {2, 3}, {3, 4}}
	cases := []struct {
		name     string
		call     func() error
		wantFunc string
		wantArg  string
		wantMsg  string // substring of the message, usually the bad value
	}{
		{"blobs n=0", func() error { _, err := Blobs(BlobsOptions{N: 0}); return err }, "data.Blobs", "N", "got 0"},
		{"blobs n<0", func() error { _, err := Blobs(BlobsOptions{N: -3}); return err }, "data.Blobs", "N", "got -3"},
		{"blobs classes=1", func() error { _, err := Blobs(BlobsOptions{N: 10, Classes: 1}); return err }, "data.Blobs", "Classes", "got 1"},
		{"blobs n<classes", func() error { _, err := Blobs(BlobsOptions{N: 2, Classes: 3}); return err }, "data.Blobs", "N", "got 2"},
		{"blobs imbalance>1", func() error { _, err := Blobs(BlobsOptions{N: 10, Imbalance: 50}); return err }, "data.Blobs", "Imbalance", "got 50"},
		{"blobs imbalance<0", func() error { _, err := Blobs(BlobsOptions{N: 10, Imbalance: -0.1}); return err }, "data.Blobs", "Imbalance", "got -0.1"},
		{"blobs std<0", func() error { _, err := Blobs(BlobsOptions{N: 10, Std: -1}); return err }, "data.Blobs", "Std", "got -1"},
		{"blobs label noise 1", func() error { _, err := Blobs(BlobsOptions{N: 10, LabelNoise: 1}); return err }, "data.Blobs", "LabelNoise", "got 1"},
		{"moons n=1", func() error { _, err := Moons(MoonsOptions{N: 1}); return err }, "data.Moons", "N", "got 1"},
		{"moons noise<0", func() error { _, err := Moons(MoonsOptions{N: 10, Noise: -0.5}); return err }, "data.Moons", "Noise", "got -0.5"},
		{"spirals classes=1", func() error { _, err := Spirals(SpiralsOptions{N: 10, Classes: 1}); return err }, "data.Spirals", "Classes", "got 1"},
		{"spirals turns<0", func() error { _, err := Spirals(SpiralsOptions{N: 10, Turns: -1}); return err }, "data.Spirals", "Turns", "got -1"},
		{"xor n<0", func() error { _, err := XOR(XOROptions{N: -1}); return err }, "data.XOR", "N", "got -1"},
		{"xor label noise<0", func() error { _, err := XOR(XOROptions{N: 5, LabelNoise: -0.2}); return err }, "data.XOR", "LabelNoise", "got -0.2"},
		{"flip fraction", func() error {
			_, _, err := FlipLabels(&Classification{X: x, Y: labels, Classes: 2}, 1.5, 0)
			return err
		}, "data.FlipLabels", "fraction", "got 1.5"},
		{"linear n=0", func() error { _, err := Linear(RegressionOptions{}); return err }, "data.Linear", "N", "got 0"},
		{"linear scale<0", func() error { _, err := Linear(RegressionOptions{N: 5, Scale: -2}); return err }, "data.Linear", "Scale", "got -2"},
		{"linear noise kind", func() error { _, err := Linear(RegressionOptions{N: 5, Noise: Noise(7)}); return err }, "data.Linear", "Noise", "7"},
		{"linear weights len", func() error { _, err := Linear(RegressionOptions{N: 5, Dim: 2, Weights: []float64{1}}); return err }, "data.Linear", "Weights", "1 weights for Dim 2"},
		{"sine outliers", func() error { _, err := Sine(RegressionOptions{N: 5, Outliers: 1}); return err }, "data.Sine", "Outliers", "got 1"},
		{"sine dof<0", func() error { _, err := Sine(RegressionOptions{N: 5, DoF: -1}); return err }, "data.Sine", "DoF", "got -1"},
		{"sine x range", func() error { _, err := Sine(RegressionOptions{N: 5, XMin: 2, XMax: 1}); return err }, "data.Sine", "XMin", "XMin=2 XMax=1"},
		{"target unknown", func() error { _, err := Target("moons", TargetOptions{N: 5}); return err }, "data.Target", "name", `"moons"`},
		{"ring8 n=0", func() error { _, err := Ring8(TargetOptions{}); return err }, "data.Ring8", "N", "got 0"},
		{"grid25 std<0", func() error { _, err := Grid25(TargetOptions{N: 5, Std: -1}); return err }, "data.Grid25", "Std", "got -1"},
		{"checkerboard std", func() error { _, err := Checkerboard(TargetOptions{N: 5, Std: 1}); return err }, "data.Checkerboard", "Std", "got 1"},
		{"coverage radius", func() error { _, err := ModeCoverage(x, x, 0, 1); return err }, "data.ModeCoverage", "radius", "got 0"},
		{"coverage mincount", func() error { _, err := ModeCoverage(x, x, 1, 0); return err }, "data.ModeCoverage", "minCount", "got 0"},
		{"coverage width", func() error { _, err := ModeCoverage([][]float64{{1}}, x, 1, 1); return err }, "data.ModeCoverage", "samples", "row 0 has 1 columns, want 2"},
		{"pairs n=0", func() error { _, err := SamplePairs(labels, 0, 0); return err }, "data.SamplePairs", "n", "got 0"},
		{"pairs one class", func() error { _, err := SamplePairs([]int{1, 1, 1}, 4, 0); return err }, "data.SamplePairs", "labels", "got 1"},
		{"triplets singletons", func() error { _, err := SampleTriplets([]int{0, 1, 2}, 4, 0); return err }, "data.SampleTriplets", "labels", "no class has 2"},
		{"triplets negative label", func() error { _, err := SampleTriplets([]int{0, -1}, 4, 0); return err }, "data.SampleTriplets", "labels", "label -1 at index 1"},
		{"pair tensors index", func() error { _, _, _, err := PairTensors(x, []Pair{{A: 0, B: 9}}); return err }, "data.PairTensors", "pairs", "row 9"},
		{"two views shift without image", func() error { _, _, err := TwoViews(x, AugmentOptions{MaxShift: 1}); return err }, "data.TwoViews", "Width", "0×0"},
		{"two views noise<0", func() error { _, _, err := TwoViews(x, AugmentOptions{NoiseStd: -1}); return err }, "data.TwoViews", "NoiseStd", "got -1"},
		{"split fraction", func() error {
			_, _, err := (&Classification{X: x, Y: labels, Classes: 2}).Split(0, 1)
			return err
		}, "data.Classification.Split", "testFraction", "got 0"},
		{"validate label", func() error { return (&Classification{X: x, Y: []int{0, 1, 2, 0}, Classes: 2}).Validate() }, "data.Classification.Validate", "Y", "label 2 at row 2"},
		{"standardizer ragged", func() error { _, err := FitStandardizer([][]float64{{1, 2}, {3}}); return err }, "data.FitStandardizer", "x", "row 1 has 1 columns"},
		{"standardizer unfitted", func() error { _, err := (&Standardizer{}).Transform(x); return err }, "data.Standardizer.Transform", "s", "not fitted"},
		{"standardizer zero std", func() error {
			_, err := (&Standardizer{Mean: []float64{0}, Std: []float64{0}}).Transform([][]float64{{1}})
			return err
		}, "data.Standardizer.Transform", "s", "Std[0] = 0"},
		{"dataset batch", func() error {
			_, err := NewDataset([]Column{Float32Column([]float32{1, 2})}, nil, DatasetOptions{BatchSize: -1})
			return err
		}, "data.NewDataset", "opts.BatchSize", "got -1"},
		{"dataset mismatch", func() error {
			_, err := NewDataset([]Column{Float32Column([]float32{1, 2, 3, 4}, 2)}, []Column{Int32Column([]int32{1, 2, 3})}, DatasetOptions{})
			return err
		}, "data.NewDataset", "labels", "3 examples, the first column has 2"},
		{"digit image", func() error { _, err := DigitImage(make([]float64, 63)); return err }, "data.DigitImage", "x", "63 values"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.call()
			if err == nil {
				t.Fatalf("%s: got no error, want an error naming %s argument %s", c.name, c.wantFunc, c.wantArg)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("%s: got error of type %T (%v), want *data.Error", c.name, err, err)
			}
			if e.Func != c.wantFunc || e.Arg != c.wantArg {
				t.Errorf("%s: got error for %s argument %q, want %s argument %q (message: %v)", c.name, e.Func, e.Arg, c.wantFunc, c.wantArg, err)
			}
			if !strings.Contains(err.Error(), c.wantMsg) {
				t.Errorf("%s: got message %q, want it to contain %q", c.name, err.Error(), c.wantMsg)
			}
		})
	}
}
