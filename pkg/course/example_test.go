package course_test

import (
	"fmt"
	"math"
	"strings"

	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/losscourse/losscourse/pkg/course"
	"github.com/losscourse/losscourse/pkg/data"
	"github.com/losscourse/losscourse/pkg/gradcheck"
	"github.com/losscourse/losscourse/pkg/losses"
)

func ExampleStart() {
	// The first code cell of every notebook: one line saying which backend runs,
	// why, and whether fast mode is on (the text depends on the machine).
	setup := course.Start()
	_ = setup.Choice.Config // e.g. "go:ops_sequential"
}

func ExampleBackend() {
	// Every later cell: the same backend, silently.
	b := course.Backend()
	fmt.Println(b == course.Backend())
	// Output: true
}

func ExamplePick() {
	steps := course.Pick(2000, 300) // 300 when LOSSCOURSE_FAST=1
	fmt.Println(steps == 2000 || steps == 300)
	// Output: true
}

func ExampleMust() {
	moons := course.Must(data.Moons(data.MoonsOptions{N: 100, Seed: 1}))
	fmt.Println(moons.Len())
	// Output: 100
}

func ExampleCheck() {
	// A CHECK is an exact statement checked numerically; the notebook test reads the line.
	course.Check("sigmoid_at_zero", 1/(1+math.Exp(0)) == 0.5, "σ(0) = %.2f", 0.5)
	// Output: CHECK sigmoid_at_zero σ(0) = 0.50 ok
}

func ExampleClaim() {
	// A CLAIM is an experimental result that could come out the other way.
	recallFocal, recallCE := 0.81, 0.40
	course.Claim("focal_recall_gt_ce", recallFocal > recallCE, "%.2f > %.2f", recallFocal, recallCE)
	// Output: CLAIM focal_recall_gt_ce: 0.81 > 0.40 ok
}

func ExampleVerdict() {
	fmt.Println(course.Verdict(true), course.Verdict(false))
	// Output: ok FAIL
}

func ExampleCheckClose() {
	course.CheckClose("mean_of_1_2_3", course.Mean([]float64{1, 2, 3}), 2, 1e-12)
	// Output: CHECK mean_of_1_2_3 got=2 want=2 |diff|=0.0e+00 (tol 1e-12) ok
}

func ExampleCheckRelErr() {
	// A hand-derived gradient against another computation of it (in a notebook: autodiff).
	pred, target := []float64{2.5, 0, 2.1, 7.8}, []float64{3, -0.5, 2, 7}
	closed, other := make([]float64, 4), make([]float64, 4)
	for i := range pred {
		closed[i] = 2 * (pred[i] - target[i]) / 4                      // ∂MSE/∂ŷ_i = 2(ŷ_i − y_i)/n
		other[i] = ((pred[i] - target[i]) + (pred[i] - target[i])) / 4 // the same, summed differently
	}
	course.CheckRelErr("mse_grad", closed, other, 1e-12)
	// Output: CHECK mse_grad rel_err=0.0e+00 over 4 values (tol 1e-12) ok
}

func ExampleMaxRelErr() {
	fmt.Printf("%.2f\n", course.MaxRelErr([]float64{1, 3}, []float64{1, 1}))
	// Output: 0.50
}

func ExampleMaxAbsDiff() {
	fmt.Println(course.MaxAbsDiff([]float64{1, 2}, []float64{1.5, 2}))
	// Output: 0.5
}

func ExampleCheckGradient() {
	b := course.Backend()
	var line strings.Builder
	course.Output = &line // capture the CHECK line (nil: stdout, as in a notebook)
	defer func() { course.Output = nil }()
	res := course.CheckGradient("gradcheck_mse", b, func(xs []*Node) *Node {
		return losses.MeanSquaredError(xs[0], xs[1])
	}, []gradcheck.Input{
		{Values: []float64{2.5, 0, 2.1}, Dims: []int{3}},
		{Values: []float64{3, -0.5, 2}, Dims: []int{3}, NoGrad: true}, // the target
	}, 1e-7)
	// line: "CHECK gradcheck_mse loss=0.17 rel_err=7.0e-11 (autodiff vs finite differences, tol 1e-07) ok"
	fields := strings.Fields(line.String())
	fmt.Println(fields[0], fields[1], fields[2], fields[len(fields)-1])
	fmt.Printf("autodiff ∂/∂ŷ = %.4f\n", res.Autodiff[0])
	// Output:
	// CHECK gradcheck_mse loss=0.17 ok
	// autodiff ∂/∂ŷ = [-0.3333 0.3333 0.0667]
}

