package focaltrain

import (
	"github.com/gomlx/compute"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/layers"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/train"
	"github.com/gomlx/gomlx/ml/train/optimizer"
	"github.com/losscourse/losscourse/pkg/data"
)

// Config is one training run.
type Config struct {
	Steps        int     // optimizer steps (one batch each)
	BatchSize    int     // examples per batch
	LearningRate float64 // Adam's learning rate
	Seed         uint64  // seeds the initial weights and the batch order
}

// DefaultConfig is the run the tests use (with Seed set per run).
var DefaultConfig = Config{Steps: 500, BatchSize: 256, LearningRate: 0.02}

// Model is the classifier (given): 2 features → 8 tanh units → 1 logit (of the
// minority class, label 1). x is [B, 2], the result [B, 1].
func Model(scope *model.Scope, x *Node) *Node {
	h := Tanh(layers.DenseWithBias(scope.In("hidden"), x, 8))
	return layers.DenseWithBias(scope.In("logit"), h, 1)
}

// Dataset returns the training batches (given): inputs float32 [B, 2], labels
// float32 [B, 1] (1 for the minority class, 0 otherwise), shuffled with cfg.Seed,
// endless (for train.Loop.RunSteps).
func Dataset(set *data.Classification, cfg Config) (*data.Dataset, error) {
	y := make([]float32, set.Len())
	for i, v := range set.Y {
		y[i] = float32(v)
	}
	return data.NewDataset([]data.Column{data.Float32Column(set.FlatX32(), set.Dim())}, []data.Column{data.Float32Column(y, 1)},
		data.DatasetOptions{Name: "imbalanced blobs", BatchSize: cfg.BatchSize, Shuffle: true, Seed: cfg.Seed, Infinite: true})
}

// Train trains Model on set with lossFn and returns the store holding the
// trained weights:
//
//   - a new model.Store whose model.ParamInitialSeed is int64(cfg.Seed) (so the
//     initial weights are reproducible),
//   - train.NewTrainer(b, store, Model, lossFn, Adam with cfg.LearningRate, nil, nil),
//   - train.NewLoop(trainer).RunSteps(Dataset(set, cfg), cfg.Steps).
//
// Task 2.
func Train(b compute.Backend, set *data.Classification, lossFn train.LossFn, cfg Config) (*model.Store, error) {
	ds, err := Dataset(set, cfg)
	if err != nil {
		return nil, err
	}
	store := model.NewStore()
	store.SetParam(model.ParamInitialSeed, int64(cfg.Seed))
	trainer := train.NewTrainer(b, store, Model, lossFn, optimizer.Adam().LearningRate(cfg.LearningRate).Done(), nil, nil)
	if _, err := train.NewLoop(trainer).RunSteps(ds, cfg.Steps); err != nil {
		return nil, err
	}
	return store, nil
}

// FocalLossFn adapts SigmoidFocalLoss to GoMLX's train.LossFn,
//
//	type train.LossFn = func(labels, predictions []*Node) *Node
//
// which the trainer calls with the dataset's labels FIRST and the model's
// outputs second (here labels[0] and predictions[0] are both [B, 1]).
//
// Task 3.
func FocalLossFn(gamma, alpha float64) train.LossFn {
	return func(labels, predictions []*Node) *Node {
		return SigmoidFocalLoss(predictions[0], labels[0], gamma, alpha)
	}
}
