package losses

import (
	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	. "github.com/gomlx/gomlx/core/graph"
)

// normEps is the lower bound of the norm used to L2-normalise embeddings in the
// InfoNCE family, as PyTorch F.normalize (x / max(‖x‖, 1e-12)): a zero vector
// stays zero (cosine 0 with everything) and keeps a finite gradient (1/eps).
const normEps = 1e-12

// checkPairBatch validates two [N, D] embedding batches.
func checkPairBatch(name, argA string, a *Node, argB string, b *Node) {
	checkFloat(name, argA, a)
	checkFloat(name, argB, b)
	if a.Rank() != 2 {
		fail(name, argA, "must have shape [N, D] (batch, features), got %s", a.Shape())
	}
	checkSameShape(name, argA, a, argB, b)
	if a.Shape().Dimensions[1] < 1 {
		fail(name, argA, "must have at least one feature, got %s", a.Shape())
	}
}

// ntxentEmbeddings returns z = [normalize(zI); normalize(zJ)] ([2N, D]) and the
// positives' rows zPos = [normalize(zJ); normalize(zI)].
func ntxentEmbeddings(zI, zJ *Node) (z, zPos *Node) {
	a, b := safeNormalize(zI, normEps), safeNormalize(zJ, normEps)
	return Concatenate([]*Node{a, b}, 0), Concatenate([]*Node{b, a}, 0)
}

// swapHalves returns [x[N:]; x[:N]] for x with 2N rows.
func swapHalves(x *Node, n int) *Node {
	return Concatenate([]*Node{SliceAxis(x, 0, AxisRange(n)), SliceAxis(x, 0, AxisRange(0, n))}, 0)
}

// eye returns a bool [n, n] identity.
func eye(g *Graph, n int) *Node {
	s := shapes.Make(dtypes.Int32, n, n)
	return Equal(Iota(g, s, 0), Iota(g, s, 1))
}

// NTXent is SimCLR's normalized temperature-scaled cross-entropy (NT-Xent) loss.
// zI[k] and zJ[k] are two augmented views of example k (shapes [N, D]). The 2N
// embeddings zₐ (zI's rows then zJ's) are L2-normalised, and for every anchor i
// with positive p(i) (the other view of the same example):
//
//	ℓᵢ = −log( exp(sᵢ,ₚ₍ᵢ₎/τ) / Σ_{k≠i} exp(sᵢₖ/τ) ),   sᵢₖ = ẑᵢ·ẑₖ (cosine similarity)
//
// Each anchor has 2N−1 candidates (itself excluded, the positive included in the
// denominator, as in the SimCLR paper and the syllabus' formula); the element-wise
// loss has shape [2N] (rows 0..N−1 anchor on zI, rows N..2N−1 on zJ) and the
// default mean reduction averages over the 2N anchors.
//
// Gradient (autodiff): ∂L/∂sᵢₖ = (Pᵢₖ − [k = p(i)])/τ per anchor, with P the
// softmax over the candidates, then through the normalisation.
//
// Note on the syllabus' info_nce_loss snippet: its denominator (2N−1 candidates,
// positive included) matches the formula in its text, but after removing the
// diagonal it adjusts the labels with labels − (arange > labels), which
// decrements the wrong rows: row N−1 gets the out-of-range label 2N−1, so
// F.cross_entropy raises an IndexError. The correct line is
// labels − (labels > arange); with it the snippet equals this function and an
// independent float64 loop (checked by testdata/golden/gen_metric.py).
//
// Zero vectors are normalised to zero (cosine 0, as F.normalize) and give finite
// loss and gradient. N = 0 (an empty batch) follows the package's empty-batch
// rule; D must be ≥ 1. Options: Reduce, Weights, Mask (shape [2N]), Temperature
// (finite τ > 0, default 0.5). For very large batches use NTXentChunked.
//
// Equivalents: SimCLR's NT-Xent; pytorch-metric-learning NTXentLoss; the
// syllabus' info_nce_loss (with the label fix).
func NTXent(zI, zJ *Node, opts ...Option) *Node {
	const name = "NTXent"
	o := parseOptions(name, opts, "Reduce", "Weights", "Mask", "Temperature")
	checkPositive(name, "Temperature", o.temperature)
	checkFinite(name, "Temperature", o.temperature)
	checkPairBatch(name, "zI", zI, "zJ", zJ)
	a, dt := upcast(zI)
	if isEmpty(a) {
		return downcast(applyReduction(name, emptyElem(a.Graph(), a.DType(), 0), o, nil), dt)
	}
	b, _ := upcast(zJ)
	tau := o.temperature
	z, zPos := ntxentEmbeddings(a, b)
	r := z.Shape().Dimensions[0]
	s := DivScalar(Einsum("id,jd->ij", z, z), tau)
	diag := eye(z.Graph(), r)
	lse := maskedLogSumExp(s, diag, -1/tau)
	pos := DivScalar(ReduceSum(Mul(z, zPos), 1), tau)
	elem := Sub(lse, pos)
	return downcast(applyReduction(name, elem, o, nil), dt)
}