func ExampleFloats() {
	b := course.Backend()
	t := MustExecOnce(b, func(x *Node) *Node { return Sigmoid(x) }, []float32{0, 2})
	fmt.Printf("%.4f\n", course.Floats(t))
	// Output: [0.5000 0.8808]
}

func ExampleScalar() {
	b := course.Backend()
	t := MustExecOnce(b, func(x *Node) *Node { return ReduceAllSum(x) }, []float64{1, 2, 3})
	fmt.Println(course.Scalar(t))
	// Output: 6
}

func ExampleMatrix() {
	fmt.Println(course.Matrix([]float64{1, 2, 3, 4, 5, 6}, 2))
	// Output: [[1 2] [3 4] [5 6]]
}

func ExampleTensor32() {
	fmt.Println(course.Tensor32([][]float64{{1, 2}, {3, 4}}).Shape())
	// Output: (Float32)[2, 2]
}

func ExampleValueGrad() {
	// BCE with logits: the gradient of the summed loss is σ(z) − y, element by element.
	b := course.Backend()
	z, y := []float64{-1, 0, 2}, []float64{0, 1, 1}
	value, grad := course.Must2(course.ValueGrad(b, func(z *Node, rest []*Node) *Node {
		return losses.BinaryCrossEntropyWithLogits(z, rest[0], losses.Reduce(losses.ReductionNone))
	}, z, y))
	fmt.Printf("Σℓ = %.4f, ∂/∂z = %.4f\n", value, grad)
	// Output: Σℓ = 1.1333, ∂/∂z = [0.2689 -0.5000 -0.1192]
}

func ExampleGradientDescent() {
	// Fitting a constant prediction with MSE finds the mean.
	b := course.Backend()
	theta, history := course.Must2(course.GradientDescent(b, func(theta, y *Node) *Node {
		return losses.MeanSquaredError(course.Param(theta, 0, y), y)
	}, []float64{0}, []float64{1, 2, 6}, course.GDOptions{LearningRate: 0.2, Steps: 100}))
	fmt.Printf("μ = %.6f after %d steps (loss %.2f → %.2f)\n", theta[0], len(history), history[0], history[len(history)-1])
	// Output: μ = 3.000000 after 100 steps (loss 13.67 → 4.67)
}

func ExampleParam() {
	b := course.Backend()
	t := MustExecOnce(b, func(theta, like *Node) *Node { return course.Param(theta, 1, like) }, []float64{5, 7}, []float64{0, 0, 0})
	fmt.Println(course.Floats(t))
	// Output: [7 7 7]
}

func ExampleMLP() {
	// 2 inputs → 16 tanh units → 2 logits, as a GoMLX train.ModelFn.
	net := course.MLP{Hidden: []int{16}, Out: 2}
	b := course.Backend()
	logits := model.MustCallOnce(b, model.NewStore(), func(scope *model.Scope, x *Node) *Node {
		return net.ModelFn()(scope, nil, []*Node{x})[0]
	}, [][]float32{{0.5, -1}, {1, 1}, {0, 0}})
	fmt.Println(logits.Shape())
	// Output: (Float32)[3, 2]
}

