package experiments

import (
	"fmt"

	"github.com/gomlx/compute"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/layers/activation"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/train"

	"github.com/losscourse/losscourse/pkg/course"
	"github.com/losscourse/losscourse/pkg/data"
	"github.com/losscourse/losscourse/pkg/losses"
)

// EmbeddingConfig configures notebook 04's embedding study (RunEmbeddingStudy).
// Zero fields take DefaultEmbeddingConfig's values.
type EmbeddingConfig struct {
	Steps      int     // Adam steps per embedding
	LR         float64 // Adam learning rate
	Hidden     int     // ReLU units of the one hidden layer
	Dim        int     // embedding dimension
	PairBatch  int     // triplets / pairs per batch
	ViewsBatch int     // view pairs per NT-Xent batch
	// NTXentSteps, if > 0, replaces Steps for the NT-Xent runs (the costly ones:
	// a 2N × 2N similarity matrix per step), e.g. in a notebook's fast mode.
	NTXentSteps int
}

// DefaultEmbeddingConfig is notebook 04's setting: a 64 → 32 (ReLU) → 8 network,
// Adam(3e-3), batches of 64 triplets or pairs and of 128 view pairs, 2000 steps.
func DefaultEmbeddingConfig() EmbeddingConfig {
	return EmbeddingConfig{Steps: 2000, LR: 3e-3, Hidden: 32, Dim: 8, PairBatch: 64, ViewsBatch: 128}
}

func (c EmbeddingConfig) withDefaults() EmbeddingConfig {
	d := DefaultEmbeddingConfig()
	if c.Steps == 0 {
		c.Steps = d.Steps
	}
	if c.LR == 0 {
		c.LR = d.LR
	}
	if c.Hidden == 0 {
		c.Hidden = d.Hidden
	}
	if c.Dim == 0 {
		c.Dim = d.Dim
	}
	if c.PairBatch == 0 {
		c.PairBatch = d.PairBatch
	}
	if c.ViewsBatch == 0 {
		c.ViewsBatch = d.ViewsBatch
	}
	if c.NTXentSteps == 0 {
		c.NTXentSteps = c.Steps
	}
	return c
}

// EmbeddingStudy holds test recall@1 of embeddings of the digits (course.DigitsSplit)
// over seeds: Recall[name][i] is the embedding called name on Seeds[i] — "untrained",
// "triplet", "contrastive" and "NT-Xent τ=<τ>" (NTXentName) — and PCA8 the recall@1
// of the 8 leading principal components of the test pixels (no seed).
type EmbeddingStudy struct {
	Seeds  []uint64
	Taus   []float64
	PCA8   float64
	Recall map[string][]float64
	// Test are the test digits and Embeddings[name] their embeddings on the first
	// seed (L2-normalised for NT-Xent), for pictures.
	Test       *data.Classification
	Embeddings map[string][][]float64
}

// NTXentName is the name of NT-Xent with temperature tau in an EmbeddingStudy.
func NTXentName(tau float64) string { return fmt.Sprintf("NT-Xent τ=%g", tau) }

// RunEmbeddingStudy trains, on every seed, the embedding network with the triplet
// loss (margin 1, fresh triplets every batch), the contrastive loss (margin 1,
// pairs) and NT-Xent for every τ of taus (two augmented views of each training
// digit: pixel noise σ = 0.1 and a shift of up to one pixel; no labels), and
// measures recall@1 on the test digits (cosine geometry for NT-Xent). The seed
// draws the initial weights, the triplets, pairs and augmentations and the batch
// order; the digits' split is fixed.
func RunEmbeddingStudy(b compute.Backend, cfg EmbeddingConfig, taus []float64, seeds []uint64) (*EmbeddingStudy, error) {
	cfg = cfg.withDefaults()
	tr, te, err := course.DigitsSplit()
	if err != nil {
		return nil, err
	}
	st := &EmbeddingStudy{Seeds: append([]uint64(nil), seeds...), Taus: append([]float64(nil), taus...), Recall: map[string][]float64{},
		PCA8: course.RecallAt1(course.PCA(te.X, cfg.Dim), te.Y), Test: te, Embeddings: map[string][][]float64{}}
	net := course.MLP{Hidden: []int{cfg.Hidden}, Out: cfg.Dim, Activation: activation.TypeRelu}
	for _, seed := range seeds {
		fit := func(ds train.Dataset, loss train.LossFn, steps int) (*model.Store, error) {
			return course.Fit(b, net.ModelFn(), loss, ds, course.FitOptions{Steps: steps, LearningRate: cfg.LR, Seed: int64(seed) + 7, Quiet: true})
		}
		add := func(name string, store *model.Store, cosine bool) error {
			e, err := course.Apply(b, store, net.ModelFn(), te.X)
			if err != nil {
				return err
			}
			if cosine {
				e = course.NormalizeRows(e)
			}
			if seed == seeds[0] {
				st.Embeddings[name] = e
			}
			st.Recall[name] = append(st.Recall[name], course.RecallAt1(e, te.Y))
			return nil
		}
		untrained := model.NewStore()
		untrained.SetParam(model.ParamInitialSeed, int64(seed)+7) // the initial weights of every fit below
		if err := add("untrained", untrained, false); err != nil {
			return nil, err
		}
		n := cfg.PairBatch * cfg.Steps
		opts := data.DatasetOptions{Name: "metric", BatchSize: cfg.PairBatch, Infinite: true}
		trips, err := course.TripletDataset(tr, n, seed, opts)
		if err != nil {
			return nil, err
		}
		store, err := fit(trips, func(_, e []*Node) *Node { return losses.TripletMargin(e[0], e[1], e[2], losses.Margin(1)) }, cfg.Steps)
		if err != nil {
			return nil, fmt.Errorf("experiments.RunEmbeddingStudy(triplet, seed %d): %w", seed, err)
		}
		if err := add("triplet", store, false); err != nil {
			return nil, err
		}
		pairs, err := course.PairDataset(tr, n, seed, opts)
		if err != nil {
			return nil, err
		}
		store, err = fit(pairs, func(labels, e []*Node) *Node { return losses.Contrastive(e[0], e[1], labels[0], losses.Margin(1)) }, cfg.Steps)
		if err != nil {
			return nil, fmt.Errorf("experiments.RunEmbeddingStudy(contrastive, seed %d): %w", seed, err)
		}
		if err := add("contrastive", store, false); err != nil {
			return nil, err
		}
		aug := data.AugmentOptions{NoiseStd: 0.1, MaxShift: 1, Width: 8, Height: 8, Clip: true, ClipMin: 0, ClipMax: 1, Seed: 10 * seed}
		for _, tau := range taus {
			views, err := course.ViewsDataset(tr.X, 4, aug, data.DatasetOptions{Name: "views", BatchSize: cfg.ViewsBatch, Shuffle: true, Seed: seed, Infinite: true, DropIncomplete: true})
			if err != nil {
				return nil, err
			}
			store, err := fit(views, func(_, e []*Node) *Node { return losses.NTXent(e[0], e[1], losses.Temperature(tau)) }, cfg.NTXentSteps)
			if err != nil {
				return nil, fmt.Errorf("experiments.RunEmbeddingStudy(NT-Xent τ = %g, seed %d): %w", tau, seed, err)
			}
			if err := add(NTXentName(tau), store, true); err != nil {
				return nil, err
			}
		}
	}
	return st, nil
}

