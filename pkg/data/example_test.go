package data_test

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"strings"

	"github.com/losscourse/losscourse/pkg/data"
)

func ExampleError() {
	_, err := data.Blobs(data.BlobsOptions{N: -3})
	var e *data.Error
	fmt.Println(errors.As(err, &e), e.Func, e.Arg)
	fmt.Println(err)
	// Output:
	// true data.Blobs N
	// data.Blobs: argument N: must be > 0, got -3
}

func ExampleError_Error() {
	err := &data.Error{Func: "data.Moons", Arg: "Noise", Msg: "must be a finite number >= 0, got -1"}
	fmt.Println(err.Error())
	// Output: data.Moons: argument Noise: must be a finite number >= 0, got -1
}

func ExampleBlobs() {
	// 1:50 minority:majority, for focal-loss experiments.
	d, _ := data.Blobs(data.BlobsOptions{N: 5100, Imbalance: 1.0 / 50, Seed: 1})
	fmt.Println(d.Len(), d.Dim(), d.Classes, d.ClassCounts())
	// Output: 5100 2 2 [5000 100]
}

func ExampleMoons() {
	d, _ := data.Moons(data.MoonsOptions{N: 200, Noise: 0.1, Seed: 1})
	fmt.Println(d.Len(), d.Dim(), d.ClassCounts())
	// Output: 200 2 [100 100]
}

func ExampleSpirals() {
	d, _ := data.Spirals(data.SpiralsOptions{N: 300, Classes: 3, Noise: 0.05, Seed: 1})
	fmt.Println(d.Len(), d.Classes, d.ClassCounts())
	// Output: 300 3 [100 100 100]
}

func ExampleXOR() {
	d, _ := data.XOR(data.XOROptions{N: 1000, Seed: 1})
	agree := 0
	for i := range d.X {
		if (d.X[i][0]*d.X[i][1] < 0) == (d.Y[i] == 1) { // label 1 ⇔ opposite signs
			agree++
		}
	}
	fmt.Println(agree, "of", d.Len())
	// Output: 1000 of 1000
}

func ExampleFlipLabels() {
	clean, _ := data.Moons(data.MoonsOptions{N: 100, Seed: 1})
	noisy, flipped, _ := data.FlipLabels(clean, 0.1, 7)
	changed := 0
	for i := range clean.Y {
		if clean.Y[i] != noisy.Y[i] {
			changed++
		}
	}
	fmt.Println(len(flipped), changed)
	// Output: 10 10
}

func ExampleClassification_Validate() {
	c := &data.Classification{X: [][]float64{{1}, {2}}, Y: []int{0, 3}, Classes: 2}
	fmt.Println(c.Validate())
	// Output: data.Classification.Validate: argument Y: label 3 at row 1 is outside 0..1
}

func ExampleClassification_Len() {
	d, _ := data.Moons(data.MoonsOptions{N: 10, Seed: 1})
	fmt.Println(d.Len())
	// Output: 10
}

func ExampleClassification_Dim() {
	d, _ := data.Blobs(data.BlobsOptions{N: 10, Dim: 5, Seed: 1})
	fmt.Println(d.Dim())
	// Output: 5
}

func ExampleClassification_ClassCounts() {
	d, _ := data.Blobs(data.BlobsOptions{N: 700, Classes: 3, Imbalance: 0.25, Seed: 1})
	fmt.Println(d.ClassCounts())
	// Output: [400 200 100]
}

func ExampleClassification_Subset() {
	c := &data.Classification{X: [][]float64{{1}, {2}, {3}}, Y: []int{0, 1, 0}, Classes: 2}
	s, _ := c.Subset([]int{2, 1})
	fmt.Println(s.X, s.Y)
	// Output: [[3] [2]] [0 1]
}

func ExampleClassification_Split() {
	d, _ := data.Blobs(data.BlobsOptions{N: 5100, Imbalance: 1.0 / 50, Seed: 1})
	train, test, _ := d.Split(0.2, 42) // stratified: both keep the 1:50 ratio
	fmt.Println(train.ClassCounts(), test.ClassCounts())
	// Output: [4000 80] [1000 20]
}

func ExampleClassification_FlatX() {
	c := &data.Classification{X: [][]float64{{1, 2}, {3, 4}}, Y: []int{0, 1}, Classes: 2}
	fmt.Println(c.FlatX())
	// Output: [1 2 3 4]
}

