package losses

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gomlx/compute/dtypes"
	. "github.com/gomlx/gomlx/core/graph"
)

// ntxentReference is an independent float64 NT-Xent in plain Go loops: the mean
// over the 2N anchors of −log(exp(s_ip/τ) / Σ_{k≠i} exp(s_ik/τ)).
func ntxentReference(zI, zJ [][]float64, tau float64) float64 {
	var z [][]float64
	for _, v := range append(append([][]float64{}, zI...), zJ...) {
		norm := 0.0
		for _, c := range v {
			norm += c * c
		}
		norm = math.Max(math.Sqrt(norm), 1e-12)
		u := make([]float64, len(v))
		for i, c := range v {
			u[i] = c / norm
		}
		z = append(z, u)
	}
	n2 := len(z)
	total := 0.0
	for i := range n2 {
		p := (i + n2/2) % n2
		den, sp := 0.0, 0.0
		for k := range n2 {
			s := 0.0
			for d := range z[i] {
				s += z[i][d] * z[k][d]
			}
			s /= tau
			if k == p {
				sp = s
			}
			if k != i {
				den += math.Exp(s)
			}
		}
		total += math.Log(den) - sp
	}
	return total / float64(n2)
}

func randMatrix(r *rand.Rand, rows, cols int) [][]float64 {
	m := make([][]float64, rows)
	for i := range m {
		m[i] = make([]float64, cols)
		for j := range m[i] {
			m[i][j] = r.NormFloat64()
		}
	}
	return m
}

func flatten(m [][]float64) []float64 {
	var out []float64
	for _, row := range m {
		out = append(out, row...)
	}
	return out
}

func TestNTXentMatchesGoReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{1, 2, 7} {
		for _, tau := range []float64{1, 0.5, 0.07} {
			zI, zJ := randMatrix(r, n, 5), randMatrix(r, n, 5)
			want := ntxentReference(zI, zJ, tau)
			for _, nb := range testBackends() {
				for _, f := range []struct {
					name string
					loss func(a, b *Node) *Node
				}{
					{"NTXent", func(a, b *Node) *Node { return NTXent(a, b, Temperature(tau)) }},
					{"NTXentChunked(chunk=3)", func(a, b *Node) *Node { return NTXentChunked(a, b, 3, Temperature(tau)) }},
				} {
					got := execScalar(t, nb.Backend, func(g *Graph) *Node { return f.loss(Const(g, zI), Const(g, zJ)) })
					if math.Abs(got-want) > 1e-10*math.Max(1, math.Abs(want)) {
						t.Errorf("%s on %s, N=%d, τ=%g: got %.15g, want %.15g (plain-Go float64 reference)", f.name, nb.Name, n, tau, got, want)
					}
				}
			}
		}
	}
}

// TestNTXentChunkedEqualsNTXent: same value and same gradient (to 1e-10, float64)
// for chunk sizes that divide 2N, do not divide it, are 1, and exceed 2N; with the
// closed-form gradient and with autodiff of the streaming forward pass; with weights.
func TestNTXentChunkedEqualsNTXent(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	const n, d = 5, 4 // 2N = 10
	zI, zJ := flatten(randMatrix(r, n, d)), flatten(randMatrix(r, n, d))
	w := make([]float64, 2*n)
	for i := range w {
		w[i] = r.Float64()
	}
	for _, nb := range testBackends() {
		for _, weighted := range []bool{false, true} {
			run := func(loss func(a, b *Node, opts ...Option) *Node) [][]float64 {
				return execFlat(t, nb.Backend, func(g *Graph) []*Node {
					a := Const(g, zI)
					a = Reshape(a, n, d)
					b := Reshape(Const(g, zJ), n, d)
					opts := []Option{Temperature(0.2)}
					if weighted {
						opts = append(opts, Weights(Const(g, w)), Reduce(ReductionSum))
					}
					l := loss(a, b, opts...)
					grads := Gradient(l, a, b)
					return []*Node{l, grads[0], grads[1]}
				})
			}
			want := run(NTXent)
			for _, chunk := range []int{1, 3, 5, 10, 64} {
				for _, closed := range []bool{true, false} {
					closedFormGradients = closed
					got := run(func(a, b *Node, opts ...Option) *Node { return NTXentChunked(a, b, chunk, opts...) })
					closedFormGradients = true
					what := fmt.Sprintf("NTXentChunked(chunk=%d, closed-form gradient=%v, weighted=%v) on %s", chunk, closed, weighted, nb.Name)
					for k, part := range []string{"value", "gradient wrt zI", "gradient wrt zJ"} {
						for i := range want[k] {
							if math.Abs(got[k][i]-want[k][i]) > 1e-10 {
								t.Errorf("%s: %s[%d] = %.15g, NTXent gives %.15g", what, part, i, got[k][i], want[k][i])
								break
							}
						}
					}
				}
			}
		}
	}
}