// Table returns recall@1 per embedding as mean ± sd over seeds.
func (st *EmbeddingStudy) Table() string {
	names := []string{"untrained", "triplet", "contrastive"}
	for _, tau := range st.Taus {
		names = append(names, NTXentName(tau))
	}
	s := fmt.Sprintf("%-18s %s   (test recall@1, %d seeds)\n%-18s %.3f\n", "embedding", "mean ± sd", len(st.Seeds), "pixels, PCA to 8-D", st.PCA8)
	for _, n := range names {
		s += fmt.Sprintf("%-18s %s\n", n, course.Summarize(st.Recall[n]))
	}
	return s
}

// Claims evaluates notebook 04's comparative claims over seeds (taus must include
// 1 and at least one τ ≤ 0.1):
//
//   - triplet_recall1_gt_pca8_pixels, contrastive_recall1_gt_pca8_pixels: the
//     embedding's recall@1 minus PCA-8's exceeds the embedding's seed-to-seed spread,
//     and is positive on every seed. Catches: a supervised loss that does not
//     learn (e.g. the sign of the hinge flipped).
//   - triplet_recall1_gt_untrained: triplet minus the untrained network (the
//     same initial weights), paired over seeds, exceeds its spread. Catches: a
//     triplet loss that does not train the network (zero or wrong-sign gradient).
//   - ntxent_recall1_gt_untrained: the best τ's recall@1 minus the untrained
//     network's, paired over seeds, exceeds its spread. Catches: NT-Xent that
//     does not learn from the views.
//   - small_tau_beats_tau1: the best of τ ≤ 0.1 minus τ = 1, paired over seeds,
//     exceeds its spread. Fails if the temperature does not matter (e.g. τ ignored).
func (st *EmbeddingStudy) Claims() []Verdict {
	var out []Verdict
	for _, name := range []string{"triplet", "contrastive"} {
		r := st.Recall[name]
		s := course.Summarize(r)
		ok := s.Mean-st.PCA8 > s.SD && minOf(r) > st.PCA8
		out = append(out, Verdict{name + "_recall1_gt_pca8_pixels", ok,
			fmt.Sprintf("recall@1 %s vs PCA-8 of the pixels %.3f: Δ = %.3f, worst seed %.3f (spread %.3f)", s, st.PCA8, s.Mean-st.PCA8, minOf(r), s.SD)})
	}
	mt := ComparePaired(st.Recall["triplet"], st.Recall["untrained"])
	out = append(out, Verdict{"triplet_recall1_gt_untrained", mt.Holds, fmt.Sprintf("triplet − untrained network: %s (paired over %d seeds)", mt, len(st.Seeds))})
	best, bestTau, small, smallTau := -1.0, 0.0, -1.0, 0.0
	for _, tau := range st.Taus {
		m := course.Mean(st.Recall[NTXentName(tau)])
		if m > best {
			best, bestTau = m, tau
		}
		if tau <= 0.1 && m > small {
			small, smallTau = m, tau
		}
	}
	m := ComparePaired(st.Recall[NTXentName(bestTau)], st.Recall["untrained"])
	out = append(out, Verdict{"ntxent_recall1_gt_untrained", m.Holds,
		fmt.Sprintf("NT-Xent (best τ = %g) − untrained network: %s (paired over %d seeds; no labels used)", bestTau, m, len(st.Seeds))})
	if smallTau > 0 && len(st.Recall[NTXentName(1)]) > 0 {
		m = ComparePaired(st.Recall[NTXentName(smallTau)], st.Recall[NTXentName(1)])
		out = append(out, Verdict{"small_tau_beats_tau1", m.Holds, fmt.Sprintf("recall@1, NT-Xent τ = %g − τ = 1: %s (paired)", smallTau, m)})
	}
	return out
}
