package course

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/layers/activation"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/train"
	"github.com/gomlx/gomlx/ml/train/optimizer"
	"github.com/losscourse/losscourse/pkg/data"
	"github.com/losscourse/losscourse/pkg/losses"
)

func moons(t *testing.T) (train, test *data.Classification) {
	t.Helper()
	ds, err := data.Moons(data.MoonsOptions{N: 600, Noise: 0.15, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	train, test, err = ds.Split(0.3, 4)
	if err != nil {
		t.Fatal(err)
	}
	return train, test
}

func TestFitLearnsMoons(t *testing.T) {
	b := Backend()
	tr, te := moons(t)
	opts := data.DatasetOptions{BatchSize: 64, Shuffle: true, Seed: 1, Infinite: true}
	tests := []struct {
		name string
		net  MLP
		loss func(*data.Classification) (*data.Dataset, error)
		fn   func() any
	}{
		{"softmax CE, 2 logits", MLP{Hidden: []int{16}, Out: 2}, func(c *data.Classification) (*data.Dataset, error) { return c.Dataset(opts) }, nil},
		{"BCE, 1 logit, ReLU, uneven widths", MLP{Hidden: []int{16, 8}, Out: 1, Activation: activation.TypeRelu}, func(c *data.Classification) (*data.Dataset, error) { return BinaryDataset(c, opts) }, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ds := Must(tc.loss(tr))
			lossFn := losses.LossFn(losses.SoftmaxCrossEntropy)
			if tc.net.Out == 1 {
				lossFn = losses.LossFn(losses.BinaryCrossEntropyWithLogits)
			}
			var probes []int
			store, err := Fit(b, tc.net.ModelFn(), lossFn, ds, FitOptions{Steps: 300, LearningRate: 0.02, Seed: 1, Every: 100,
				OnStep: func(step int, _ *model.Store) error { probes = append(probes, step); return nil }})
			if err != nil {
				t.Fatal(err)
			}
			if want := []int{0, 100, 200, 300}; len(probes) != len(want) || probes[0] != 0 || probes[3] != 300 {
				t.Errorf("OnStep called at steps %v, want %v", probes, want)
			}
			pr := Must(Probabilities(b, store, tc.net.ModelFn(), te.X))
			if acc := Accuracy(pr, te.Y); acc < 0.9 {
				t.Errorf("test accuracy %.3f after 300 steps, want > 0.9", acc)
			}
			for i, row := range pr {
				s := 0.0
				for _, p := range row {
					s += p
				}
				if len(row) > 1 && math.Abs(s-1) > 1e-5 {
					t.Fatalf("row %d of Probabilities sums to %g, want 1", i, s)
				}
			}
		})
	}
}

func TestFitErrors(t *testing.T) {
	b := Backend()
	if _, err := Fit(b, MLP{Out: 1}.ModelFn(), nil, nil, FitOptions{}); err == nil {
		t.Error("Steps = 0: no error")
	}
	if _, err := Fit(b, MLP{Out: 1}.ModelFn(), nil, nil, FitOptions{Steps: 1, Every: 5}); err == nil {
		t.Error("Every without OnStep: no error")
	}
	c := &data.Classification{X: [][]float64{{0}, {1}, {2}}, Y: []int{0, 1, 2}, Classes: 3}
	if _, err := BinaryDataset(c, data.DatasetOptions{}); err == nil {
		t.Error("BinaryDataset with 3 classes: no error")
	}
}

func TestMLPSharesWeightsAcrossInputs(t *testing.T) {
	b := Backend()
	net := MLP{Hidden: []int{8}, Out: 3, Activation: activation.TypeRelu}
	store := model.NewStore()
	x := [][]float32{{1, 2}, {3, 4}}
	outs := model.MustCallOnceN(b, store, func(scope *model.Scope, a, c *graph.Node) []*graph.Node {
		return net.ModelFn()(scope, nil, []*graph.Node{a, c})
	}, x, x)
	if d := MaxAbsDiff(Floats(outs[0]), Floats(outs[1])); d > 1e-6 {
		t.Errorf("the same rows fed as two inputs gave embeddings %g apart: %v vs %v", d, outs[0], outs[1])
	}
	if dims := outs[0].Shape().Dimensions; dims[0] != 2 || dims[1] != 3 {
		t.Errorf("output shape %v, want [2 3]", dims)
	}
}

func TestProgressBarIsThrottled(t *testing.T) {
	b := Backend()
	tr, _ := moons(t)
	ds := Must(tr.Dataset(data.DatasetOptions{BatchSize: 32, Shuffle: true, Seed: 1, Infinite: true}))
	trainer := train.NewTrainer(b, model.NewStore(), MLP{Hidden: []int{4}, Out: 2}.ModelFn(),
		losses.LossFn(losses.SoftmaxCrossEntropy), optimizer.Adam().Done(), nil, nil)
	loop := train.NewLoop(trainer)
	var buf bytes.Buffer
	attachProgress(loop, &buf)
	if _, err := loop.RunSteps(ds, 200); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.Contains(out, "100% [") || !strings.Contains(out, "step 200/200") || !strings.HasSuffix(out, "\n") {
		t.Errorf("final progress line missing: %q", out)
	}
	if redraws := strings.Count(out, "\r"); redraws > 20 {
		t.Errorf("%d redraws for 200 fast steps; the bar must be throttled (≤ 4 per second)", redraws)
	}
	if strings.Contains(out, "loss NaN") {
		t.Errorf("progress line without a loss value: %q", out)
	}
}
