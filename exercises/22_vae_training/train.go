package vaetrain

import (
	"github.com/gomlx/compute"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/layers"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/losscourse/losscourse/pkg/data"
)

// Sizes of the VAE (given): 64 pixels → 32 tanh units → 4 latent dimensions → 32 tanh units → 64 logits.
const (
	Pixels = 64
	Hidden = 32
	Latent = 4
)

// Config is one training run.
type Config struct {
	Steps        int     // optimizer steps (one batch each)
	BatchSize    int     // images per batch
	LearningRate float64 // Adam's learning rate
	Seed         uint64  // seeds the initial weights, the noise ε and the batch order
}

// DefaultConfig is the run the tests use (with Seed set per run).
var DefaultConfig = Config{Steps: 300, BatchSize: 64, LearningRate: 0.01}

// Encode is the encoder (given): x [B, 64] → mean and log-variance [B, Latent] of q(z|x).
func Encode(scope *model.Scope, x *Node) (mean, logVar *Node) {
	h := Tanh(layers.DenseWithBias(scope.In("encoder_hidden"), x, Hidden))
	return layers.DenseWithBias(scope.In("encoder_mean"), h, Latent), layers.DenseWithBias(scope.In("encoder_logvar"), h, Latent)
}

// Decode is the decoder (given): z [B, Latent] → the 64 pixels' Bernoulli logits [B, 64].
func Decode(scope *model.Scope, z *Node) *Node {
	h := Tanh(layers.DenseWithBias(scope.In("decoder_hidden"), z, Hidden))
	return layers.DenseWithBias(scope.In("decoder_out"), h, Pixels)
}

// Dataset returns the training batches (given): the images as inputs and as
// labels (float32 [B, 64] both), shuffled with cfg.Seed, endless.
func Dataset(set *data.Classification, cfg Config) (*data.Dataset, error) {
	x := set.FlatX32()
	return data.NewDataset([]data.Column{data.Float32Column(x, Pixels)}, []data.Column{data.Float32Column(x, Pixels)},
		data.DatasetOptions{Name: "digits", BatchSize: cfg.BatchSize, Shuffle: true, Seed: cfg.Seed, Infinite: true})
}

// Model is the VAE's forward pass for training: encode x, draw ε ~ N(0, I) with
// scope.RandomNormal (shape of the mean), reparameterise, decode. It returns
// {logits, mean, logVar} (the order ELBOLossFn expects).
//
// Task 4.
func Model(scope *model.Scope, x *Node) []*Node {
	panic("TODO: Task 4 — implement Model")
}

// Train trains Model with ELBOLossFn on the images of set and returns the store
// holding the trained weights: a new model.Store whose model.ParamInitialSeed is
// int64(cfg.Seed), train.NewTrainer(b, store, Model, ELBOLossFn(), Adam with
// cfg.LearningRate, nil, nil), and train.NewLoop(trainer).RunSteps(Dataset(set,
// cfg), cfg.Steps).
//
// Task 4.
func Train(b compute.Backend, set *data.Classification, cfg Config) (*model.Store, error) {
	panic("TODO: Task 4 — implement Train")
}