func ExampleFit() {
	b := course.Backend()
	moons := course.Must(data.Moons(data.MoonsOptions{N: 600, Noise: 0.15, Seed: 3}))
	train, test := course.Must2(moons.Split(0.3, 4))
	ds := course.Must(train.Dataset(data.DatasetOptions{BatchSize: 64, Shuffle: true, Seed: 1, Infinite: true}))
	net := course.MLP{Hidden: []int{16}, Out: 2}
	store := course.Must(course.Fit(b, net.ModelFn(), losses.LossFn(losses.SoftmaxCrossEntropy), ds,
		course.FitOptions{Steps: 300, LearningRate: 0.02, Seed: 1, Title: "softmax CE"}))
	probs := course.Must(course.Probabilities(b, store, net.ModelFn(), test.X))
	fmt.Println("test accuracy > 0.95:", course.Accuracy(probs, test.Y) > 0.95)
	// Output: test accuracy > 0.95: true
}

func ExampleApply() {
	b := course.Backend()
	net := course.MLP{Out: 3} // linear: 2 → 3
	out := course.Must(course.Apply(b, model.NewStore(), net.ModelFn(), [][]float64{{1, 2}, {3, 4}}))
	fmt.Println(len(out), len(out[0]))
	// Output: 2 3
}

func ExampleProbabilities() {
	b := course.Backend()
	net := course.MLP{Out: 1} // one logit: a sigmoid column P(y = 1)
	p := course.Must(course.Probabilities(b, model.NewStore(), net.ModelFn(), [][]float64{{0, 0}}))
	fmt.Printf("%.2f\n", p[0][0]) // zero input, zero bias: σ(0)
	// Output: 0.50
}

func ExampleBinaryDataset() {
	moons := course.Must(data.Moons(data.MoonsOptions{N: 10, Seed: 1}))
	ds := course.Must(course.BinaryDataset(moons, data.DatasetOptions{BatchSize: 4}))
	for batch, err := range ds.Iter() {
		if err != nil {
			panic(err)
		}
		fmt.Println(batch.Inputs[0].Shape(), batch.Labels[0].Shape())
		break
	}
	// Output: (Float32)[4, 2] (Float32)[4, 1]
}

func ExampleArgMax() {
	fmt.Println(course.ArgMax([]float64{0.1, 0.7, 0.2}))
	// Output: 1
}

func ExamplePredict() {
	fmt.Println(course.Predict([][]float64{{0.2, 0.8}, {0.9}, {0.3}}))
	// Output: [1 1 0]
}

func ExampleAccuracy() {
	fmt.Printf("%.3f\n", course.Accuracy([][]float64{{0.7, 0.3}, {0.2, 0.8}, {0.6, 0.4}}, []int{0, 1, 1}))
	// Output: 0.667
}

func ExampleColumn() {
	fmt.Println(course.Column([][]float64{{1, 2}, {3, 4}}, 1))
	// Output: [2 4]
}

func ExampleRecallAt() {
	fmt.Printf("%.3f\n", course.RecallAt([]float64{0.9, 0.4, 0.6, 0.2}, []int{1, 1, 0, 1}, 0.5))
	// Output: 0.333
}

func ExamplePrecisionRecall() {
	_, _, ap := course.PrecisionRecall([]float64{0.1, 0.7, 0.9, 0.8}, []int{0, 1, 1, 0})
	fmt.Printf("AP = %.4f\n", ap) // precision 1 and 2/3 at the two positives
	// Output: AP = 0.8333
}

func ExampleCalibrate() {
	// Confident (0.95) but right only half the time: ECE = |0.5 − 0.95| = 0.45.
	c := course.Calibrate([][]float64{{0.95, 0.05}, {0.95, 0.05}}, []int{0, 1}, 10)
	fmt.Printf("ECE = %.2f, bin 9: confidence %.2f, accuracy %.2f\n", c.ECE, c.Confidence[9], c.Accuracy[9])
	// Output: ECE = 0.45, bin 9: confidence 0.95, accuracy 0.50
}

func ExampleSqDist() {
	fmt.Println(course.SqDist([]float64{0, 0}, []float64{3, 4}))
	// Output: 25
}

func ExampleNormalizeRows() {
	fmt.Println(course.NormalizeRows([][]float64{{3, 4}}))
	// Output: [[0.6 0.8]]
}

