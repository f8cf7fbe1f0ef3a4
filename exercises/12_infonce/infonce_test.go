package infonce

import (
	"fmt"
	"math"
	"testing"

	"github.com/losscourse/losscourse/exercises/internal/check"
)

func refCos(u, v []float64) float64 {
	d, a, b := 0.0, 0.0, 0.0
	for k := range u {
		d += u[k] * v[k]
		a += u[k] * u[k]
		b += v[k] * v[k]
	}
	return d / math.Sqrt(a) / math.Sqrt(b)
}

// refCE returns −log softmax(row)[target] with a stable log-sum-exp.
func refCE(row []float64, target int) float64 {
	m := math.Inf(-1)
	for _, v := range row {
		m = math.Max(m, v)
	}
	s := 0.0
	for _, v := range row {
		s += math.Exp(v - m)
	}
	return m + math.Log(s) - row[target]
}

// refNTXent is the NT-Xent loss written out with refCE.
func refNTXent(zi, zj [][]float64, tau float64) float64 {
	z := append(append([][]float64{}, zi...), zj...)
	n := len(zi)
	total := 0.0
	for a := range z {
		var row []float64
		target := 0
		for m := range z {
			if m == a {
				continue
			}
			if m == (a+n)%(2*n) {
				target = len(row)
			}
			row = append(row, refCos(z[a], z[m])/tau)
		}
		total += refCE(row, target)
	}
	return total / float64(2*n)
}

var (
	exQ = [][]float64{{1, 0, 0.5}, {0.2, 1, -0.3}, {-1, 0.4, 0.8}}
	exK = [][]float64{{0.9, 0.1, 0.4}, {0.1, 1.2, -0.1}, {-0.5, 0.1, 1}}
)

// Task 1
func TestTask1CosineSimilarity(t *testing.T) {
	tests := []struct {
		u, v []float64
		want float64
	}{
		{[]float64{1, 0}, []float64{0, 3}, 0},
		{[]float64{1, 2}, []float64{2, 4}, 1},
		{[]float64{1, 2, 3}, []float64{-1, 0.5, 2}, (-1 + 1 + 6) / (math.Sqrt(14) * math.Sqrt(5.25))},
	}
	for _, tt := range tests {
		call := fmt.Sprintf("CosineSimilarity(%v, %v)", tt.u, tt.v)
		unchanged := check.Keep(t, 1, call, tt.u, tt.v)
		got := check.Call(t, 1, call, func() float64 { return CosineSimilarity(tt.u, tt.v) })
		check.Float(t, 1, call, got, tt.want, 1e-12)
		unchanged()
	}
}

// Task 2
func TestTask2InfoNCE(t *testing.T) {
	tau := 0.5
	want := 0.0
	for i := range exQ {
		row := make([]float64, len(exK))
		for j := range exK {
			row[j] = refCos(exQ[i], exK[j]) / tau
		}
		want += refCE(row, i)
	}
	want /= float64(len(exQ))
	call := fmt.Sprintf("InfoNCE(queries=%v, keys=%v, tau=%v)", exQ, exK, tau)
	unchanged := check.Keep(t, 2, call, exQ, exK)
	got := check.Call(t, 2, call, func() float64 { return InfoNCE(exQ, exK, tau) })
	check.Float(t, 2, call, got, want, 1e-12)
	unchanged()

	// τ = 0.001 makes logits of ±1000: e^1000 overflows unless you use log-sum-exp.
	q := [][]float64{{1, 0}, {0, 1}}
	k := [][]float64{{0, 1}, {1, 0}} // every positive is orthogonal, every negative identical
	call = fmt.Sprintf("InfoNCE(queries=%v, keys=%v, tau=0.001)", q, k)
	got = check.Call(t, 2, call, func() float64 { return InfoNCE(q, k, 0.001) })
	check.Float(t, 2, call, got, 1000+math.Log1p(math.Exp(-1000)), 1e-9)
}

// Task 3
func TestTask3NTXent(t *testing.T) {
	tau := 0.5
	call := fmt.Sprintf("NTXent(zi=%v, zj=%v, tau=%v)", exQ, exK, tau)
	unchanged := check.Keep(t, 3, call, exQ, exK)
	got := check.Call(t, 3, call, func() float64 { return NTXent(exQ, exK, tau) })
	check.Float(t, 3, call, got, refNTXent(exQ, exK, tau), 1e-12)
	unchanged()

	// τ = 0.001, and every anchor's most similar candidate is a negative (cosine 1, the positive 0):
	// each ℓ = 1000 + log(1 + 2e⁻¹⁰⁰⁰) = 1000. The value is checked, not only its finiteness.
	zi, zj := [][]float64{{1, 0}, {0, 1}}, [][]float64{{0, 1}, {1, 0}}
	call = fmt.Sprintf("NTXent(zi=%v, zj=%v, tau=0.001)", zi, zj)
	got = check.Call(t, 3, call, func() float64 { return NTXent(zi, zj, 0.001) })
	check.Float(t, 3, call, got, 1000, 1e-12)
}
