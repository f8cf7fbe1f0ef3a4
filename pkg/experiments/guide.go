package experiments

import (
	"fmt"
	"math"

	"github.com/gomlx/compute"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/layers"
	"github.com/gomlx/gomlx/ml/layers/activation"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/train"
	"github.com/gomlx/gomlx/ml/train/optimizer"

	"github.com/losscourse/losscourse/pkg/course"
	"github.com/losscourse/losscourse/pkg/data"
	"github.com/losscourse/losscourse/pkg/losses"
)

// The experiments of notebook 07 ("choosing a loss"): each is a compact, seeded
// experiment — full-batch Adam(0.02) on a small model — run once per seed by the
// notebook, which reports mean ± sd over seeds. The seed draws the data, the split
// and the initial weights.

// fitFullBatch trains net on (x, y) — y a float32 [N, k] or int32 [N] column — with
// course.Fit: steps of full-batch Adam(lr) on loss(predictions, targets).
func fitFullBatch(b compute.Backend, net train.ModelFn, x [][]float64, y data.Column, loss func(pred, y *Node) *Node, steps int, lr float64, seed uint64) (*model.Store, error) {
	flat := make([]float32, 0, len(x)*len(x[0]))
	for _, row := range x {
		for _, v := range row {
			flat = append(flat, float32(v))
		}
	}
	ds, err := data.NewDataset([]data.Column{data.Float32Column(flat, len(x[0]))}, []data.Column{y},
		data.DatasetOptions{Name: "train", BatchSize: len(x), Infinite: true})
	if err != nil {
		return nil, err
	}
	lossFn := func(labels, preds []*Node) *Node { return loss(preds[0], labels[0]) }
	return course.Fit(b, net, lossFn, ds, course.FitOptions{Steps: steps, LearningRate: lr, Seed: int64(seed), Quiet: true})
}

// reluNet is a network with one hidden layer of 32 ReLU units (h = 0: a linear model) and out outputs.
func reluNet(h, out int) train.ModelFn {
	m := course.MLP{Out: out, Activation: activation.TypeRelu}
	if h > 0 {
		m.Hidden = []int{h}
	}
	return m.ModelFn()
}

// ClassificationResult is one seed of GuideClassification.
type ClassificationResult struct {
	Binary     float64 // two moons, one logit + BCE: test accuracy
	MultiClass float64 // 4 Gaussian blobs, softmax cross-entropy: test accuracy
	// MultiLabelBCE and MultiLabelSoftmax are the exact-match accuracies of
	// two independent labels ("x₀ > 0", "x₁ > 0") predicted with one BCE per
	// label, and (misused) with a softmax over the two labels trained on the
	// normalised label vector.
	MultiLabelBCE, MultiLabelSoftmax float64
}

// GuideClassification runs the three classification experiments of notebook 07.
func GuideClassification(b compute.Backend, steps int, seed uint64) (ClassificationResult, error) {
	var r ClassificationResult
	moons, err := data.Moons(data.MoonsOptions{N: 800, Noise: 0.2, Seed: seed})
	if err != nil {
		return r, err
	}
	mtr, mte, err := moons.Split(0.25, seed)
	if err != nil {
		return r, err
	}
	yb := make([]float32, mtr.Len())
	for i, y := range mtr.Y {
		yb[i] = float32(y)
	}
	net := reluNet(32, 1)
	store, err := fitFullBatch(b, net, mtr.X, data.Float32Column(yb, 1), func(p, y *Node) *Node { return losses.BinaryCrossEntropyWithLogits(p, y) }, steps, 0.02, seed)
	if err != nil {
		return r, err
	}
	logits, err := course.Apply(b, store, net, mte.X)
	if err != nil {
		return r, err
	}
	correct := 0
	for i, y := range mte.Y {
		if (logits[i][0] > 0) == (y == 1) {
			correct++
		}
	}
	r.Binary = float64(correct) / float64(mte.Len())

	blobs, err := data.Blobs(data.BlobsOptions{N: 800, Classes: 4, Std: 1.2, Seed: seed + 100})
	if err != nil {
		return r, err
	}
	btr, bte, err := blobs.Split(0.25, seed)
	if err != nil {
		return r, err
	}
	net = reluNet(32, 4)
	store, err = fitFullBatch(b, net, btr.X, data.Int32Column(btr.Y32()), func(p, y *Node) *Node { return losses.SoftmaxCrossEntropy(p, y) }, steps, 0.02, seed)
	if err != nil {
		return r, err
	}
	out, err := course.Apply(b, store, net, bte.X)
	if err != nil {
		return r, err
	}
	r.MultiClass = course.Accuracy(out, bte.Y)

	pts, err := data.Blobs(data.BlobsOptions{N: 800, Classes: 4, Std: 1.0, Separation: 2, Seed: seed + 200})
	if err != nil {
		return r, err
	}
	ptr, pte, err := pts.Split(0.25, seed)
	if err != nil {
		return r, err
	}
	multi, norm := multiLabels(ptr.X)
	truth, _ := multiLabels(pte.X)
	exact := func(probs func(i, j int) float64) float64 {
		ok := 0
		for i := range pte.X {
			if (probs(i, 0) > 0.5) == (truth[2*i] == 1) && (probs(i, 1) > 0.5) == (truth[2*i+1] == 1) {
				ok++
			}
		}
		return float64(ok) / float64(pte.Len())
	}
	net = reluNet(32, 2)
	store, err = fitFullBatch(b, net, ptr.X, data.Float32Column(multi, 2), func(p, y *Node) *Node { return losses.BinaryCrossEntropyWithLogits(p, y) }, steps, 0.02, seed)
	if err != nil {
		return r, err
	}
	out, err = course.Apply(b, store, net, pte.X)
	if err != nil {
		return r, err
	}
	r.MultiLabelBCE = exact(func(i, j int) float64 { return course.Sigmoid(out[i][j]) })
	store, err = fitFullBatch(b, net, ptr.X, data.Float32Column(norm, 2), func(p, y *Node) *Node { return losses.SoftmaxCrossEntropyDense(p, y) }, steps, 0.02, seed)
	if err != nil {
		return r, err
	}
	out, err = course.Apply(b, store, net, pte.X)
	if err != nil {
		return r, err
	}
	r.MultiLabelSoftmax = exact(func(i, j int) float64 { return course.Softmax(out[i])[j] })
	return r, nil
}