// maskedLogSumExp is log Σ_k exp(s[i,k]) over the entries where mask is false,
// for s bounded below by lower (the masked entries never create Inf or NaN, in
// the value or the gradient).
func maskedLogSumExp(s, mask *Node, lower float64) *Node {
	lowerNode := BroadcastToDims(Scalar(s.Graph(), s.DType(), lower), s.Shape().Dimensions...)
	masked := Where(mask, lowerNode, s)
	m := StopGradient(ReduceAndKeep(masked, ReduceMax, -1))
	e := Where(mask, ZerosLike(s), Exp(Sub(masked, m)))
	return Add(Log(ReduceSum(e, -1)), Reshape(m, m.Shape().Dimensions[0]))
}

// logSumExp is the stable log Σ exp(x) along axis.
func logSumExp(x *Node, axis int) *Node {
	m := StopGradient(ReduceAndKeep(x, ReduceMax, axis))
	return Add(Log(ReduceSum(Exp(Sub(x, m)), axis)), Squeeze(m, axis))
}

// InfoNCE is the CLIP-style InfoNCE loss between N queries and N keys (shapes
// [N, D]): query i's positive is key i and the other N−1 keys are its negatives.
// Both are L2-normalised (cosine similarity, as CLIP), logits sᵢₖ = q̂ᵢ·k̂ₖ/τ, and
//
//	ℓᵢ = −log softmaxₖ(sᵢ,·)ᵢ                    (queries → keys, the default)
//	ℓᵢ = ½(−log softmaxₖ(sᵢ,·)ᵢ − log softmaxₖ(s·,ᵢ)ᵢ)   (Symmetric(): CLIP's (loss_i + loss_t)/2)
//
// The element-wise loss has shape [N]. Unlike NTXent there is no query–query
// term: the candidates of a query are the N keys only.
//
// Gradient (autodiff): ∂ℓᵢ/∂sᵢₖ = Pᵢₖ − [k = i] (softmax minus one-hot), then
// through the normalisation.
//
// Options: Reduce, Weights, Mask (shape [N]), Temperature (τ > 0, default 0.5;
// CLIP's learned τ starts at 0.07), Symmetric.
//
// Equivalents: CLIP's loss (F.cross_entropy(logits, arange(N)) both ways / 2);
// van den Oord et al. (2018) InfoNCE with in-batch negatives; Optax has none.
func InfoNCE(queries, keys *Node, opts ...Option) *Node {
	const name = "InfoNCE"
	o := parseOptions(name, opts, "Reduce", "Weights", "Mask", "Temperature", "Symmetric")
	checkPositive(name, "Temperature", o.temperature)
	checkFinite(name, "Temperature", o.temperature)
	checkPairBatch(name, "queries", queries, "keys", keys)
	q, dt := upcast(queries)
	if isEmpty(q) {
		return downcast(applyReduction(name, emptyElem(q.Graph(), q.DType(), 0), o, nil), dt)
	}
	k, _ := upcast(keys)
	tau := o.temperature
	qn, kn := safeNormalize(q, normEps), safeNormalize(k, normEps)
	s := DivScalar(Einsum("id,jd->ij", qn, kn), tau)
	pos := DivScalar(ReduceSum(Mul(qn, kn), 1), tau)
	elem := Sub(logSumExp(s, 1), pos)
	if o.symmetric {
		elem = MulScalar(Add(elem, Sub(logSumExp(s, 0), pos)), 0.5)
	}
	return downcast(applyReduction(name, elem, o, nil), dt)
}

