// Package infonce: InfoNCE (CLIP-style) and NT-Xent (SimCLR) contrastive losses.
package infonce

// Mutant lse_max_first_element: log-sum-exp shifted by the first logit instead of the maximum: overflows when a later logit is 1000 larger.

import "math"

// CosineSimilarity returns uᵀv / (‖u‖ ‖v‖).
//
// Task 1.
func CosineSimilarity(u, v []float64) float64 {
	dot, nu, nv := 0.0, 0.0, 0.0
	for k := range u {
		dot += u[k] * v[k]
		nu += u[k] * u[k]
		nv += v[k] * v[k]
	}
	return dot / math.Sqrt(nu*nv)
}

// logSumExp returns log Σ e^(xₖ) stably.
func logSumExp(xs []float64) float64 {
	m := xs[0]
	s := 0.0
	for _, x := range xs {
		s += math.Exp(x - m)
	}
	return m + math.Log(s)
}

// InfoNCE returns the one-directional InfoNCE loss of N queries against N keys
// (CPC, van den Oord et al. 2018; CLIP's image→text half): key i is query i's
// positive, the other N − 1 keys are its negatives:
//
//	L = −(1/N) Σᵢ log [ e^(sim(qᵢ,kᵢ)/τ) / Σⱼ e^(sim(qᵢ,kⱼ)/τ) ]
//
// i.e. softmax cross-entropy over the N×N cosine-similarity matrix divided by τ
// with labels 0..N−1. Use a stable log-sum-exp: τ = 0.001 makes logits of 1000.
//
// Task 2.
func InfoNCE(queries, keys [][]float64, tau float64) float64 {
	n := len(queries)
	sum := 0.0
	row := make([]float64, n)
	for i := range queries {
		for j := range keys {
			row[j] = CosineSimilarity(queries[i], keys[j]) / tau
		}
		sum += logSumExp(row) - row[i]
	}
	return sum / float64(n)
}

// NTXent returns SimCLR's normalized-temperature cross-entropy (Chen et al. 2020).
// The 2N embeddings z = [zi; zj] are all anchors; anchor k's positive is its
// other view (k ± N) and its candidates are the 2N − 1 embeddings other than
// itself (the positive included):
//
//	ℓ_k = −log [ e^(sim(z_k, z_pos(k))/τ) / Σ_{m ≠ k} e^(sim(z_k, z_m)/τ) ]
//	L   = (1/2N) Σ_k ℓ_k
//
// Task 3.
func NTXent(zi, zj [][]float64, tau float64) float64 {
	n := len(zi)
	z := append(append([][]float64{}, zi...), zj...)
	sum := 0.0
	for k := range z {
		pos := (k + n) % (2 * n)
		var row []float64
		var posLogit float64
		for m := range z {
			if m == k {
				continue
			}
			s := CosineSimilarity(z[k], z[m]) / tau
			row = append(row, s)
			if m == pos {
				posLogit = s
			}
		}
		sum += logSumExp(row) - posLogit
	}
	return sum / float64(2*n)
}
