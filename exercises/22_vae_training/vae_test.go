package vaetrain

// This exercise trains small models with GoMLX: a longer per-task time limit for the grader.
// grade:timeout 2m

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gomlx/compute/dtypes"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/train/optimizer"
	"github.com/losscourse/losscourse/exercises/internal/check"
	"github.com/losscourse/losscourse/exercises/internal/gx"
	"github.com/losscourse/losscourse/pkg/data"
	"github.com/losscourse/losscourse/pkg/gradcheck"
	"github.com/losscourse/losscourse/pkg/losses"
)

var (
	f32 = dtypes.Float32
	f64 = dtypes.Float64
)

// Task 1
func TestTask1Reparameterize(t *testing.T) {
	mean := []float64{0.5, -1, 2, 0}
	logVar := []float64{0, 2, -2, -30}
	eps := []float64{1, -0.5, 2, 3}
	call := fmt.Sprintf("Reparameterize(mean=%v, logVar=%v, eps=%v) float32", mean, logVar, eps)
	got := gx.Value(t, 1, call, func(xs []*Node) *Node { return Reparameterize(xs[0], xs[1], xs[2]) }, []int{2, 2},
		gx.Tensor(f32, mean, 2, 2), gx.Tensor(f32, logVar, 2, 2), gx.Tensor(f32, eps, 2, 2))
	want := make([]float64, 4)
	for i := range want {
		want[i] = mean[i] + math.Exp(logVar[i]/2)*eps[i]
	}
	check.Floats(t, 1, call, got, want, 1e-6)
	gx.GradCheck(t, 1, "Reparameterize(mean [4], logVar [4], eps [4]) float64: gradient check of Σ w·z with respect to mean and logVar", func(xs []*Node) *Node {
		return ReduceAllSum(Mul(Reparameterize(xs[0], xs[1], xs[2]), Const(xs[0].Graph(), []float64{1, -2, 0.5, 3})))
	}, []gradcheck.Input{{Values: []float64{0.5, -1, 2, 0}, Dims: []int{4}}, {Values: []float64{0, 1, -1, 0.3}, Dims: []int{4}},
		{Values: eps, Dims: []int{4}, NoGrad: true}}, 1e-6)
}

// Task 2
func TestTask2NegativeELBO(t *testing.T) {
	r := rand.New(rand.NewPCG(22, 1))
	b, d, k := 3, 5, 2
	x, logits, mean, logVar := make([]float64, b*d), make([]float64, b*d), make([]float64, b*k), make([]float64, b*k)
	for i := range x {
		x[i], logits[i] = r.Float64(), 6*r.Float64()-3
	}
	for i := range mean {
		mean[i], logVar[i] = 2*r.Float64()-1, 2*r.Float64()-1
	}
	in := func(dt dtypes.DType) []*tensors.Tensor {
		return []*tensors.Tensor{gx.Tensor(dt, x, b, d), gx.Tensor(dt, logits, b, d), gx.Tensor(dt, mean, b, k), gx.Tensor(dt, logVar, b, k)}
	}
	mine := func(xs []*Node) *Node { return NegativeELBO(xs[0], xs[1], xs[2], xs[3]) }
	lib := func(xs []*Node) *Node { return losses.VAELoss(xs[0], xs[1], xs[2], xs[3]).Total }
	call := "NegativeELBO(x [3,5] in [0,1], logits [3,5], mean [3,2], logVar [3,2]) float64"
	got, g := gx.ValueGrad(t, 2, call, mine, []int{1, 2, 3}, in(f64)...)
	want, wg := gx.ValueGrad(t, 2, "losses.VAELoss(...).Total", lib, []int{1, 2, 3}, in(f64)...)
	check.Float(t, 2, call, got, want, 1e-12)
	for i, name := range []string{"logits", "mean", "logVar"} {
		check.Floats(t, 2, call+": gradient with respect to "+name, g[i], wg[i], 1e-10)
	}

	// Decoder logits of ±1e4 in float32 (a confident decoder), and a posterior equal to the prior (KL = 0).
	x2 := []float64{1, 0, 1, 0, 0.5, 0.5}
	l2 := []float64{1e4, -1e4, -1e4, 1e4, 0, 0}
	call = fmt.Sprintf("NegativeELBO(x=%v, logits=%v as [2,3], mean=0, logVar=0 [2,2]) float32", x2, l2)
	got = gx.Value(t, 2, call, func(xs []*Node) *Node { return NegativeELBO(xs[0], xs[1], xs[2], xs[3]) }, nil,
		gx.Tensor(f32, x2, 2, 3), gx.Tensor(f32, l2, 2, 3), gx.Tensor(f32, make([]float64, 4), 2, 2), gx.Tensor(f32, make([]float64, 4), 2, 2))[0]
	// Example 0: 0 + 0 + 1e4; example 1: 1e4 + log 2 + log 2.
	check.Float(t, 2, call, got, (1e4+1e4+2*math.Ln2)/2, 1e-6)
}