func ExampleKNNAccuracy() {
	train := [][]float64{{0, 0}, {0, 1}, {10, 10}, {10, 11}}
	fmt.Println(course.KNNAccuracy(train, []int{0, 0, 1, 1}, [][]float64{{1, 1}, {9, 9}}, []int{0, 1}, 1))
	// Output: 1
}

func ExampleRecallAt1() {
	fmt.Println(course.RecallAt1([][]float64{{0}, {0.1}, {5}, {5.2}}, []int{0, 0, 1, 1}))
	// Output: 1
}

func ExamplePCA() {
	// Points on a line in 3-D: one principal component holds all the variance.
	x := [][]float64{{1, 2, 0}, {2, 4, 0}, {3, 6, 0}}
	p := course.PCA(x, 1)
	fmt.Printf("%.4f %.4f %.4f\n", math.Abs(p[0][0]), p[1][0], math.Abs(p[2][0]))
	// Output: 2.2361 0.0000 2.2361
}

func ExampleMean() {
	fmt.Println(course.Mean([]float64{1, 2, 6}))
	// Output: 3
}

func ExampleVariance() {
	fmt.Println(course.Variance([]float64{1, 2, 6})) // divides by n: the Gaussian MLE
	// Output: 4.666666666666667
}

func ExampleMedian() {
	fmt.Println(course.Median([]float64{6, 1, 2}), course.Median([]float64{4, 1, 2, 6}))
	// Output: 2 3
}

func ExampleLinspace() {
	fmt.Println(course.Linspace(0, 1, 5))
	// Output: [0 0.25 0.5 0.75 1]
}

func ExampleMap() {
	fmt.Println(course.Map([]float64{1, 2}, func(x float64) float64 { return x * x }))
	// Output: [1 4]
}

func ExampleSummarize() {
	fmt.Println(course.Summarize([]float64{0.8, 0.9, 1.0}))
	// Output: 0.900 ± 0.100 (n = 3)
}

func ExampleSummary_SE() {
	fmt.Printf("%.4f\n", course.Summarize([]float64{1, 2, 3, 4}).SE())
	// Output: 0.6455
}

func ExampleSeeds() {
	fmt.Println(course.Seeds(3))
	// Output: [1 2 3]
}

func ExampleOverSeeds() {
	// A metric measured once per seed, summarised as mean ± sd.
	s := course.Must(course.OverSeeds(course.Seeds(5), func(seed int64) (float64, error) {
		return 0.9 + 0.01*float64(seed%3), nil
	}))
	fmt.Println(s)
	// Output: 0.912 ± 0.008 (n = 5)
}

func ExamplePaired() {
	// Focal vs CE recall on the same five seeds: the differences, not two separate spreads.
	focal := []float64{0.82, 0.78, 0.85, 0.80, 0.79}
	ce := []float64{0.70, 0.69, 0.75, 0.66, 0.71}
	d := course.Paired(focal, ce)
	fmt.Printf("focal − CE = %.3f ± %.3f (s.e.)\n", d.Mean, d.SE())
	// Output: focal − CE = 0.106 ± 0.011 (s.e.)
}

func ExampleNewFigure() {
	f := course.NewFigure("Squared error and its gradient", "error e = ŷ − y", "value")
	e := course.Linspace(-2, 2, 81)
	f.Line("loss e²", e, course.Map(e, func(e float64) float64 { return e * e }))
	f.Line("gradient 2e", e, course.Map(e, func(e float64) float64 { return 2 * e }), course.Dashed())
	f.Legend.Top, f.Legend.Left = true, true
	f.Show() // displays a PNG in GoNB; does nothing elsewhere
	png := course.Must(f.PNG())
	fmt.Println(string(png[1:4]))
	// Output: PNG
}

func ExampleShowRow() {
	a, b := course.NewFigure("MSE", "x", "y"), course.NewFigure("MAE", "x", "y")
	a.Func("", func(x float64) float64 { return x * x }, -1, 1)
	b.Func("", math.Abs, -1, 1)
	course.ShowRow(a, b) // side by side, plot areas aligned
	png := course.Must(course.RowPNG(a, b))
	fmt.Println(len(png) > 0)
	// Output: true
}

