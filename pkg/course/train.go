package course

import (
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"time"

	"github.com/gomlx/compute"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/layers"
	"github.com/gomlx/gomlx/ml/layers/activation"
	"github.com/gomlx/gomlx/ml/layers/fnn"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/train"
	"github.com/gomlx/gomlx/ml/train/optimizer"
	"github.com/gomlx/gomlx/ui/gonb/margaid"
	"github.com/janpfeifer/gonb/gonbui"
	"github.com/losscourse/losscourse/pkg/data"
)

// MLP is the small feed-forward network of the course's experiments: hidden
// layers of the given widths with one activation, then a linear output layer of
// Out units (logits, embeddings or predictions). Its weights live in the
// model.Store it is run with, under Scope ("mlp" when empty).
type MLP struct {
	Hidden     []int           // widths of the hidden layers, e.g. []int{16}; none: a linear model
	Out        int             // output units
	Activation activation.Type // of the hidden layers; the zero value (TypeNone) means tanh
	Scope      string          // scope name of the weights; "" means "mlp"
}

// Apply builds the network on x [B, D] and returns its output [B, Out]. When
// every hidden layer has the same width it is GoMLX's fnn layer
// (fnn.New(…).NumHiddenLayers(len(Hidden), width)); otherwise a stack of
// layers.DenseWithBias.
func (m MLP) Apply(scope *model.Scope, x *graph.Node) *graph.Node {
	name := m.Scope
	if name == "" {
		name = "mlp"
	}
	act := m.Activation
	if act == activation.TypeNone {
		act = activation.TypeTanh
	}
	s := scope.In("%s", name)
	if uniform(m.Hidden) {
		cfg := fnn.New(s, x, m.Out).Activation(act)
		if len(m.Hidden) > 0 {
			cfg = cfg.NumHiddenLayers(len(m.Hidden), m.Hidden[0])
		}
		return cfg.Done()
	}
	h := x
	for i, w := range m.Hidden {
		h = activation.Apply(act, layers.DenseWithBias(s.In("hidden_%d", i), h, w))
	}
	return layers.DenseWithBias(s.In("out"), h, m.Out)
}

func uniform(widths []int) bool {
	for _, w := range widths {
		if w != widths[0] {
			return false
		}
	}
	return true
}

// ModelFn returns the network as a GoMLX train.ModelFn: every input is
// embedded with the same weights (one input: a classifier or a regressor; two
// or three inputs: the views, pairs or triplets of metric learning), one output
// per input.
func (m MLP) ModelFn() train.ModelFn {
	return func(scope *model.Scope, _ any, inputs []*graph.Node) []*graph.Node {
		if len(inputs) == 1 {
			return []*graph.Node{m.Apply(scope, inputs[0])}
		}
		e := m.Apply(scope, graph.Concatenate(inputs, 0)) // one batch: the same weights for every input
		outs := make([]*graph.Node, len(inputs))
		start := 0
		for i, x := range inputs {
			n := x.Shape().Dimensions[0]
			outs[i] = graph.SliceAxis(e, 0, graph.AxisRange(start, start+n))
			start += n
		}
		return outs
	}
}

// FitOptions configures Fit.
type FitOptions struct {
	Steps        int     // training steps (required, > 0)
	LearningRate float64 // Adam's learning rate; 0 means 1e-3
	Seed         int64   // seed of the initial weights (model.ParamInitialSeed)

	// Optimizer replaces Adam(LearningRate) when set.
	Optimizer optimizer.Interface
	// Store continues training an existing store instead of a fresh one.
	Store *model.Store

	// Title is shown in bold above the progress bar (notebooks only). The progress
	// bar is one line, redrawn at most 4 times a second: a notebook stays small and
	// Jupyter is not flooded with messages (GoMLX's commandline progress bar sends
	// one per step, which headless runs can drop).
	Title string
	// Quiet turns off the progress bar and the live plot (for multi-seed runs).
	Quiet bool
	// Eval datasets are evaluated PlotPoints times (default 30) during training
	// and drawn with the training loss in GoMLX's live margaid plot (notebooks only).
	Eval       []train.Dataset
	PlotPoints int

	// Every > 0 calls OnStep(step, store) before training (step 0) and after
	// every Every steps (step = steps done), e.g. to record a test metric.
	Every  int
	OnStep func(step int, store *model.Store) error
}

