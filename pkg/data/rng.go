package data

import (
	"math"
	"math/rand/v2"
	"slices"
)

// Stream constants: the second PCG word, one per generator, so that two
// generators called with the same seed do not share random numbers.
const (
	streamBlobs uint64 = 0x9e3779b97f4a7c15 + iota
	streamMoons
	streamSpirals
	streamXOR
	streamFlip
	streamSplit
	streamShuffle
	streamRegression
	streamTarget
	streamPairs
	streamTriplets
	streamAugment
)

// newRNG returns the package's only kind of random generator: PCG seeded with
// (seed, stream).
func newRNG(seed, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, stream))
}

// laplace draws from Laplace(0, b): −b·sign(u)·ln(1−2|u|), u ~ U(−½, ½).
func laplace(r *rand.Rand, b float64) float64 {
	u := r.Float64() - 0.5
	for u == -0.5 { // avoid ln(0)
		u = r.Float64() - 0.5
	}
	if u < 0 {
		return b * math.Log(1+2*u)
	}
	return -b * math.Log(1-2*u)
}

// gamma draws from Gamma(shape k, scale 1) with Marsaglia & Tsang (2000).
func gamma(r *rand.Rand, k float64) float64 {
	if k < 1 {
		// Boost: Gamma(k) = Gamma(k+1)·U^(1/k).
		u := r.Float64()
		for u == 0 {
			u = r.Float64()
		}
		return gamma(r, k+1) * math.Pow(u, 1/k)
	}
	d := k - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := r.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := r.Float64()
		if u < 1-0.0331*x*x*x*x {
			return d * v
		}
		if u > 0 && math.Log(u) < 0.5*x*x+d*(1-v+math.Log(v)) {
			return d * v
		}
	}
}

// studentT draws from a Student-t with ν degrees of freedom and scale s:
// s·Z/√(V/ν), Z ~ N(0,1), V ~ χ²_ν = 2·Gamma(ν/2).
func studentT(r *rand.Rand, nu, s float64) float64 {
	z := r.NormFloat64()
	v := 2 * gamma(r, nu/2)
	for v == 0 {
		v = 2 * gamma(r, nu/2)
	}
	return s * z / math.Sqrt(v/nu)
}

// sampleIndices returns k distinct indices of 0..n−1 chosen uniformly, in
// ascending order (partial Fisher–Yates).
func sampleIndices(r *rand.Rand, n, k int) []int {
	perm := make([]int, n)
	for i := range perm {
		perm[i] = i
	}
	for i := 0; i < k; i++ {
		j := i + r.IntN(n-i)
		perm[i], perm[j] = perm[j], perm[i]
	}
	out := perm[:k:k]
	slices.Sort(out)
	return out
}