func ExampleClassification_FlatX32() {
	c := &data.Classification{X: [][]float64{{1, 2}, {3, 4}}, Y: []int{0, 1}, Classes: 2}
	fmt.Printf("%T %v\n", c.FlatX32(), c.FlatX32())
	// Output: []float32 [1 2 3 4]
}

func ExampleClassification_Y32() {
	c := &data.Classification{X: [][]float64{{1}, {2}}, Y: []int{1, 0}, Classes: 2}
	fmt.Printf("%T %v\n", c.Y32(), c.Y32())
	// Output: []int32 [1 0]
}

func ExampleClassification_OneHot() {
	c := &data.Classification{X: [][]float64{{1}, {2}}, Y: []int{2, 0}, Classes: 3}
	fmt.Println(c.OneHot())
	// Output: [[0 0 1] [1 0 0]]
}

func ExampleClassification_Tensors() {
	d, _ := data.Moons(data.MoonsOptions{N: 64, Seed: 1})
	x, y := d.Tensors()
	fmt.Println(x.Shape(), y.Shape())
	// Output: (Float32)[64, 2] (Int32)[64]
}

func ExampleClassification_Dataset() {
	d, _ := data.Moons(data.MoonsOptions{N: 100, Seed: 1})
	ds, _ := d.Dataset(data.DatasetOptions{Name: "moons", BatchSize: 32, Shuffle: true, Seed: 1})
	for b, err := range ds.Iter() {
		if err != nil {
			panic(err)
		}
		fmt.Println(b.Inputs[0].Shape(), b.Labels[0].Shape())
	}
	// Output:
	// (Float32)[32, 2] (Int32)[32]
	// (Float32)[32, 2] (Int32)[32]
	// (Float32)[32, 2] (Int32)[32]
	// (Float32)[4, 2] (Int32)[4]
}

func ExampleClassification_Fingerprint() {
	a, _ := data.Moons(data.MoonsOptions{N: 100, Noise: 0.1, Seed: 1})
	b, _ := data.Moons(data.MoonsOptions{N: 100, Noise: 0.1, Seed: 1})
	c, _ := data.Moons(data.MoonsOptions{N: 100, Noise: 0.1, Seed: 2})
	fmt.Println(len(a.Fingerprint()), a.Fingerprint() == b.Fingerprint(), a.Fingerprint() == c.Fingerprint())
	// Output: 64 true false
}

func ExampleLinear() {
	r, _ := data.Linear(data.RegressionOptions{N: 3, Weights: []float64{2}, Bias: 1, Seed: 1})
	for i := range r.X {
		fmt.Println(r.Y[i] == 2*r.X[i][0]+1) // noise-free: exactly w·x + b
	}
	// Output:
	// true
	// true
	// true
}

func ExampleSine() {
	// Student-t noise and 5% outliers: where MSE, MAE and Huber disagree.
	r, _ := data.Sine(data.RegressionOptions{N: 1000, Noise: data.StudentTNoise, Scale: 0.1, Outliers: 0.05, Seed: 1})
	fmt.Println(r.Len(), len(r.Outliers))
	// Output: 1000 50
}

func ExampleNoise_String() {
	fmt.Println(data.GaussianNoise, data.LaplaceNoise, data.StudentTNoise)
	// Output: gaussian laplace student-t
}

func ExampleRegression_Validate() {
	r := &data.Regression{X: [][]float64{{1}, {2}}, Y: []float64{1}}
	fmt.Println(r.Validate())
	// Output: data.Regression.Validate: argument Y: has 1 targets for 2 rows of X
}

func ExampleRegression_Len() {
	r, _ := data.Sine(data.RegressionOptions{N: 7, Seed: 1})
	fmt.Println(r.Len())
	// Output: 7
}

func ExampleRegression_Dim() {
	r, _ := data.Sine(data.RegressionOptions{N: 7, Dim: 3, Seed: 1})
	fmt.Println(r.Dim())
	// Output: 3
}

func ExampleRegression_Subset() {
	r := &data.Regression{X: [][]float64{{1}, {2}, {3}}, Y: []float64{10, 20, 99}, Outliers: []int{2}}
	s, _ := r.Subset([]int{2, 0})
	fmt.Println(s.Y, s.Outliers) // outlier indices follow the rows
	// Output: [99 10] [0]
}

func ExampleRegression_Split() {
	r, _ := data.Linear(data.RegressionOptions{N: 100, Seed: 1})
	train, test, _ := r.Split(0.25, 1)
	fmt.Println(train.Len(), test.Len())
	// Output: 75 25
}