// NTXentChunked is NTXent for large batches: the same value and gradient (to
// rounding), computed without ever materialising the 2N×2N similarity matrix.
// The 2N rows are split into blocks of chunk rows; the forward pass visits the
// chunk×chunk tiles of one row block at a time and keeps a running (streaming)
// log-sum-exp per row, and the backward pass is a closed-form custom gradient
// computed tile by tile as well (recomputing each tile, as FlashAttention does):
//
//	∂L/∂ẑ = ((G + Gᵀ)·Ẑ)/τ,   Gᵢₖ = vᵢ·(Pᵢₖ − [k = p(i)])
//
// where vᵢ = ∂L/∂ℓᵢ (from the reduction) and Pᵢₖ = exp(sᵢₖ/τ − LSEᵢ) for k ≠ i.
// Memory is O(chunk² + N·D) per step instead of O(N²); the graph has
// (2N/chunk)² tiles, so choose chunk ≥ 2N/32 or so to keep compilation quick.
//
// How the bound holds on the pure-Go backend: its scheduler orders ops by their
// longest path to the output, not by the order they were built in, and left to
// itself it computes the tiles of many row blocks before consuming them (peak
// RSS was measured at +2,966 MiB above the baseline for N = 16,384, D = 64,
// chunk = 2,048). So on that backend each tile's matmul is chained behind the
// previous tile's result with graph.SchedulingBarrier (which copies one
// [chunk, D] row block, nothing more): the tiles are then computed one after
// another, and at any time only about four chunk×chunk buffers are alive (the
// tile, its exponentials and, in the backward pass, the weighted tile and its
// transpose for the second matmul). Measured for that configuration: +176 MiB
// above a 33 MiB baseline, graph building and compilation included (BENCHMARKS.md,
// "NTXentChunked memory"). On XLA no barrier is added: XLA schedules and frees
// buffers itself.
//
// chunk must be >= 1 (chunk >= 2N is one tile: NTXent). Options as NTXent.
//
// The pure-Go backend's parallel executor (GoMLX's default scheduling in
// gomlx/compute v0.1.2) deadlocks on graphs with many independent large
// matmuls, as this one would be without the chaining. pkg/backend starts the
// pure-Go backend as "go:ops_sequential" (backend.GoConfig), also when
// $GOMLX_BACKEND=go is given; if you create the Go backend yourself, do the
// same (docs/upstream-gomlx-parallel-executor-deadlock.md).
func NTXentChunked(zI, zJ *Node, chunk int, opts ...Option) *Node {
	const name = "NTXentChunked"
	o := parseOptions(name, opts, "Reduce", "Weights", "Mask", "Temperature")
	checkPositive(name, "Temperature", o.temperature)
	checkFinite(name, "Temperature", o.temperature)
	checkPairBatch(name, "zI", zI, "zJ", zJ)
	if chunk < 1 {
		fail(name, "chunk", "must be >= 1, got %d", chunk)
	}
	a, dt := upcast(zI)
	if isEmpty(a) {
		return downcast(applyReduction(name, emptyElem(a.Graph(), a.DType(), 0), o, nil), dt)
	}
	b, _ := upcast(zJ)
	tau := o.temperature
	n := a.Shape().Dimensions[0]
	z, zPos := ntxentEmbeddings(a, b)
	t := newTiling(z, chunk, tau)
	lse := t.logSumExp()
	pos := DivScalar(ReduceSum(Mul(z, zPos), 1), tau)
	elem := Sub(lse, pos)
	if closedFormGradients {
		lseC := StopGradient(lse)
		zc := IdentityWithCustomGradient(z, func(_, vv *Node) *Node {
			v := Reshape(SliceAxis(vv, 1, AxisElem(0)), 2*n) // adjoint of ℓ, broadcast over D
			return t.gradient(v, lseC, n)
		})
		zero := ReduceSum(Sub(zc, StopGradient(zc)), 1)
		elem = Add(StopGradient(elem), zero)
	}
	return downcast(applyReduction(name, elem, o, nil), dt)
}

// tiling splits the normalised embeddings z [R, D] into row blocks.
type tiling struct {
	z      *Node
	blocks []*Node // z's row blocks
	tau    float64
	// chain: computing tiles one after another (pure-Go backend, see
	// NTXentChunked): each tile's matmul waits for after, the last tile's result.
	chain bool
	after []*Node
}

func newTiling(z *Node, chunk int, tau float64) *tiling {
	r := z.Shape().Dimensions[0]
	t := &tiling{z: z, tau: tau, chain: isGoBackend(z.Graph())}
	for s := 0; s < r; s += chunk {
		t.blocks = append(t.blocks, SliceAxis(z, 0, AxisRange(s, min(s+chunk, r))))
	}
	return t
}