// Task 3
func TestTask3ELBOLossFn(t *testing.T) {
	x := []float64{1, 0, 0.5}
	logits, mean, logVar := []float64{2, -1, 0.3}, []float64{0.5, -0.2}, []float64{-1, 0.4}
	call := fmt.Sprintf("ELBOLossFn()(labels={x=%v}, predictions={logits=%v, mean=%v, logVar=%v}) float64", x, logits, mean, logVar)
	got := gx.Value(t, 3, call, func(xs []*Node) *Node { return ELBOLossFn()([]*Node{xs[0]}, xs[1:]) }, nil,
		gx.Tensor(f64, x, 1, 3), gx.Tensor(f64, logits, 1, 3), gx.Tensor(f64, mean, 1, 2), gx.Tensor(f64, logVar, 1, 2))
	want := gx.Value(t, 3, "losses.VAELoss", func(xs []*Node) *Node { return losses.VAELoss(xs[0], xs[1], xs[2], xs[3]).Total }, nil,
		gx.Tensor(f64, x, 1, 3), gx.Tensor(f64, logits, 1, 3), gx.Tensor(f64, mean, 1, 2), gx.Tensor(f64, logVar, 1, 2))
	check.Float(t, 3, call, got[0], want[0], 1e-12)
}

// digits returns the 8×8 digits split 80/20 (1,437 training and 360 test images).
func digits(t *testing.T) (tr, te *data.Classification) {
	t.Helper()
	d, err := data.LoadDigits()
	if err != nil {
		t.Fatal(err)
	}
	if tr, te, err = d.Split(0.2, 1); err != nil {
		t.Fatal(err)
	}
	return tr, te
}

// meanImageNLL is the baseline: every test pixel predicted by its mean over the
// training images (a Bernoulli per pixel, no latent code), in nats per image.
func meanImageNLL(tr, te *data.Classification) float64 {
	m := make([]float64, Pixels)
	for _, row := range tr.X {
		for j, v := range row {
			m[j] += v / float64(tr.Len())
		}
	}
	s := 0.0
	for _, row := range te.X {
		for j, v := range row {
			p := math.Min(math.Max(m[j], 1e-6), 1-1e-6)
			s -= v*math.Log(p) + (1-v)*math.Log(1-p)
		}
	}
	return s / float64(te.Len())
}

// testNegELBO trains with your Train and returns the test images' −ELBO (nats per
// image), computed here with Encode/Decode, the trained weights, losses.VAELoss
// and 8 fixed noise samples per image.
func testNegELBO(t *testing.T, task int, tr, te *data.Classification, cfg Config) (negELBO, kl float64) {
	t.Helper()
	call := fmt.Sprintf("Train(digits, %+v)", cfg)
	type result struct {
		store *model.Store
		err   error
	}
	res := check.Call(t, task, call, func() result { s, err := Train(gx.Backend(), tr, cfg); return result{s, err} })
	if res.err != nil || res.store == nil {
		t.Fatalf("Task %d: %s: returned store %v, error %v", task, call, res.store, res.err)
	}
	if v := optimizer.GetGlobalStepVar(res.store); v == nil || !v.HasValue() || tensors.ToScalar[int64](v.MustValue()) != int64(cfg.Steps) {
		got := "none"
		if v != nil && v.HasValue() {
			got = fmt.Sprint(tensors.ToScalar[int64](v.MustValue()))
		}
		t.Fatalf("Task %d: %s: the optimizer's global step is %s, want %d (one step per batch, cfg.Steps batches)", task, call, got, cfg.Steps)
	}
	const samples = 8
	n := te.Len()
	x := make([]float32, 0, samples*n*Pixels)
	for range samples {
		x = append(x, te.FlatX32()...)
	}
	rng := rand.New(rand.NewPCG(2024, 22))
	eps := make([]float32, samples*n*Latent)
	for i := range eps {
		eps[i] = float32(rng.NormFloat64())
	}
	outs, err := model.ExecOnceN(gx.Backend(), res.store, func(scope *model.Scope, x, eps *Node) []*Node {
		mean, logVar := Encode(scope, x)
		terms := losses.VAELoss(x, Decode(scope, Add(mean, Mul(Exp(MulScalar(logVar, 0.5)), eps))), mean, logVar)
		return []*Node{terms.Total, terms.KL}
	}, tensors.FromFlatDataAndDimensions(x, samples*n, Pixels), tensors.FromFlatDataAndDimensions(eps, samples*n, Latent))
	if err != nil {
		t.Fatalf("Task %d: %s: evaluating the trained VAE: %v", task, call, err)
	}
	return float64(tensors.ToScalar[float32](outs[0])), float64(tensors.ToScalar[float32](outs[1]))
}

// Task 4
func TestTask4Train(t *testing.T) {
	tr, te := digits(t)
	base := meanImageNLL(tr, te)
	cfg := DefaultConfig
	cfg.Seed = 1
	negELBO, kl := testNegELBO(t, 4, tr, te, cfg)
	t.Logf("test −ELBO %.3f nats per image (KL %.3f), mean-image baseline %.3f", negELBO, kl, base)
	if !(negELBO < base) {
		t.Errorf("Task 4: Train(digits, %+v): test −ELBO %.3f nats per image (KL %.3f), want below the mean-image baseline %.3f", cfg, negELBO, kl, base)
	}
}