func ExampleRegression_FlatX() {
	r := &data.Regression{X: [][]float64{{1, 2}, {3, 4}}, Y: []float64{0, 0}}
	fmt.Println(r.FlatX())
	// Output: [1 2 3 4]
}

func ExampleRegression_FlatX32() {
	r := &data.Regression{X: [][]float64{{1, 2}, {3, 4}}, Y: []float64{0, 0}}
	fmt.Printf("%T %v\n", r.FlatX32(), r.FlatX32())
	// Output: []float32 [1 2 3 4]
}

func ExampleRegression_Y32() {
	r := &data.Regression{X: [][]float64{{1}, {2}}, Y: []float64{0.5, -1}}
	fmt.Printf("%T %v\n", r.Y32(), r.Y32())
	// Output: []float32 [0.5 -1]
}

func ExampleRegression_Tensors() {
	r, _ := data.Sine(data.RegressionOptions{N: 10, Seed: 1})
	x, y := r.Tensors()
	fmt.Println(x.Shape(), y.Shape())
	// Output: (Float32)[10, 1] (Float32)[10, 1]
}

func ExampleRegression_Dataset() {
	r, _ := data.Sine(data.RegressionOptions{N: 10, Seed: 1})
	ds, _ := r.Dataset(data.DatasetOptions{BatchSize: 8})
	for b := range ds.Iter() {
		fmt.Println(b.Inputs[0].Shape(), b.Labels[0].Shape())
	}
	// Output:
	// (Float32)[8, 1] (Float32)[8, 1]
	// (Float32)[2, 1] (Float32)[2, 1]
}

func ExampleRegression_Fingerprint() {
	a, _ := data.Sine(data.RegressionOptions{N: 10, Scale: 0.1, Seed: 1})
	b, _ := data.Sine(data.RegressionOptions{N: 10, Scale: 0.1, Seed: 1})
	fmt.Println(a.Fingerprint() == b.Fingerprint())
	// Output: true
}

func ExampleMatrixTensor() {
	t, _ := data.MatrixTensor([][]float64{{1, 2, 3}, {4, 5, 6}})
	fmt.Println(t.Shape(), t.Value())
	// Output: (Float32)[2, 3] [[1 2 3] [4 5 6]]
}

func ExampleFitStandardizer() {
	s, _ := data.FitStandardizer([][]float64{{1, 10}, {3, 10}})
	fmt.Println(s.Mean, s.Std) // constant feature → Std 1
	// Output: [2 10] [1 1]
}

func ExampleStandardizer_Fit() {
	var s data.Standardizer
	_ = s.Fit([][]float64{{0}, {4}})
	fmt.Println(s.Mean, s.Std)
	// Output: [2] [2]
}

func ExampleStandardizer_Transform() {
	s, _ := data.FitStandardizer([][]float64{{0}, {4}}) // fit on train only
	test, _ := s.Transform([][]float64{{6}})            // apply to test
	fmt.Println(test)
	// Output: [[2]]
}

func ExampleStandardizer_Inverse() {
	s, _ := data.FitStandardizer([][]float64{{0}, {4}})
	x, _ := s.Inverse([][]float64{{-1}, {1}})
	fmt.Println(x)
	// Output: [[0] [4]]
}

func ExampleNewDataset() {
	// Two inputs (pairs of 2-vectors) and one label per example.
	a := []float32{1, 1, 2, 2, 3, 3}
	b := []float32{0, 1, 0, 2, 0, 3}
	same := []float32{1, 0, 1}
	ds, _ := data.NewDataset([]data.Column{data.Float32Column(a, 2), data.Float32Column(b, 2)},
		[]data.Column{data.Float32Column(same)}, data.DatasetOptions{BatchSize: 2})
	for batch := range ds.Iter() {
		fmt.Println(len(batch.Inputs), batch.Inputs[0].Shape(), batch.Labels[0].Shape())
	}
	// Output:
	// 2 (Float32)[2, 2] (Float32)[2]
	// 2 (Float32)[1, 2] (Float32)[1]
}

func ExampleFloat32Column() {
	// 2 examples of 2×2 "images".
	ds, _ := data.NewDataset([]data.Column{data.Float32Column(make([]float32, 8), 2, 2)}, nil, data.DatasetOptions{})
	fmt.Println(ds.NumExamples())
	// Output: 2
}

func ExampleInt32Column() {
	ds, _ := data.NewDataset(nil, []data.Column{data.Int32Column([]int32{0, 1, 1})}, data.DatasetOptions{})
	fmt.Println(ds.NumExamples())
	// Output: 3
}

