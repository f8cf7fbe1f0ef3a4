package losses

import (
	"testing"

	"github.com/gomlx/compute/dtypes"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/stretchr/testify/require"
)

func TestMeanSquaredErrorValues(t *testing.T) {
	for _, nb := range testBackends() {
		t.Run(nb.Name, func(t *testing.T) {
			cases := []struct {
				name      string
				pred, tgt []float64
				opts      func(g *Graph) []Option
				want      float64
			}{
				{"mean", []float64{1, 2, 3}, []float64{1, 0, 0}, nil, (0 + 4 + 9) / 3.0},
				{"sum", []float64{1, 2, 3}, []float64{1, 0, 0}, func(g *Graph) []Option { return []Option{Reduce(ReductionSum)} }, 13},
				{"masked mean", []float64{1, 2, 3}, []float64{1, 0, 0}, func(g *Graph) []Option {
					return []Option{Mask(Const(g, []bool{true, true, false}))}
				}, 2},
				{"fully masked mean is 0", []float64{1, 2, 3}, []float64{1, 0, 0}, func(g *Graph) []Option {
					return []Option{Mask(Const(g, []bool{false, false, false}))}
				}, 0},
				{"weighted mean", []float64{1, 2, 3}, []float64{1, 0, 0}, func(g *Graph) []Option {
					return []Option{Weights(Const(g, []float64{0, 1, 3}))}
				}, (4 + 27) / 4.0},
				{"element mean (PyTorch weight semantics)", []float64{1, 2, 3}, []float64{1, 0, 0}, func(g *Graph) []Option {
					return []Option{Weights(Const(g, []float64{0, 1, 3})), Reduce(ReductionElementMean)}
				}, (4 + 27) / 3.0},
			}
			for _, c := range cases {
				got := execScalar(t, nb.Backend, func(g *Graph) *Node {
					var opts []Option
					if c.opts != nil {
						opts = c.opts(g)
					}
					return MeanSquaredError(Const(g, c.pred), Const(g, c.tgt), opts...)
				})
				require.InDeltaf(t, c.want, got, 1e-12, "MeanSquaredError %s: pred=%v target=%v: got %g, want %g", c.name, c.pred, c.tgt, got, c.want)
			}
		})
	}
}

func TestMeanSquaredErrorGradientThreeWays(t *testing.T) {
	pred := []float64{0.3, -1.2, 2.5, 0.0}
	tgt := []float64{1, 0, 2, -0.5}
	checkGradThreeWays(t, "MeanSquaredError", func(xs []*Node) *Node {
		return MeanSquaredError(xs[0], xs[1])
	}, input(pred, 4), constInput(tgt, 4))
}

func TestMeanSquaredErrorBadInput(t *testing.T) {
	expectLossError(t, "shape", func(g *Graph) {
		MeanSquaredError(Const(g, []float32{1, 2}), Const(g, []float32{1, 2, 3}))
	}, "losses.MeanSquaredError", "targets", "[3]", "[2]")
	expectLossError(t, "int dtype", func(g *Graph) {
		MeanSquaredError(Const(g, []int32{1, 2}), Const(g, []int32{1, 2}))
	}, "losses.MeanSquaredError", "predictions", "Int32")
	expectLossError(t, "unsupported option", func(g *Graph) {
		MeanSquaredError(Const(g, []float32{1}), Const(g, []float32{1}), PosWeight(Const(g, []float32{1})))
	}, "losses.MeanSquaredError", "PosWeight")
}

func TestMeanSquaredErrorHalfPrecision(t *testing.T) {
	for _, dt := range []dtypes.DType{dtypes.Float16, dtypes.BFloat16} {
		got := execScalar(t, testBackends()[0].Backend, func(g *Graph) *Node {
			p := ConvertDType(Const(g, []float32{1, 2, 3}), dt)
			y := ConvertDType(Const(g, []float32{1, 0, 0}), dt)
			l := MeanSquaredError(p, y)
			if l.DType() != dt {
				t.Errorf("MeanSquaredError(%s) returned dtype %s, want %s", dt, l.DType(), dt)
			}
			return l
		})
		require.InDeltaf(t, 13.0/3, got, 0.02, "MeanSquaredError in %s", dt)
	}
}
