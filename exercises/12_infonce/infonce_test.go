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

// refCE returns −log softmax(row)[target], textbook formula (for moderate logits).
func refCE(row []float64, target int) float64 {
	s := 0.0
	for _, v := range row {
		s += math.Exp(v)
	}
	return math.Log(s) - row[target]
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
		got := check.Call(t, 1, call, func() float64 { return CosineSimilarity(tt.u, tt.v) })
		check.Float(t, 1, call, got, tt.want, 1e-12)
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
	got := check.Call(t, 2, call, func() float64 { return InfoNCE(exQ, exK, tau) })
	check.Float(t, 2, call, got, want, 1e-12)

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
	z := append(append([][]float64{}, exQ...), exK...)
	n := len(exQ)
	want := 0.0
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
		want += refCE(row, target)
	}
	want /= float64(2 * n)
	call := fmt.Sprintf("NTXent(zi=%v, zj=%v, tau=%v)", exQ, exK, tau)
	got := check.Call(t, 3, call, func() float64 { return NTXent(exQ, exK, tau) })
	check.Float(t, 3, call, got, want, 1e-12)
}