func exampleDataset() *data.Dataset {
	ds, _ := data.NewDataset(nil, []data.Column{data.Int32Column([]int32{0, 1, 2, 3, 4})},
		data.DatasetOptions{Name: "digits-train", BatchSize: 2, Shuffle: true, Seed: 1})
	return ds
}

func ExampleDataset_Name() {
	fmt.Println(exampleDataset().Name())
	// Output: digits-train
}

func ExampleDataset_ShortName() {
	fmt.Println(exampleDataset().ShortName())
	// Output: dig
}

func ExampleDataset_NumExamples() {
	fmt.Println(exampleDataset().NumExamples())
	// Output: 5
}

func ExampleDataset_BatchesPerEpoch() {
	fmt.Println(exampleDataset().BatchesPerEpoch())
	// Output: 3
}

func ExampleDataset_EpochOrder() {
	ds := exampleDataset()
	fmt.Println(len(ds.EpochOrder(0)), fmt.Sprint(ds.EpochOrder(0)) == fmt.Sprint(ds.EpochOrder(0)))
	// Output: 5 true
}

func ExampleDataset_Iter() {
	ds := exampleDataset()
	seen := 0
	for epoch := 0; epoch < 3; epoch++ { // what train.Loop.RunEpochs does
		for b := range ds.Iter() {
			seen += b.Labels[0].Shape().Dimensions[0]
		}
	}
	fmt.Println(seen)
	// Output: 15
}

func ExampleDataset_Epoch() {
	ds := exampleDataset()
	var order []int32
	for b := range ds.Epoch(1) {
		order = append(order, b.Labels[0].Value().([]int32)...)
	}
	fmt.Println(fmt.Sprint(order) == fmt.Sprint(ds.EpochOrder(1)))
	// Output: true
}

func ExampleDataset_Reset() {
	ds := exampleDataset()
	first := func() any {
		for b := range ds.Iter() {
			return fmt.Sprint(b.Labels[0].Value())
		}
		return nil
	}
	a := first()
	ds.Reset()
	fmt.Println(a == first())
	// Output: true
}

func ExampleRing8() {
	t, _ := data.Ring8(data.TargetOptions{N: 1000, Seed: 1})
	fmt.Println(len(t.Points), len(t.Centres), t.Std)
	// Output: 1000 8 0.02
}

func ExampleGrid25() {
	t, _ := data.Grid25(data.TargetOptions{N: 1000, Seed: 1})
	fmt.Println(len(t.Centres), t.Centres[0], t.Centres[24], t.Std)
	// Output: 25 [-4 -4] [4 4] 0.05
}

func ExampleSwissRoll() {
	t, _ := data.SwissRoll(data.TargetOptions{N: 1000, Seed: 1})
	fmt.Printf("%d modes, σ=%.3f\n", len(t.Centres), t.Std)
	// Output: 36 modes, σ=0.090
}

func ExampleCheckerboard() {
	t, _ := data.Checkerboard(data.TargetOptions{N: 1000, Seed: 1})
	fmt.Println(len(t.Centres), t.Centres[0])
	// Output: 8 [-1.5 -1.5]
}

func ExampleTarget() {
	t, _ := data.Target("grid25", data.TargetOptions{N: 2500, Seed: 1})
	fmt.Println(t.Name, len(t.Points))
	_, err := data.Target("moons", data.TargetOptions{N: 10})
	fmt.Println(err)
	// Output:
	// grid25 2500
	// data.Target: argument name: unknown target "moons" (known: ring8, grid25, swissroll, checkerboard)
}

func ExampleTargetNames() {
	fmt.Println(data.TargetNames())
	// Output: [ring8 grid25 swissroll checkerboard]
}

func ExampleTarget2D_Tensor() {
	t, _ := data.Ring8(data.TargetOptions{N: 256, Seed: 1})
	fmt.Println(t.Tensor().Shape())
	// Output: (Float32)[256, 2]
}

func ExampleTarget2D_Fingerprint() {
	a, _ := data.Ring8(data.TargetOptions{N: 256, Seed: 1})
	b, _ := data.Ring8(data.TargetOptions{N: 256, Seed: 1})
	fmt.Println(a.Fingerprint() == b.Fingerprint())
	// Output: true
}