// multiLabels returns, per point, the two labels ("x₀ > 0", "x₁ > 0") and the
// same vector normalised to sum 1 ((½, ½) for no label): the targets of a softmax.
func multiLabels(x [][]float64) (multi, norm []float32) {
	for _, p := range x {
		a, c := float32(0), float32(0)
		if p[0] > 0 {
			a = 1
		}
		if p[1] > 0 {
			c = 1
		}
		multi = append(multi, a, c)
		if a+c == 0 {
			norm = append(norm, 0.5, 0.5)
		} else {
			norm = append(norm, a/(a+c), c/(a+c))
		}
	}
	return
}

// RegressionResult is one seed of GuideRegression: the test MAE against the clean
// targets of a linear model fitted with each loss.
type RegressionResult struct{ MSE, Huber, MAE float64 }

// GuideRegression fits y = w·x + b (2 inputs) with MSE, Huber (δ = 1) and MAE on
// data with Gaussian noise (σ = 0.3) where 15 % of the training targets are
// outliers, and reports the test MAE against the clean targets.
func GuideRegression(b compute.Backend, steps int, seed uint64) (RegressionResult, error) {
	var r RegressionResult
	reg, err := data.Linear(data.RegressionOptions{N: 400, Dim: 2, Noise: data.GaussianNoise, Scale: 0.3, Outliers: 0.15, Seed: seed})
	if err != nil {
		return r, err
	}
	tr, te, err := reg.Split(0.25, seed)
	if err != nil {
		return r, err
	}
	net := reluNet(0, 1)
	testMAE := func(loss func(p, y *Node) *Node) (float64, error) {
		store, err := fitFullBatch(b, net, tr.X, data.Float32Column(tr.Y32(), 1), loss, steps, 0.02, seed)
		if err != nil {
			return 0, err
		}
		out, err := course.Apply(b, store, net, te.X)
		if err != nil {
			return 0, err
		}
		var s float64
		for i, c := range te.Clean {
			s += math.Abs(out[i][0]-c) / float64(te.Len())
		}
		return s, nil
	}
	if r.MSE, err = testMAE(func(p, y *Node) *Node { return losses.MeanSquaredError(p, y) }); err != nil {
		return r, err
	}
	if r.Huber, err = testMAE(func(p, y *Node) *Node { return losses.Huber(p, y, losses.Delta(1)) }); err != nil {
		return r, err
	}
	r.MAE, err = testMAE(func(p, y *Node) *Node { return losses.MeanAbsoluteError(p, y) })
	return r, err
}

// EmbeddingResult is one seed of GuideEmbedding: test recall@1 of a linear
// 64 → 16 embedding of the digits.
type EmbeddingResult struct{ Triplet, InfoNCE float64 }

