package losses_test

import (
	"fmt"

	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/train"
	"github.com/gomlx/gomlx/ml/train/optimizer"
	"github.com/losscourse/losscourse/pkg/backend"
	"github.com/losscourse/losscourse/pkg/losses"
)

func ExampleLossFn() {
	b := backend.Default()
	store := model.NewStore()
	// y = x·w, one weight initialised to 0; the data follow y = 2x.
	modelFn := func(scope *model.Scope, x *Node) *Node {
		w := scope.VariableWithValue("w", [][]float32{{0}}).NodeValue(x)
		return MatMul(x, w)
	}
	trainer := train.NewTrainer(b, store, modelFn, losses.LossFn(losses.MeanSquaredError),
		optimizer.StochasticGradientDescent().WithDecay(false).WithLearningRate(0.1).Done(), nil, nil)
	// loss = mean((w·x − y)²) = 2.5·(w − 2)², gradient 5·(w − 2): w goes 0 → 1 → 1.5.
	for step := range 3 {
		metrics, err := trainer.TrainStep(train.Batch{
			Inputs: []*tensors.Tensor{tensors.FromValue([][]float32{{1}, {2}})},
			Labels: []*tensors.Tensor{tensors.FromValue([][]float32{{2}, {4}})},
		})
		if err != nil {
			panic(err)
		}
		fmt.Printf("step %d: loss %.3f\n", step, metrics[0].Value())
	}
	// Output:
	// step 0: loss 10.000
	// step 1: loss 2.500
	// step 2: loss 0.625
}

func ExampleVAELossFn() {
	b := backend.Default()
	// The model returns (decoder logits, mean, logVar); the dataset yields x as the label.
	lossFn := losses.VAELossFn(losses.KLWeight(1))
	l := MustExecOnce(b, func(x, logits, mu, lv *Node) *Node {
		return lossFn([]*Node{x}, []*Node{logits, mu, lv})
	}, [][]float32{{1, 0, 1}}, [][]float32{{2, -2, 0.5}}, [][]float32{{0.5, 0}}, [][]float32{{0, -1}})
	fmt.Printf("%.4f\n", l.Value())
	// Output:
	// 1.0369
}
