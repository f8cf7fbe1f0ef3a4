package losses

import (
	"fmt"
	"math"
	"testing"

	. "github.com/gomlx/gomlx/core/graph"
	"github.com/losscourse/losscourse/pkg/gradcheck"
)

var distanceByName = map[string]Distance{"l2": DistanceL2, "squared_l2": DistanceSquaredL2, "cosine": DistanceCosine}

func TestMetricMatchesPyTorch(t *testing.T) {
	runTorchGolden(t, "testdata/golden/metric.json", func(t *testing.T, c *torchCase, in map[string]*Node, red Option) *Node {
		dist := func() Distance {
			name, _ := c.Params["dist"].(string)
			d, ok := distanceByName[name]
			if !ok {
				t.Fatalf("case %q: unknown distance %q", c.Name, name)
			}
			return d
		}
		switch c.Fn {
		case "PairwiseDistance":
			return PairwiseDistance(in["a"], in["b"], dist(), c.param(t, "eps"))
		case "TripletMargin":
			opts := []Option{red, Margin(c.param(t, "margin")), Dist(dist()), Eps(c.param(t, "eps"))}
			if c.flag("swap") {
				opts = append(opts, Swap())
			}
			return TripletMargin(in["anchor"], in["positive"], in["negative"], opts...)
		case "Contrastive":
			return Contrastive(in["x1"], in["x2"], in["similar"], red, Margin(c.param(t, "margin")), Eps(c.param(t, "eps")))
		case "NTXent":
			return NTXent(in["zI"], in["zJ"], red, Temperature(c.param(t, "temperature")))
		case "InfoNCE":
			opts := []Option{red, Temperature(c.param(t, "temperature"))}
			if c.flag("symmetric") {
				opts = append(opts, Symmetric())
			}
			return InfoNCE(in["queries"], in["keys"], opts...)
		}
		t.Fatalf("case %q: unknown function %q", c.Name, c.Fn)
		return nil
	})
}

// Embeddings for the gradient checks: the hinges are active or inactive by a
// clear margin (no triplet or pair sits on a kink).
var (
	embA = []float64{0.1, 0.9, -0.3, 1.2, -0.7, 0.4, 0.0, 0.5, 0.8}
	embP = []float64{0.3, 0.7, -0.1, 1.0, -0.2, 0.9, 2.0, -1.0, 0.1}
	embN = []float64{-0.5, 0.2, 0.6, 1.3, -0.6, 0.3, 0.4, 0.4, 0.9}
)

func TestMetricGradientThreeWays(t *testing.T) {
	for _, dist := range []Distance{DistanceL2, DistanceSquaredL2, DistanceCosine} {
		for _, swap := range []bool{false, true} {
			name := fmt.Sprintf("TripletMargin dist=%s swap=%v", dist, swap)
			checkGradThreeWays(t, name, func(xs []*Node) *Node {
				opts := []Option{Dist(dist), Margin(0.25)}
				if swap {
					opts = append(opts, Swap())
				}
				return TripletMargin(xs[0], xs[1], xs[2], opts...)
			}, input(embA, 3, 3), input(embP, 3, 3), input(embN, 3, 3))
		}
		checkGradThreeWays(t, fmt.Sprintf("Contrastive dist=%s", dist), func(xs []*Node) *Node {
			y := Const(xs[0].Graph(), []float64{1, 0, 0})
			return Contrastive(xs[0], xs[1], y, Dist(dist), Margin(1.5), Reduce(ReductionSum))
		}, input(embA, 3, 3), input(embN, 3, 3))
		checkGradThreeWays(t, fmt.Sprintf("PairwiseDistance dist=%s", dist), func(xs []*Node) *Node {
			return ReduceAllSum(PairwiseDistance(xs[0], xs[1], dist, 1e-6))
		}, input(embA, 3, 3), input(embN, 3, 3))
	}
}