// Fit trains modelFn on ds (usually an Infinite, shuffled data.Dataset) with
// GoMLX's train.Trainer and train.Loop: opts.Steps steps of Adam on loss, from
// a fresh model.Store seeded with opts.Seed. In a notebook it shows GoMLX's
// progress bar and, with opts.Eval, a live plot of the training and evaluation
// loss. It returns the trained store.
func Fit(b compute.Backend, modelFn train.ModelFn, loss train.LossFn, ds train.Dataset, opts FitOptions) (*model.Store, error) {
	if opts.Steps <= 0 {
		return nil, fmt.Errorf("course.Fit: Steps must be > 0, got %d", opts.Steps)
	}
	if opts.Every < 0 || (opts.Every > 0 && opts.OnStep == nil) {
		return nil, fmt.Errorf("course.Fit: Every = %d needs an OnStep function", opts.Every)
	}
	store := opts.Store
	if store == nil {
		store = model.NewStore()
		store.SetParam(model.ParamInitialSeed, opts.Seed)
	}
	opt := opts.Optimizer
	if opt == nil {
		lr := opts.LearningRate
		if lr == 0 {
			lr = 1e-3
		}
		opt = optimizer.Adam().LearningRate(lr).Done()
	}
	trainer := train.NewTrainer(b, store, modelFn, loss, opt, nil, nil)
	loop := train.NewLoop(trainer)
	if gonbui.IsNotebook && !opts.Quiet {
		if opts.Title != "" {
			gonbui.DisplayMarkdown("**" + opts.Title + "**")
		}
		attachProgress(loop, os.Stdout)
		if len(opts.Eval) > 0 {
			points := opts.PlotPoints
			if points <= 0 {
				points = 30
			}
			margaid.New(720, 240, opts.Eval...).DynamicUpdates().Attach(loop, points)
		}
	}
	if opts.Every > 0 {
		if err := opts.OnStep(0, store); err != nil {
			return nil, err
		}
		loop.OnStep("course.Fit OnStep", 0, func(loop *train.Loop, _ []*tensors.Tensor) error {
			if done := loop.LoopStep - loop.StartStep + 1; done%opts.Every == 0 {
				return opts.OnStep(done, store)
			}
			return nil
		})
	}
	if _, err := loop.RunSteps(ds, opts.Steps); err != nil {
		return nil, err
	}
	return store, nil
}

// Apply evaluates a trained model (sharing its store) on the rows of x and
// returns its first output as rows of float64: logits, embeddings or
// predictions. x is fed as float32 [len(x), len(x[0])].
func Apply(b compute.Backend, store *model.Store, modelFn train.ModelFn, x [][]float64) ([][]float64, error) {
	exec, err := model.NewExec(b, store, func(scope *model.Scope, x *graph.Node) *graph.Node {
		return modelFn(scope, nil, []*graph.Node{x})[0]
	})
	if err != nil {
		return nil, err
	}
	defer exec.Finalize()
	outs, err := exec.Exec(Tensor32(x))
	if err != nil {
		return nil, err
	}
	flat := Floats(outs[0])
	return Matrix(flat, len(flat)/len(x)), nil
}

// Probabilities is Apply followed by the link of a classifier: a sigmoid for a
// model with one logit (P(y = 1), one column), a softmax over the classes otherwise.
func Probabilities(b compute.Backend, store *model.Store, modelFn train.ModelFn, x [][]float64) ([][]float64, error) {
	return Apply(b, store, func(scope *model.Scope, spec any, inputs []*graph.Node) []*graph.Node {
		z := modelFn(scope, spec, inputs)[0]
		if z.Shape().Dimensions[z.Rank()-1] == 1 {
			return []*graph.Node{graph.Sigmoid(z)}
		}
		return []*graph.Node{graph.Softmax(z, -1)}
	}, x)
}

// BinaryDataset is c.Dataset with float32 labels [B, 1] (0 or 1) instead of
// int32 [B]: the targets of the one-logit losses (BinaryCrossEntropyWithLogits,
// SigmoidFocalLoss), which take targets of the logits' shape.
func BinaryDataset(c *data.Classification, opts data.DatasetOptions) (*data.Dataset, error) {
	if c.Classes != 2 {
		return nil, fmt.Errorf("course.BinaryDataset: need 2 classes, got %d", c.Classes)
	}
	y := make([]float32, c.Len())
	for i, v := range c.Y {
		y[i] = float32(v)
	}
	return data.NewDataset([]data.Column{data.Float32Column(c.FlatX32(), c.Dim())},
		[]data.Column{data.Float32Column(y, 1)}, opts)
}

// attachProgress draws a one-line progress bar on w — percentage, step, speed and
// the mean training loss since the last redraw — redrawn with "\r" at most every
// 250 ms and once at the end.
func attachProgress(loop *train.Loop, w io.Writer) {
	var (
		start, last time.Time
		sum         float64
		count       int
	)
	draw := func(loop *train.Loop, final bool) {
		done, total := loop.LoopStep-loop.StartStep+1, loop.EndStep-loop.StartStep
		frac := float64(done) / float64(max(total, 1))
		bar := strings.Repeat("=", int(frac*30)) + strings.Repeat(" ", 30-int(frac*30))
		speed := float64(done) / max(time.Since(start).Seconds(), 1e-9)
		loss := math.NaN()
		if count > 0 {
			loss = sum / float64(count)
		}
		end := ""
		if final {
			end = "\n"
		}
		fmt.Fprintf(w, "\r  %3.0f%% [%s] step %d/%d · %.0f steps/s · loss %.4g%s", 100*frac, bar, done, total, speed, loss, end)
		last, sum, count = time.Now(), 0, 0
	}
	loop.OnStart("course progress", 0, func(loop *train.Loop, _ train.Dataset) error {
		start, last = time.Now(), time.Now()
		return nil
	})
	loop.OnStep("course progress", 0, func(loop *train.Loop, metrics []*tensors.Tensor) error {
		if len(metrics) > 0 {
			if v := Floats(metrics[0]); len(v) == 1 {
				sum, count = sum+v[0], count+1
			}
		}
		if loop.LoopStep == loop.EndStep-1 {
			draw(loop, true)
		} else if time.Since(last) > 250*time.Millisecond {
			draw(loop, false)
		}
		return nil
	})
}