func ExampleFigure_Heatmap() {
	// P(class 1) of a classifier over the plane: fn gets all grid points at once.
	f := course.NewFigure("P(class 1)", "x₁", "x₂")
	f.Heatmap(func(pts [][]float64) []float64 {
		return course.Map(course.Column(pts, 0), func(x float64) float64 { return 1 / (1 + math.Exp(-x)) })
	}, -3, 3, -2, 2, 50, 0, 1)
	f.Classes([][]float64{{-1, 0}, {1, 0}}, []int{0, 1}, []string{"class 0", "class 1"})
	fmt.Println(len(course.Must(f.PNG())) > 0)
	// Output: true
}

func ExampleFigure_ErrorBars() {
	f := course.NewFigure("recall over 5 seeds", "γ", "minority recall")
	s := []course.Summary{course.Summarize([]float64{0.6, 0.7}), course.Summarize([]float64{0.8, 0.82})}
	f.ErrorBars("focal (mean ± sd)", []float64{0, 2}, []float64{s[0].Mean, s[1].Mean}, []float64{s[0].SD, s[1].SD})
	fmt.Println(len(course.Must(f.PNG())) > 0)
	// Output: true
}

func ExampleDigitsSplit() {
	train, test := course.Must2(course.DigitsSplit())
	fmt.Println(train.Len(), test.Len())
	// Output: 1438 359
}

func ExampleDigitGrid() {
	train, _ := course.Must2(course.DigitsSplit())
	img := course.DigitGrid(train.X[:12], 6, 4) // 2 rows of 6 digits, 4× enlarged
	course.ShowImage(img)
	fmt.Println(img.Bounds().Dx(), img.Bounds().Dy())
	// Output: 216 72
}

func ExampleSigmoid() {
	fmt.Printf("%.4f %.4f %.4f\n", course.Sigmoid(-2), course.Sigmoid(0), course.Sigmoid(800))
	// Output: 0.1192 0.5000 1.0000
}

func ExampleLogSumExp() {
	fmt.Printf("%.4f\n", course.LogSumExp([]float64{1000, 1000})) // 1000 + log 2, no overflow
	// Output: 1000.6931
}

func ExampleSoftmax() {
	fmt.Printf("%.4f\n", course.Softmax([]float64{1, 2, 3}))
	// Output: [0.0900 0.2447 0.6652]
}

func ExampleOneHot() {
	fmt.Println(course.OneHot(1, 3))
	// Output: [0 1 0]
}

func ExampleFloat32s() {
	fmt.Println(course.Float32s([]float64{0.5, 2}))
	// Output: [0.5 2]
}

func ExampleIntegrate() {
	// KL(N(μ, σ²) ‖ N(0, 1)) from its integral, against the closed form −½(1 + log σ² − μ² − σ²).
	mu, sigma := 0.5, 0.8
	kl := course.Integrate(func(z float64) float64 {
		return course.NormalPDF(z, mu, sigma) * (course.NormalLogPDF(z, mu, sigma) - course.NormalLogPDF(z, 0, 1))
	}, -12, 12, 4000)
	closed := -0.5 * (1 + math.Log(sigma*sigma) - mu*mu - sigma*sigma)
	fmt.Printf("%.10f %.10f\n", kl, closed)
	// Output: 0.1681435513 0.1681435513
}

func ExampleNormalLogPDF() {
	fmt.Printf("%.4f\n", course.NormalLogPDF(1, 0, 1)) // −½ log 2π − ½
	// Output: -1.4189
}

func ExampleNormalPDF() {
	fmt.Printf("%.4f\n", course.NormalPDF(0, 0, 1)) // 1/√(2π)
	// Output: 0.3989
}

func ExampleRows() {
	fmt.Println(course.Rows([][]float64{{1, 2}, {3, 4}, {5, 6}}, []int{2, 0}))
	// Output: [[5 6] [1 2]]
}