// TestTripletMarginByHand checks the formula on points whose distances are known.
func TestTripletMarginByHand(t *testing.T) {
	b := testBackends()[0].Backend
	// d(a,p) = 1, d(a,n) = 3, d(p,n) = √(4+1)... laid out on a plane:
	a, p, n := []float64{0, 0}, []float64{1, 0}, []float64{0, 3}
	dPN := math.Sqrt(1 + 9)
	cases := []struct {
		name string
		opts []Option
		want float64
	}{
		{"margin 1: satisfied (1 + 1 < 3)", []Option{Margin(1), Eps(0)}, 0},
		{"margin 2.5: violated by 0.5", []Option{Margin(2.5), Eps(0)}, 0.5},
		{"squared L2: 1 − 9 + 10", []Option{Margin(10), Dist(DistanceSquaredL2)}, 2},
		{"swap keeps d(a,n) = 3 < d(p,n)", []Option{Margin(2.5), Eps(0), Swap()}, math.Max(0, 1-math.Min(3, dPN)+2.5)},
		{"cosine: a = 0 has cosine 0 with both, so d = 1 twice and the loss is the margin", []Option{Margin(0.5), Dist(DistanceCosine)}, 0.5},
	}
	for _, c := range cases {
		got := execScalar(t, b, func(g *Graph) *Node {
			return TripletMargin(Const(g, [][]float64{a}), Const(g, [][]float64{p}), Const(g, [][]float64{n}), c.opts...)
		})
		if math.Abs(got-c.want) > 1e-12 {
			t.Errorf("TripletMargin(a=%v, p=%v, n=%v) %s: got %g, want %g", a, p, n, c.name, got, c.want)
		}
	}
	// Swap picks d(p,n) when it is the smaller: p is closer to n than a is.
	got := execScalar(t, b, func(g *Graph) *Node {
		return TripletMargin(Const(g, []float64{0, 0}), Const(g, []float64{0, 2}), Const(g, []float64{0, 3}), Margin(1), Eps(0), Swap())
	})
	if want := 2 - 1 + 1.0; math.Abs(got-want) > 1e-12 {
		t.Errorf("TripletMargin with swap, d(a,p)=2, d(a,n)=3, d(p,n)=1: got %g, want max(0, 2 − min(3, 1) + 1) = %g", got, want)
	}
}

// TestContrastiveHalfConvention pins the documented convention: Contrastive is
// twice Hadsell et al.'s loss with the labels flipped (Y = 1 − y).
func TestContrastiveHalfConvention(t *testing.T) {
	x1 := [][]float64{{0, 0}, {0, 0}, {1, 1}}
	x2 := [][]float64{{3, 4}, {0.3, 0.4}, {1, 1.2}}
	y := []float64{1, 0, 0} // similar, dissimilar, dissimilar
	const m = 2.0
	got := execFlat(t, testBackends()[0].Backend, func(g *Graph) []*Node {
		return []*Node{Contrastive(Const(g, x1), Const(g, x2), Const(g, y), Margin(m), Eps(0), Reduce(ReductionNone))}
	})[0]
	d := []float64{5, 0.5, 0.2}
	for i := range d {
		Y := 1 - y[i] // Hadsell: Y = 0 for similar pairs
		hadsell := (1-Y)*0.5*d[i]*d[i] + Y*0.5*math.Pow(math.Max(0, m-d[i]), 2)
		if math.Abs(got[i]-2*hadsell) > 1e-12 {
			t.Errorf("Contrastive pair %d (d=%g, similar=%g): got %g, want 2 × Hadsell = %g", i, d[i], y[i], got[i], 2*hadsell)
		}
	}
	// Bool labels are accepted and mean the same.
	gotBool := execScalar(t, testBackends()[0].Backend, func(g *Graph) *Node {
		return Contrastive(Const(g, x1), Const(g, x2), Const(g, []bool{true, false, false}), Margin(m), Eps(0), Reduce(ReductionSum))
	})
	if want := got[0] + got[1] + got[2]; math.Abs(gotBool-want) > 1e-12 {
		t.Errorf("Contrastive with bool labels: got %g, want %g (same as float labels)", gotBool, want)
	}
}

