// Package ntxent: SimCLR's NT-Xent loss as a GoMLX graph, with the positive at
// the right index once the self-similarities are removed.
package ntxent

// Mutant self_not_excluded: keeps the self-similarity among the candidates (2N instead of 2N − 1 per anchor).

import (
	. "github.com/gomlx/gomlx/core/graph"
)

// Normalize scales every row of z [N, D] to unit L2 norm, as PyTorch
// F.normalize(z, dim=1) (eps = 1e-12):
//
//	ẑᵢ = zᵢ / max(‖zᵢ‖, 1e-12)
//
// so a zero row stays zero (no 0/0 = NaN, in the value or the gradient).
//
// Task 1.
func Normalize(z *Node) *Node {
	sq := ReduceAndKeep(Square(z), ReduceSum, -1)
	return Div(z, Sqrt(MaxScalar(sq, 1e-24)))
}

// SimilarityLogits returns the [2N, 2N−1] matrix of NT-Xent logits: with
// z = [Normalize(zI); Normalize(zJ)] (2N rows) and sᵢₖ = ẑᵢ·ẑₖ/τ, row i holds sᵢₖ
// for every k ≠ i, in the order of k (the self-similarity sᵢᵢ = 1/τ is removed).
//
// Removing the diagonal of an R×R matrix M needs no gather: in row-major order
// the diagonal sits at flat positions 0, R+1, 2(R+1), …; drop position 0, view the
// remaining R²−1 values as [R−1, R+1]: the diagonal is now the last column. Drop
// that column and view the (R−1)·R values left as [R, R−1]: the off-diagonal
// elements, row by row, in order (PyTorch: M.flatten()[1:].view(R−1, R+1)[:, :−1].reshape(R, R−1)).
// Reshape and SliceAxis do it in GoMLX.
//
// Task 2.
func SimilarityLogits(zI, zJ *Node, tau float64) *Node {
	z := Concatenate([]*Node{Normalize(zI), Normalize(zJ)}, 0)
	r := z.Shape().Dimensions[0]
	s := DivScalar(Einsum("id,kd->ik", z, z), tau)
	_ = r
	return s
}

// PositiveIndex returns the column of anchor i's positive in row i of
// SimilarityLogits, for a batch of n pairs (0 ≤ i < 2n). Anchor i < n (a view in
// zI) has its positive at row n+i of z, anchor i ≥ n at row i−n; removing column
// i from row i shifts every later column one to the left.
//
// Task 3.
func PositiveIndex(i, n int) int {
	p := i + n
	if i >= n {
		p = i - n
	}
	return p
}

// NTXent returns the mean NT-Xent loss over the 2N anchors of a batch of N pairs
// (zI[k], zJ[k]) (shapes [N, D]):
//
//	ℓᵢ = −log softmax(sᵢ,·)_{p(i)} = LSE(row i of SimilarityLogits) − row i at PositiveIndex(i, N)
//
// the same value as losses.NTXent(zI, zJ, losses.Temperature(tau)).
//
// Task 4.
func NTXent(zI, zJ *Node, tau float64) *Node {
	n := zI.Shape().Dimensions[0]
	logits := SimilarityLogits(zI, zJ, tau)
	labels := make([]int32, 2*n)
	for i := range labels {
		labels[i] = int32(PositiveIndex(i, n))
	}
	oneHot := OneHot(Const(zI.Graph(), labels), 2*n, logits.DType())
	pos := ReduceSum(Mul(oneHot, logits), -1)
	return ReduceAllMean(Sub(LogSumExp(logits), pos))
}

// LogSumExp is log Σₖ exp(xₖ) over the last axis with the max trick (exercise
// 17, given here).
func LogSumExp(x *Node) *Node {
	m := StopGradient(ReduceAndKeep(x, ReduceMax, -1))
	return Add(Log(ReduceSum(Exp(Sub(x, m)), -1)), Squeeze(m, -1))
}