func TestInfoNCEFamilyGradientThreeWays(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	zI, zJ := flatten(randMatrix(r, 3, 4)), flatten(randMatrix(r, 3, 4))
	checkGradThreeWays(t, "NTXent", func(xs []*Node) *Node { return NTXent(xs[0], xs[1], Temperature(0.3)) },
		input(zI, 3, 4), input(zJ, 3, 4))
	checkGradThreeWays(t, "NTXentChunked(chunk=4)", func(xs []*Node) *Node { return NTXentChunked(xs[0], xs[1], 4, Temperature(0.3)) },
		input(zI, 3, 4), input(zJ, 3, 4))
	checkGradThreeWays(t, "NTXentChunked(chunk=2) masked", func(xs []*Node) *Node {
		m := Const(xs[0].Graph(), []bool{true, false, true, true, true, false})
		return NTXentChunked(xs[0], xs[1], 2, Mask(m))
	}, input(zI, 3, 4), input(zJ, 3, 4))
	for _, sym := range []bool{false, true} {
		checkGradThreeWays(t, fmt.Sprintf("InfoNCE symmetric=%v", sym), func(xs []*Node) *Node {
			opts := []Option{Temperature(0.2)}
			if sym {
				opts = append(opts, Symmetric())
			}
			return InfoNCE(xs[0], xs[1], opts...)
		}, input(zI, 3, 4), input(zJ, 3, 4))
	}
}

// TestInfoNCEFamilyExtremeInputs: zero vectors and a small temperature in float32
// give finite values and gradients; the similarity-1 self term is never formed.
func TestInfoNCEFamilyExtremeInputs(t *testing.T) {
	b := testBackends()[0].Backend
	zI := [][]float32{{0, 0, 0}, {1, 2, 3}, {-1, 0.5, 0}}
	zJ := [][]float32{{0, 0, 0}, {-1, -2, -3}, {-1, 0.4, 0.1}}
	for _, tau := range []float64{0.5, 0.01} {
		outs := execFlat(t, b, func(g *Graph) []*Node {
			a, c := Const(g, zI), Const(g, zJ)
			var out []*Node
			for _, l := range []*Node{
				NTXent(a, c, Temperature(tau)),
				NTXentChunked(a, c, 2, Temperature(tau)),
				InfoNCE(a, c, Temperature(tau), Symmetric()),
			} {
				out = append(out, l)
				out = append(out, Gradient(l, a, c)...)
			}
			return out
		})
		for i, o := range outs {
			for _, v := range o {
				if !finite(v) {
					t.Errorf("τ=%g, float32 with zero vectors: output #%d (loss, ∂zI, ∂zJ for NTXent, NTXentChunked, InfoNCE) = %v, want finite", tau, i, o)
					break
				}
			}
		}
		if math.Abs(outs[0][0]-outs[3][0]) > 1e-4*math.Abs(outs[0][0]) {
			t.Errorf("τ=%g float32: NTXent=%g but NTXentChunked=%g", tau, outs[0][0], outs[3][0])
		}
	}
	// N = 1 with antipodal views: one candidate (the positive), so the loss is exactly 0.
	got := execScalar(t, b, func(g *Graph) *Node {
		return NTXent(Const(g, [][]float32{{1, 0}}), Const(g, [][]float32{{-1, 0}}), Temperature(0.01))
	})
	if got != 0 {
		t.Errorf("NTXent with N=1 (a single candidate, the positive): got %g, want 0", got)
	}
}