// TestMetricZeroAndIdenticalEmbeddings: zero-norm and identical embeddings give a
// finite loss and a finite gradient for every distance.
func TestMetricZeroAndIdenticalEmbeddings(t *testing.T) {
	zero := make([]float64, 6)
	same := []float64{0.5, -1, 2, 0.5, -1, 2}
	for _, dist := range []Distance{DistanceL2, DistanceSquaredL2, DistanceCosine} {
		for _, pts := range []struct {
			name    string
			a, p, n []float64
		}{
			{"all zero", zero, zero, zero},
			{"identical", same, same, same},
			{"anchor zero", zero, same, same},
		} {
			res, err := gradcheck.Graph(testBackends()[0].Backend, func(xs []*Node) *Node {
				y := Const(xs[0].Graph(), []float64{1, 0})
				return Add(TripletMargin(xs[0], xs[1], xs[2], Dist(dist)), Contrastive(xs[0], xs[1], y, Dist(dist)))
			}, []gradcheck.Input{input(pts.a, 2, 3), input(pts.p, 2, 3), input(pts.n, 2, 3)}, 0)
			if err != nil {
				t.Fatal(err)
			}
			if !finite(res.Value) {
				t.Errorf("TripletMargin+Contrastive dist=%s, %s embeddings: loss %g is not finite", dist, pts.name, res.Value)
			}
			for i, g := range res.Autodiff {
				for _, v := range g {
					if !finite(v) {
						t.Errorf("TripletMargin+Contrastive dist=%s, %s embeddings: gradient wrt input #%d = %v, want finite", dist, pts.name, i, g)
						break
					}
				}
			}
		}
	}
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

func TestMetricBadInput(t *testing.T) {
	m := func(g *Graph) *Node { return Const(g, [][]float32{{1, 2}, {3, 4}}) }
	expectLossError(t, "negative margin", func(g *Graph) { TripletMargin(m(g), m(g), m(g), Margin(-0.5)) }, "losses.TripletMargin", "Margin", "-0.5")
	expectLossError(t, "negative margin (contrastive)", func(g *Graph) {
		Contrastive(m(g), m(g), Const(g, []float32{1, 0}), Margin(-1))
	}, "losses.Contrastive", "Margin")
	expectLossError(t, "shape", func(g *Graph) {
		TripletMargin(m(g), m(g), Const(g, [][]float32{{1, 2, 3}}))
	}, "losses.TripletMargin", "negative", "[1, 3]", "[2, 2]")
	expectLossError(t, "scalar embeddings", func(g *Graph) {
		TripletMargin(Const(g, float32(1)), Const(g, float32(1)), Const(g, float32(1)))
	}, "losses.TripletMargin", "anchor", "rank >= 1")
	expectLossError(t, "similar shape", func(g *Graph) {
		Contrastive(m(g), m(g), Const(g, []float32{1, 0, 1}))
	}, "losses.Contrastive", "similar", "[3]", "[2, 2]")
	expectLossError(t, "similar dtype", func(g *Graph) {
		Contrastive(m(g), m(g), Const(g, []int32{1, 0}))
	}, "losses.Contrastive", "similar", "Int32")
	expectLossError(t, "unknown distance", func(g *Graph) { TripletMargin(m(g), m(g), m(g), Dist(Distance(7))) }, "losses.TripletMargin", "Dist")
	expectLossError(t, "pairwise eps", func(g *Graph) { PairwiseDistance(m(g), m(g), DistanceL2, -1) }, "losses.PairwiseDistance", "eps")
	expectLossError(t, "Swap given to Contrastive", func(g *Graph) {
		Contrastive(m(g), m(g), Const(g, []float32{1, 0}), Swap())
	}, "losses.Contrastive", "Swap", "not supported")
}