func ExampleFloatColumn() {
	// Inputs x and targets y of a regression, as a GoMLX dataset.
	x, y := [][]float64{{0}, {1}, {2}}, [][]float64{{1}, {3}, {5}}
	ds := course.Must(data.NewDataset([]data.Column{course.FloatColumn(x)}, []data.Column{course.FloatColumn(y)}, data.DatasetOptions{BatchSize: 3}))
	for batch := range ds.Iter() {
		fmt.Println(batch.Inputs[0].Shape(), batch.Labels[0].Shape())
	}
	// Output: (Float32)[3, 1] (Float32)[3, 1]
}

func ExampleTripletDataset() {
	train, _ := course.Must2(course.DigitsSplit())
	ds := course.Must(course.TripletDataset(train, 640, 1, data.DatasetOptions{BatchSize: 64, Shuffle: true, Seed: 3, Infinite: true}))
	for batch := range ds.Iter() {
		fmt.Println(len(batch.Inputs), batch.Inputs[0].Shape()) // anchors, positives, negatives
		break
	}
	// Output: 3 (Float32)[64, 64]
}

func ExamplePairDataset() {
	train, _ := course.Must2(course.DigitsSplit())
	ds := course.Must(course.PairDataset(train, 640, 2, data.DatasetOptions{BatchSize: 64}))
	for batch := range ds.Iter() {
		fmt.Println(len(batch.Inputs), batch.Labels[0].Shape()) // two digits and "same digit?"
		break
	}
	// Output: 2 (Float32)[64]
}

func ExampleViewsDataset() {
	train, _ := course.Must2(course.DigitsSplit())
	aug := data.AugmentOptions{NoiseStd: 0.1, MaxShift: 1, Width: 8, Height: 8, Clip: true, ClipMin: 0, ClipMax: 1, Seed: 10}
	ds := course.Must(course.ViewsDataset(train.X, 4, aug, data.DatasetOptions{BatchSize: 128, DropIncomplete: true}))
	n := 0
	for batch := range ds.Iter() {
		n += batch.Inputs[0].Shape().Dimensions[0]
	}
	fmt.Println(n) // 4 rounds of the 1438 training digits, in whole batches of 128
	// Output: 5632
}

func ExampleDot() {
	fmt.Println(course.Dot([]float64{1, 2}, []float64{3, 4}))
	// Output: 11
}

func ExampleGrad() {
	// ∂/∂z of the summed per-element BCE is σ(z) − y.
	g := course.Grad(func(z *Node, y []*Node) *Node {
		return losses.BinaryCrossEntropyWithLogits(z, y[0], losses.Reduce(losses.ReductionSum))
	}, []float64{0, 2}, []float64{1, 0})
	fmt.Printf("%.4f\n", g)
	// Output: [-0.5000 0.8808]
}

func ExampleCalibration_Curve() {
	c := course.Calibrate([][]float64{{0.95, 0.05}, {0.95, 0.05}, {0.3, 0.7}}, []int{0, 1, 1}, 10)
	conf, acc := c.Curve() // the non-empty bins: 0.7 (1 prediction) and 0.95 (2 predictions)
	fmt.Println(conf, acc)
	// Output: [0.7 0.95] [1 0.5]
}

func ExampleTake() {
	fmt.Println(course.Take([]float64{10, 20, 30}, []int{2, 0}))
	// Output: [30 10]
}

func ExampleEmbeddingFigure() {
	// The test digits' raw pixels, projected on their two leading principal components.
	_, test := course.Must2(course.DigitsSplit())
	f := course.EmbeddingFigure("Raw pixels (test digits)", test.X, test.Y)
	f.Show()
	fmt.Println(len(course.Must(f.PNG())) > 0)
	// Output: true
}

// PowerTicks labels a log axis at powers of ten only (and marks 2–9 times them).
func ExamplePowerTicks() {
	var labels []string
	for _, tk := range (course.PowerTicks{}).Ticks(0.005, 20) {
		if tk.Label != "" {
			labels = append(labels, tk.Label)
		}
	}
	fmt.Println(labels)
	// Output: [0.01 0.1 1 10]
}
