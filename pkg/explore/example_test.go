package explore_test

import (
	"fmt"
	"strings"

	"github.com/losscourse/losscourse/pkg/explore"
)

// A minimal explorer: one slider, a figure drawn from its value.
func ExampleExplorer() {
	e := &explore.Explorer{
		Name:   "square",
		Title:  "y = a·x²",
		Params: []explore.Param{{Key: "a", Label: "a", Values: explore.Linspace(0, 2, 0.5), Start: 1, Format: "%.1f"}},
		Draw: func(v explore.Values) (explore.Frame, error) {
			svg := fmt.Sprintf(`<svg width="100" height="100"><text x="10" y="50">a = %.1f</text></svg>`, v["a"])
			return explore.Frame{SVG: svg, Summary: []string{fmt.Sprintf("y(3) = %g", 9*v["a"])}}, nil
		},
	}
	f, err := e.Render(explore.Values{"a": 1.5})
	if err != nil {
		panic(err)
	}
	fmt.Println(f.Summary[0])
	// Output: y(3) = 13.5
}

func ExampleExplorer_Start() {
	e := explore.Classification()
	v := e.Start()
	fmt.Printf("γ=%g α=%g ε=%g\n", v["gamma"], v["alpha"], v["eps"])
	// Output: γ=2 α=0.25 ε=0.1
}

func ExampleExplorer_Render() {
	e := explore.Regression()
	v := e.Start()
	v["outlier"] = 0 // no outliers: every loss fits nearly the same line
	f, err := e.Render(v)
	if err != nil {
		panic(err)
	}
	fmt.Println(strings.HasPrefix(f.Summary[0], "fitted slopes (true 0.50): MSE 0.49"))
	// Output: true
}

func ExampleExplorer_ValuesText() {
	e := explore.Classification()
	fmt.Println(e.ValuesText(e.Start()))
	// Output: focal γ = 2.00 · focal α = 0.25 · smoothing ε = 0.10
}

func ExampleExplorer_HTML() {
	e := explore.InfoNCETemperature()
	v := e.Start()
	f, err := e.Render(v)
	if err != nil {
		panic(err)
	}
	h := e.HTML(v, f)
	fmt.Println(strings.Contains(h, `data-explorer="infonce"`), strings.Contains(h, "temperature τ = 0.1"), strings.Contains(h, "<svg"))
	// Output: true true true
}

// Outside a notebook, Show prints the values and the summary lines.
func ExampleExplorer_Show() {
	if err := explore.InfoNCETemperature().Show(); err != nil {
		panic(err)
	}
	// Output:
	// temperature τ = 0.1
	//   τ = 0.1: loss ℓ = 0.7911 (log(N+1) = 2.7726 is the loss of a uniform softmax); positive's weight p₊ = 0.4534, ∂ℓ/∂s₊ = (p₊−1)/τ = -5.466
	//   hardest negative (s = 0.65): 50.3% of the negatives' gradient; easiest (s = -0.30): 0.0038%
	//   gradient ratio hardest/easiest = 1.336e+04 = exp((0.65 − (-0.30))/τ) = 1.336e+04
}

func ExampleParam_Index() {
	p := explore.Param{Values: []float64{0.1, 0.5, 1, 2}}
	fmt.Println(p.Index(0.7), p.Index(5))
	// Output: 1 3
}

func ExampleParam_Text() {
	p := explore.Param{Format: "%+.0f"}
	fmt.Println(p.Text(8))
	// Output: +8
}

func ExampleLinspace() {
	fmt.Println(explore.Linspace(0, 0.3, 0.1))
	// Output: [0 0.1 0.2 0.3]
}

func ExampleGeomspace() {
	fmt.Println(explore.Geomspace(0.1, 10, 5))
	// Output: [0.1 0.316 1 3.16 10]
}

func ExampleComputeClassification() {
	c, err := explore.ComputeClassification(nil, explore.ClassificationParams{Gamma: 2, Alpha: 0.25, Epsilon: 0.1}, []float64{-3, 0, 3})
	if err != nil {
		panic(err)
	}
	for i, z := range c.Logits {
		fmt.Printf("z=%+g  positive: BCE %.4f (∂ %.4f)  focal %.4f (∂ %.4f)  smoothed %.4f (∂ %.4f)\n",
			z, c.BCE.PosLoss[i], c.BCE.PosGrad[i], c.Focal.PosLoss[i], c.Focal.PosGrad[i], c.Smoothed.PosLoss[i], c.Smoothed.PosGrad[i])
	}
	// Output:
	// z=-3  positive: BCE 3.0486 (∂ -0.9526)  focal 0.6916 (∂ -0.2817)  smoothed 2.8986 (∂ -0.9026)
	// z=+0  positive: BCE 0.6931 (∂ -0.5000)  focal 0.0433 (∂ -0.0746)  smoothed 0.6931 (∂ -0.4500)
	// z=+3  positive: BCE 0.0486 (∂ -0.0474)  focal 0.0000 (∂ -0.0001)  smoothed 0.1986 (∂ 0.0026)
}

func ExampleSmoothedOptimum() {
	fmt.Printf("%.3f %v\n", explore.SmoothedOptimum(0.1), explore.SmoothedOptimum(0))
	// Output: 2.944 +Inf
}

func ExampleClassification() {
	e := explore.Classification()
	for _, p := range e.Params {
		fmt.Printf("%s: %d stops from %s to %s\n", p.Label, len(p.Values), p.Text(p.Values[0]), p.Text(p.Values[len(p.Values)-1]))
	}
	// Output:
	// focal γ: 21 stops from 0.00 to 5.00
	// focal α: 21 stops from 0.00 to 1.00
	// smoothing ε: 26 stops from 0.00 to 0.50
}