// GuideEmbedding trains a linear 64 → 16 embedding of the 8×8 digits with the
// triplet loss (margin 1) and with InfoNCE (τ = 0.1, each anchor against the
// positives of the batch), on 1024 triplets drawn from the training digits
// (course.DigitsSplit), and reports recall@1 on the test digits.
func GuideEmbedding(b compute.Backend, steps int, seed uint64) (EmbeddingResult, error) {
	var r EmbeddingResult
	dtr, dte, err := course.DigitsSplit()
	if err != nil {
		return r, err
	}
	trips, err := data.SampleTriplets(dtr.Y, 1024, seed)
	if err != nil {
		return r, err
	}
	a, p, n, err := data.TripletTensors(dtr.X, trips)
	if err != nil {
		return r, err
	}
	emb := func(root *model.Scope, x *Node) *Node { return layers.DenseWithBias(root.At("emb"), x, 16) }
	run := func(loss func(a, p, n *Node) *Node) (float64, error) {
		store := model.NewStore()
		store.SetParam(model.ParamInitialSeed, int64(seed))
		opt := optimizerAdam(0.01)
		step, err := model.NewExec(b, store, func(root *model.Scope, a, p, n *Node) *Node {
			l := loss(emb(root, a), emb(root, p), emb(root, n))
			opt.UpdateGraph(root, a.Graph(), l)
			return l
		})
		if err != nil {
			return 0, err
		}
		for s := 0; s < steps; s++ {
			if _, err := step.Exec(a, p, n); err != nil {
				return 0, err
			}
		}
		e, err := model.NewExec(b, store, emb)
		if err != nil {
			return 0, err
		}
		out, err := e.Exec(course.Tensor32(dte.X))
		if err != nil {
			return 0, err
		}
		return course.RecallAt1(course.Matrix(course.Floats(out[0]), 16), dte.Y), nil
	}
	if r.Triplet, err = run(func(a, p, n *Node) *Node { return losses.TripletMargin(a, p, n, losses.Margin(1)) }); err != nil {
		return r, err
	}
	r.InfoNCE, err = run(func(a, p, _ *Node) *Node { return losses.InfoNCE(a, p, losses.Temperature(0.1)) })
	return r, err
}

// VAEResult is one seed of GuideVAE.
type VAEResult struct {
	NegELBO   float64 // test −ELBO, nats per digit
	MeanImage float64 // NLL of the test digits under the training mean image (a decoder that ignores x)
}

// GuideVAE trains the VAE of notebook 05 (latent 4, 64 ReLU units, Bernoulli
// decoder, losses.VAELoss) full-batch on the training digits for 2·steps steps.
func GuideVAE(b compute.Backend, steps int, seed uint64) (VAEResult, error) {
	var r VAEResult
	dtr, dte, err := course.DigitsSplit()
	if err != nil {
		return r, err
	}
	store := model.NewStore()
	store.SetParam(model.ParamInitialSeed, int64(seed))
	if err := store.SetRNGStateFromSeed(int64(seed)); err != nil {
		return r, err
	}
	opt := optimizerAdam(0.01)
	vae := func(root *model.Scope, x *Node) losses.ELBOTerms {
		h := activation.Relu(layers.DenseWithBias(root.At("enc"), x, 64))
		mean, logVar := layers.DenseWithBias(root.At("mu"), h, 4), layers.DenseWithBias(root.At("lv"), h, 4)
		z := Add(mean, Mul(Exp(MulScalar(logVar, 0.5)), root.RandomNormal(x.Graph(), mean.Shape())))
		logits := layers.DenseWithBias(root.At("dec2"), activation.Relu(layers.DenseWithBias(root.At("dec1"), z, 64)), 64)
		return losses.VAELoss(x, logits, mean, logVar, losses.Reconstruction(losses.BernoulliLogits))
	}
	step, err := model.NewExec(b, store, func(root *model.Scope, x *Node) *Node {
		t := vae(root, x)
		opt.UpdateGraph(root, x.Graph(), t.Total)
		return t.Total
	})
	if err != nil {
		return r, err
	}
	xtr := course.Tensor32(dtr.X)
	for s := 0; s < 2*steps; s++ {
		if _, err := step.Exec(xtr); err != nil {
			return r, err
		}
	}
	eval, err := model.NewExec(b, store, func(root *model.Scope, x *Node) *Node { return vae(root, x).Total })
	if err != nil {
		return r, err
	}
	out, err := eval.Exec(course.Tensor32(dte.X))
	if err != nil {
		return r, err
	}
	r.NegELBO = course.Scalar(out[0])
	mean := make([]float64, 64)
	for _, row := range dtr.X {
		for j, v := range row {
			mean[j] += v / float64(dtr.Len())
		}
	}
	for _, row := range dte.X {
		for j, v := range row {
			q := math.Min(math.Max(mean[j], 1e-6), 1-1e-6)
			r.MeanImage -= (v*math.Log(q) + (1-v)*math.Log(1-q)) / float64(dte.Len())
		}
	}
	if math.IsNaN(r.NegELBO) {
		return r, fmt.Errorf("experiments.GuideVAE: −ELBO is NaN")
	}
	return r, nil
}

// optimizerAdam is Adam with learning rate lr (GoMLX's defaults otherwise).
func optimizerAdam(lr float64) optimizer.Interface { return optimizer.Adam().LearningRate(lr).Done() }