func TestInfoNCEByHand(t *testing.T) {
	// Orthonormal queries/keys, keys[i] = queries[i]: logits are I/τ, so each row's
	// loss is −log(e^{1/τ} / (e^{1/τ} + (N−1))).
	q := [][]float64{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}
	const tau = 0.5
	want := -math.Log(math.Exp(1/tau) / (math.Exp(1/tau) + 2))
	for _, sym := range []bool{false, true} {
		got := execScalar(t, testBackends()[0].Backend, func(g *Graph) *Node {
			opts := []Option{Temperature(tau)}
			if sym {
				opts = append(opts, Symmetric())
			}
			return InfoNCE(Const(g, q), Const(g, q), opts...)
		})
		if math.Abs(got-want) > 1e-12 {
			t.Errorf("InfoNCE(symmetric=%v) of orthonormal matched pairs, τ=%g: got %g, want %g", sym, tau, got, want)
		}
	}
}

func TestInfoNCEFamilyBadInput(t *testing.T) {
	m := func(g *Graph) *Node { return Const(g, [][]float32{{1, 2}, {3, 4}}) }
	expectLossError(t, "zero temperature", func(g *Graph) { NTXent(m(g), m(g), Temperature(0)) }, "losses.NTXent", "Temperature", "> 0")
	expectLossError(t, "negative temperature", func(g *Graph) { InfoNCE(m(g), m(g), Temperature(-1)) }, "losses.InfoNCE", "Temperature")
	expectLossError(t, "chunk 0", func(g *Graph) { NTXentChunked(m(g), m(g), 0) }, "losses.NTXentChunked", "chunk", "0")
	expectLossError(t, "shape", func(g *Graph) {
		NTXent(m(g), Const(g, [][]float32{{1, 2}}))
	}, "losses.NTXent", "zJ", "[1, 2]", "[2, 2]")
	expectLossError(t, "rank", func(g *Graph) { InfoNCE(Const(g, []float32{1, 2}), Const(g, []float32{1, 2})) }, "losses.InfoNCE", "queries", "[N, D]")
	expectLossError(t, "int", func(g *Graph) { NTXent(Const(g, [][]int32{{1}}), Const(g, [][]int32{{1}})) }, "losses.NTXent", "zI", "Int32")
	expectLossError(t, "Symmetric given to NTXent", func(g *Graph) { NTXent(m(g), m(g), Symmetric()) }, "losses.NTXent", "Symmetric", "not supported")
}

func TestInfoNCEFamilyHalfPrecision(t *testing.T) {
	for _, dt := range []dtypes.DType{dtypes.Float16, dtypes.BFloat16} {
		got := execScalar(t, testBackends()[0].Backend, func(g *Graph) *Node {
			a := ConvertDType(Const(g, [][]float32{{1, 0}, {0, 1}}), dt)
			l := NTXentChunked(a, a, 1)
			if l.DType() != dt {
				t.Errorf("NTXentChunked(%s) returned %s", dt, l.DType())
			}
			return l
		})
		// Each anchor: positive cos 1, self excluded, other two cos 0: −log(e²/(e² + 2)).
		want := -math.Log(math.Exp(2) / (math.Exp(2) + 2))
		if math.Abs(got-want) > 0.02 {
			t.Errorf("NTXentChunked in %s: got %g, want %g", dt, got, want)
		}
	}
}