func ExampleTarget2D_Score() {
	t, _ := data.Grid25(data.TargetOptions{N: 2500, Seed: 1})
	real, _ := t.Score(t.Points) // a perfect generator
	fmt.Printf("%d/%d modes, %.2f high quality\n", real.Covered, real.Modes, real.HighQuality)
	// A collapsed generator: everything on one mode.
	collapsed := make([][]float64, 2500)
	for i := range collapsed {
		collapsed[i] = []float64{0, 0}
	}
	bad, _ := t.Score(collapsed)
	fmt.Printf("%d/%d modes, %.2f high quality\n", bad.Covered, bad.Modes, bad.HighQuality)
	// Output:
	// 25/25 modes, 0.99 high quality
	// 1/25 modes, 1.00 high quality
}

func ExampleModeCoverage() {
	centres := [][]float64{{0, 0}, {10, 0}}
	samples := [][]float64{{0.5, 0}, {0, -0.9}, {9.5, 0}, {5, 5}}
	cov, _ := data.ModeCoverage(samples, centres, 1, 2)
	fmt.Println(cov.Covered, cov.HighQuality, cov.Counts)
	// Output: 1 0.75 [2 1]
}

func ExampleDefaultMinCount() {
	fmt.Println(data.DefaultMinCount(2500, 25), data.DefaultMinCount(10, 8))
	// Output: 20 1
}

func ExampleLoadDigits() {
	d, _ := data.LoadDigits()
	fmt.Println(d.Len(), d.Dim(), d.Classes, d.Y[:5])
	// Output: 1797 64 10 [0 1 2 3 4]
}

func ExampleLoadDigitsFrom() {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write([]byte(strings.Repeat("0,", 64) + "12\n")) // label 12 is invalid
	w.Close()
	_, err := data.LoadDigitsFrom(&buf)
	fmt.Println(err)
	// Output: data.LoadDigitsFrom: argument r: row 1, column 65: label 12 is outside 0..9
}

func ExampleDigitImage() {
	d, _ := data.LoadDigits()
	img, _ := data.DigitImage(d.X[0])
	for _, row := range img {
		for _, v := range row {
			fmt.Print(map[bool]string{true: "#", false: "."}[v > 0.5])
		}
		fmt.Println()
	}
	// Output:
	// ...##...
	// ..####..
	// ..#..#..
	// ..#.....
	// .....#..
	// ..#..#..
	// ..#.##..
	// ...##...
}

func ExampleDigitGray() {
	d, _ := data.LoadDigits()
	g, _ := data.DigitGray(d.X[0])
	fmt.Println(g.Bounds(), g.GrayAt(3, 0).Y)
	// Output: (0,0)-(8,8) 207
}

func ExampleSamplePairs() {
	labels := []int{0, 0, 1, 1, 2}
	pairs, _ := data.SamplePairs(labels, 4, 1)
	for _, p := range pairs {
		fmt.Println(p.Same, labels[p.A] == labels[p.B])
	}
	// Output:
	// true true
	// false false
	// true true
	// false false
}

func ExampleSampleTriplets() {
	labels := []int{0, 0, 1, 1, 2}
	ts, _ := data.SampleTriplets(labels, 3, 1)
	for _, t := range ts {
		fmt.Println(labels[t.Anchor] == labels[t.Positive], labels[t.Anchor] != labels[t.Negative])
	}
	// Output:
	// true true
	// true true
	// true true
}

func ExamplePairTensors() {
	d, _ := data.LoadDigits()
	pairs, _ := data.SamplePairs(d.Y, 128, 1)
	a, b, same, _ := data.PairTensors(d.X, pairs) // inputs of losses.Contrastive
	fmt.Println(a.Shape(), b.Shape(), same.Shape())
	// Output: (Float32)[128, 64] (Float32)[128, 64] (Float32)[128]
}

func ExampleTripletTensors() {
	d, _ := data.LoadDigits()
	ts, _ := data.SampleTriplets(d.Y, 128, 1)
	a, p, n, _ := data.TripletTensors(d.X, ts) // inputs of losses.TripletMargin
	fmt.Println(a.Shape(), p.Shape(), n.Shape())
	// Output: (Float32)[128, 64] (Float32)[128, 64] (Float32)[128, 64]
}

func ExampleTwoViews() {
	d, _ := data.LoadDigits()
	v1, v2, _ := data.TwoViews(d.X[:256], data.AugmentOptions{
		NoiseStd: 0.05, MaxShift: 1, Width: 8, Height: 8, Clip: true, ClipMin: 0, ClipMax: 1, Seed: 1,
	})
	fmt.Println(len(v1), len(v2[0])) // positives for NT-Xent: (v1[i], v2[i])
	// Output: 256 64
}