// isGoBackend reports whether g runs on the pure-Go backend.
func isGoBackend(g *Graph) bool {
	be := g.Backend()
	return be != nil && be.String() == "go"
}

// done records the results a tile produced: the next tile waits for them.
func (t *tiling) done(results ...*Node) {
	if t.chain {
		t.after = results
	}
}

// tile returns the similarity tile sᵦ𝒸/τ and, for diagonal tiles, the diagonal mask.
func (t *tiling) tile(bi, ci int) (s, diag *Node) {
	col := t.blocks[ci]
	if len(t.after) > 0 {
		col = SchedulingBarrier(col, t.after...)
	}
	s = DivScalar(Einsum("id,jd->ij", t.blocks[bi], col), t.tau)
	if bi == ci {
		diag = eye(s.Graph(), s.Shape().Dimensions[0])
	}
	return s, diag
}

// logSumExp is the per-row log Σ_{k≠i} exp(sᵢₖ/τ), streamed over column tiles.
// Similarities are cosines, so sᵢₖ/τ ≥ −1/τ: that bound seeds the running max
// and replaces masked entries, so nothing is ever −Inf.
func (t *tiling) logSumExp() *Node {
	lower := -1 / t.tau
	var out []*Node
	for bi, blk := range t.blocks {
		rows := blk.Shape().Dimensions[0]
		g := blk.Graph()
		mRun := BroadcastToDims(Scalar(g, blk.DType(), lower), rows)
		sRun := Zeros(g, shapes.Make(blk.DType(), rows))
		for ci := range t.blocks {
			s, diag := t.tile(bi, ci)
			masked := s
			if diag != nil {
				masked = Where(diag, BroadcastToDims(Scalar(g, s.DType(), lower), s.Shape().Dimensions...), s)
			}
			mNew := StopGradient(Max(mRun, ReduceMax(masked, 1)))
			e := Exp(Sub(masked, InsertAxes(mNew, -1)))
			if diag != nil {
				e = Where(diag, ZerosLike(e), e)
			}
			sRun = Add(Mul(sRun, Exp(Sub(mRun, mNew))), ReduceSum(e, 1))
			mRun = mNew
			t.done(sRun)
		}
		out = append(out, Add(mRun, Log(sRun)))
	}
	return Concatenate(out, 0)
}

// gradient is ∂(Σᵢ vᵢℓᵢ)/∂z, tile by tile: ((G + Gᵀ)·Z)/τ with Gᵢₖ = vᵢ(Pᵢₖ − [k = p(i)]).
func (t *tiling) gradient(v, lse *Node, n int) *Node {
	z := StopGradient(t.z)
	blocks := make([]*Node, len(t.blocks))
	for i, b := range t.blocks {
		blocks[i] = StopGradient(b)
	}
	acc := make([]*Node, len(blocks))
	start := 0
	var vBlocks, lseBlocks []*Node
	for _, b := range blocks {
		rows := b.Shape().Dimensions[0]
		vBlocks = append(vBlocks, SliceAxis(v, 0, AxisRange(start, start+rows)))
		lseBlocks = append(lseBlocks, SliceAxis(lse, 0, AxisRange(start, start+rows)))
		start += rows
	}
	st := &tiling{blocks: blocks, tau: t.tau, chain: t.chain}
	add := func(i int, x *Node) {
		if acc[i] == nil {
			acc[i] = x
		} else {
			acc[i] = Add(acc[i], x)
		}
	}
	for bi := range blocks {
		for ci := range blocks {
			s, diag := st.tile(bi, ci)
			if diag != nil { // keep exp's argument bounded on the (excluded) diagonal
				s = Where(diag, BroadcastToDims(Scalar(s.Graph(), s.DType(), -1/t.tau), s.Shape().Dimensions...), s)
			}
			p := Exp(Sub(s, InsertAxes(lseBlocks[bi], -1)))
			if diag != nil {
				p = Where(diag, ZerosLike(p), p)
			}
			gt := Mul(InsertAxes(vBlocks[bi], -1), p) // [b, c]
			add(bi, Einsum("ik,kd->id", gt, blocks[ci]))
			add(ci, Einsum("ik,id->kd", gt, blocks[bi]))
			st.done(acc[bi], acc[ci])
		}
	}
	dz := Concatenate(acc, 0)
	zPos := swapHalves(z, n)
	vv := Add(v, swapHalves(v, n))
	dz = Sub(dz, Mul(InsertAxes(vv, -1), zPos))
	return DivScalar(dz, t.tau)
}
