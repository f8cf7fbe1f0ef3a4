// Command demo trains a small classifier on a toy data set with a loss of your
// choice, on the default backend (pure Go unless an XLA PJRT plugin is installed
// or $GOMLX_BACKEND says otherwise), and prints the loss curve and test metrics.
//
//	go run ./cmd/demo                                 # softmax cross-entropy on two moons
//	go run ./cmd/demo -loss=focal -data=imbalanced    # focal loss on 1:50 imbalanced blobs
//	go run ./cmd/demo -loss=smoothed -data=spirals -steps=600
//
// Losses: ce (softmax cross-entropy), bce (binary cross-entropy with logits,
// 2-class data only), focal (softmax focal loss, γ=2), smoothed (cross-entropy
// with label smoothing 0.1), weighted (cross-entropy with inverse-frequency class
// weights). Data: moons, spirals, xor, imbalanced.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/layers/activation"
	"github.com/gomlx/gomlx/ml/layers/fnn"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/train"
	"github.com/gomlx/gomlx/ml/train/optimizer"

	"github.com/losscourse/losscourse/pkg/backend"
	"github.com/losscourse/losscourse/pkg/data"
	"github.com/losscourse/losscourse/pkg/losses"
)

func main() {
	cfg := config{}
	flag.StringVar(&cfg.loss, "loss", "ce", "loss: "+strings.Join(lossNames, ", "))
	flag.StringVar(&cfg.data, "data", "moons", "data set: "+strings.Join(dataNames, ", "))
	flag.IntVar(&cfg.steps, "steps", 300, "training steps")
	flag.IntVar(&cfg.batch, "batch", 64, "batch size")
	flag.Float64Var(&cfg.lr, "lr", 0.02, "Adam learning rate")
	flag.Uint64Var(&cfg.seed, "seed", 1, "seed for data and initialisation")
	flag.Parse()
	if err := run(cfg, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}

type config struct {
	loss, data string
	steps      int
	batch      int
	lr         float64
	seed       uint64
}

var (
	lossNames = []string{"ce", "bce", "focal", "smoothed", "weighted"}
	dataNames = []string{"moons", "spirals", "xor", "imbalanced"}
)

func loadData(name string, seed uint64) (*data.Classification, error) {
	switch name {
	case "moons":
		return data.Moons(data.MoonsOptions{N: 1000, Noise: 0.15, Seed: seed})
	case "spirals":
		return data.Spirals(data.SpiralsOptions{N: 1200, Classes: 3, Noise: 0.1, Seed: seed})
	case "xor":
		return data.XOR(data.XOROptions{N: 1000, Noise: 0.1, Seed: seed})
	case "imbalanced":
		return data.Blobs(data.BlobsOptions{N: 2040, Classes: 2, Imbalance: 1.0 / 50, Separation: 2, Seed: seed})
	}
	return nil, fmt.Errorf("unknown -data=%q (want one of %s)", name, strings.Join(dataNames, ", "))
}

// lossFor returns the GoMLX train.LossFn for the chosen loss. Predictions are
// logits [B, C]; labels are int32 [B].
func lossFor(name string, train *data.Classification) (train.LossFn, error) {
	classes := train.Classes
	switch name {
	case "ce":
		return losses.LossFn(losses.SoftmaxCrossEntropy), nil
	case "smoothed":
		return losses.LossFn(losses.SoftmaxCrossEntropy, losses.LabelSmoothing(0.1)), nil
	case "focal":
		return losses.LossFn(losses.SoftmaxFocalLoss, losses.Gamma(2)), nil
	case "weighted":
		counts := train.ClassCounts()
		w := make([]float32, classes)
		for c, n := range counts {
			w[c] = float32(train.Len()) / float32(classes*max(n, 1))
		}
		return func(labels, predictions []*Node) *Node {
			cw := Const(predictions[0].Graph(), w)
			return losses.SoftmaxCrossEntropy(predictions[0], labels[0], losses.ClassWeights(cw))
		}, nil
	case "bce":
		if classes != 2 {
			return nil, fmt.Errorf("-loss=bce needs 2-class data, %d classes given", classes)
		}
		// Binary logit = difference of the two class logits; target = label as float.
		return func(labels, predictions []*Node) *Node {
			logits := predictions[0]
			z := Sub(Slice(logits, AxisRange(), AxisElem(1)), Slice(logits, AxisRange(), AxisElem(0)))
			y := ConvertDType(ExpandAxes(labels[0], -1), z.DType())
			return losses.BinaryCrossEntropyWithLogits(z, y)
		}, nil
	}
	return nil, fmt.Errorf("unknown -loss=%q (want one of %s)", name, strings.Join(lossNames, ", "))
}

func run(cfg config, out io.Writer) error {
	b, _, err := backend.New()
	if err != nil {
		return err
	}
	defer b.Finalize()

	all, err := loadData(cfg.data, cfg.seed)
	if err != nil {
		return err
	}
	trainSet, testSet, err := all.Split(0.25, cfg.seed)
	if err != nil {
		return err
	}
	lossFn, err := lossFor(cfg.loss, trainSet)
	if err != nil {
		return err
	}
	ds, err := trainSet.Dataset(data.DatasetOptions{Name: cfg.data, BatchSize: cfg.batch, Shuffle: true, Seed: cfg.seed, Infinite: true})
	if err != nil {
		return err
	}
	classes := all.Classes
	modelFn := func(scope *model.Scope, x *Node) *Node {
		return fnn.New(scope.In("mlp"), x, classes).NumHiddenLayers(2, 32).Activation(activation.TypeRelu).Done()
	}
	store := model.NewStore()
	store.SetParam(model.ParamInitialSeed, int64(cfg.seed))
	trainer := train.NewTrainer(b, store, modelFn, lossFn, optimizer.Adam().LearningRate(cfg.lr).Done(), nil, nil)

	fmt.Fprintf(out, "training a 2×32 MLP on %s (%d train / %d test, %d classes) with loss %q for %d steps\n",
		cfg.data, trainSet.Len(), testSet.Len(), classes, cfg.loss, cfg.steps)
	var curve []float64
	step := 0
	for batch, err := range ds.Iter() {
		if err != nil {
			return err
		}
		if step >= cfg.steps {
			break
		}
		metrics, err := trainer.TrainStep(batch)
		if err != nil {
			return err
		}
		curve = append(curve, float64(tensors.ToScalar[float32](metrics[0])))
		step++
	}
	printCurve(out, curve)

	// Test accuracy and per-class recall.
	predict, err := model.NewExec(b, store, func(scope *model.Scope, x *Node) *Node {
		return ArgMax(modelFn(scope, x), -1)
	})
	if err != nil {
		return err
	}
	xt, _ := testSet.Tensors()
	outs, err := predict.Exec(xt)
	if err != nil {
		return err
	}
	pred := tensors.MustCopyFlatData[int32](outs[0])
	correct := 0
	hit := make([]int, classes)
	for i, p := range pred {
		if int(p) == testSet.Y[i] {
			correct++
			hit[testSet.Y[i]]++
		}
	}
	fmt.Fprintf(out, "test accuracy: %.3f\n", float64(correct)/float64(len(pred)))
	counts := testSet.ClassCounts()
	for c := range classes {
		fmt.Fprintf(out, "  recall of class %d: %.3f (%d examples)\n", c, float64(hit[c])/float64(max(counts[c], 1)), counts[c])
	}
	return nil
}

// printCurve prints the loss every ~1/10 of training with a bar proportional to it.
func printCurve(out io.Writer, curve []float64) {
	if len(curve) == 0 {
		return
	}
	top := 0.0
	for _, v := range curve {
		top = max(top, v)
	}
	every := max(1, len(curve)/10)
	fmt.Fprintln(out, "loss curve (step: loss):")
	for i := 0; i < len(curve); i += every {
		// Smooth over the window for a readable curve.
		end := min(len(curve), i+every)
		sum := 0.0
		for _, v := range curve[i:end] {
			sum += v
		}
		avg := sum / float64(end-i)
		bar := int(40 * avg / top)
		fmt.Fprintf(out, "  %5d: %.4f %s\n", i, avg, strings.Repeat("█", bar))
	}
	fmt.Fprintf(out, "  final: %.4f\n", curve[len(curve)-1])
}