func ExampleComputeRegression() {
	c, err := explore.ComputeRegression(nil, explore.RegressionParams{Delta: 1, Beta: 2}, []float64{0.5, 3})
	if err != nil {
		panic(err)
	}
	for _, cv := range c.Curves {
		fmt.Printf("%-9s ℓ(0.5)=%.4f ℓ(3)=%.4f  ∂ℓ/∂ŷ(3)=%.4f\n", cv.Name, cv.Loss[0], cv.Loss[1], cv.Grad[1])
	}
	// Output:
	// MSE       ℓ(0.5)=0.2500 ℓ(3)=9.0000  ∂ℓ/∂ŷ(3)=6.0000
	// MAE       ℓ(0.5)=0.5000 ℓ(3)=3.0000  ∂ℓ/∂ŷ(3)=1.0000
	// Huber     ℓ(0.5)=0.1250 ℓ(3)=2.5000  ∂ℓ/∂ŷ(3)=1.0000
	// Smooth L1 ℓ(0.5)=0.0625 ℓ(3)=2.0000  ∂ℓ/∂ŷ(3)=1.0000
	// log-cosh  ℓ(0.5)=0.1201 ℓ(3)=2.3093  ∂ℓ/∂ŷ(3)=0.9951
}

func ExampleFitOutliers() {
	f, err := explore.FitOutliers(nil, explore.RegressionParams{Delta: 1, Beta: 1, Outlier: 15})
	if err != nil {
		panic(err)
	}
	for _, l := range f.Fits {
		fmt.Printf("%-9s slope %.2f\n", l.Name, l.Slope)
	}
	// Output:
	// MSE       slope 2.49
	// MAE       slope 0.58
	// Huber     slope 0.69
	// Smooth L1 slope 0.69
	// log-cosh  slope 0.72
}

func ExampleLine_At() {
	fmt.Println(explore.Line{Intercept: 1, Slope: 0.5}.At(2))
	// Output: 2
}

func ExampleRegression() {
	e := explore.Regression()
	fmt.Println(e.ValuesText(e.Start()))
	// Output: Huber δ = 1.0 · Smooth L1 β = 2.0 · outlier offset = +8
}

func ExampleComputeInfoNCE() {
	res, err := explore.ComputeInfoNCE(nil, 0.7, []float64{0.6, 0}, []float64{0.1, 1})
	if err != nil {
		panic(err)
	}
	for _, r := range res {
		fmt.Printf("τ=%g loss %.4f ∂ℓ/∂s₊ %.4f ∂ℓ/∂s_neg %.4f %.6f\n", r.Tau, r.Loss, r.PositiveGrad, r.NegativeGrads[0], r.NegativeGrads[1])
	}
	// Output:
	// τ=0.1 loss 0.3139 ∂ℓ/∂s₊ -2.6943 ∂ℓ/∂s_neg 2.6876 0.006662
	// τ=1 loss 0.8761 ∂ℓ/∂s₊ -0.5836 ∂ℓ/∂s_neg 0.3768 0.206788
}

func ExampleInfoNCEResult_Weights() {
	res, err := explore.ComputeInfoNCE(nil, 0.7, []float64{0.6, 0}, []float64{0.1})
	if err != nil {
		panic(err)
	}
	pos, neg := res[0].Weights()
	fmt.Printf("p₊ = %.4f, p_neg = %.4f %.6f\n", pos, neg[0], neg[1])
	// Output: p₊ = 0.7306, p_neg = 0.2688 0.000666
}

func ExampleInfoNCEResult_Share() {
	res, err := explore.ComputeInfoNCE(nil, 0.7, explore.InfoNCENegatives, []float64{0.05, 0.5})
	if err != nil {
		panic(err)
	}
	last := len(explore.InfoNCENegatives) - 1 // the hardest negative, s = 0.65
	for _, r := range res {
		fmt.Printf("τ = %g: hardest negative gets %.1f%% of the negatives' gradient\n", r.Tau, 100*r.Share(last))
	}
	// Output:
	// τ = 0.05: hardest negative gets 70.1% of the negatives' gradient
	// τ = 0.5: hardest negative gets 15.0% of the negatives' gradient
}

func ExampleInfoNCETemperature() {
	e := explore.InfoNCETemperature()
	p := e.Params[0]
	fmt.Printf("%s: %d stops from %s to %s, start %s\n", p.Label, len(p.Values), p.Text(p.Values[0]), p.Text(p.Values[len(p.Values)-1]), p.Text(e.Start()["tau"]))
	// Output: temperature τ: 31 stops from 0.01 to 10, start 0.1
}

func ExampleTrainBetaVAE() {
	f, err := explore.TrainBetaVAE(nil, 2)
	if err != nil {
		panic(err)
	}
	fmt.Printf("β = 2: KL %.2f and %.2f nats (optimum %.2f and %.2f); collapsed %v\n", f.KL[0], f.KL[1], f.Theory[0], f.Theory[1], f.Collapse)
	// Output: β = 2: KL 0.34 and 0.00 nats (optimum 0.35 and 0.00); collapsed [false true]
}

func ExampleBetaVAE() {
	e := explore.BetaVAE()
	fmt.Println(e.ValuesText(e.Start()))
	// Output: KL weight β = 0.501
}

func ExampleBackend() {
	b, cfg, err := explore.Backend()
	fmt.Println(b != nil, cfg != "", err)
	// Output: true true <nil>
}
