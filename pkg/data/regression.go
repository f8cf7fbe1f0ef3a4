package data

import (
	"fmt"
	"math"
)

// Noise selects the distribution of the additive regression noise ε.
type Noise int

const (
	// GaussianNoise: ε ~ N(0, Scale²). MSE (= Gaussian NLL) is the matching loss.
	GaussianNoise Noise = iota
	// LaplaceNoise: ε ~ Laplace(0, b = Scale), density exp(−|ε|/b)/(2b),
	// variance 2b². MAE (= Laplace NLL) is the matching loss.
	LaplaceNoise
	// StudentTNoise: ε = Scale·T, T ~ Student-t with DoF degrees of freedom:
	// heavy tails (variance Scale²·ν/(ν−2) for ν > 2, infinite otherwise) —
	// where Huber and log-cosh beat MSE.
	StudentTNoise
)

// String returns "gaussian", "laplace" or "student-t".
func (n Noise) String() string {
	switch n {
	case GaussianNoise:
		return "gaussian"
	case LaplaceNoise:
		return "laplace"
	case StudentTNoise:
		return "student-t"
	}
	return fmt.Sprintf("Noise(%d)", int(n))
}

// RegressionOptions configures Linear and Sine. Zero values take the
// documented defaults.
type RegressionOptions struct {
	N            int       // number of examples, > 0.
	Dim          int       // number of features D ≥ 1; 0 means 1. N·D ≤ MaxElements.
	Noise        Noise     // distribution of ε.
	Scale        float64   // σ (Gaussian), b (Laplace) or s (Student-t), ≥ 0; 0 means noise-free.
	DoF          float64   // Student-t degrees of freedom ν > 0; 0 means 3.
	Outliers     float64   // fraction of rows turned into outliers, in [0,1).
	OutlierScale float64   // outlier offset magnitude, > 0; 0 means 8 (see Linear).
	Weights      []float64 // Linear only: w, len D; nil means w_j = 2·(−½)^j. Finite, |w_j| ≤ MaxMagnitude.
	Bias         float64   // Linear only: b, finite, |b| ≤ MaxMagnitude.
	XMin, XMax   float64   // features x_j ~ U(XMin, XMax); both 0 means (−3, 3). Finite, |·| ≤ MaxMagnitude.
	Seed         uint64
}

// Linear draws x ~ U(XMin, XMax)^D and y = w·x + b + ε (ε per Noise and Scale).
// Then exactly round(Outliers·N) rows, chosen uniformly, get
// y = Clean ± OutlierScale·(1 + U), U ~ U(0,1), random sign, instead: gross
// errors that pull MSE fits and leave MAE/Huber fits nearly unchanged.
// Clean holds w·x + b and Outliers the ascending outlier indices. Similar to
// scikit-learn's make_regression with a choice of noise law and outliers.
func Linear(opts RegressionOptions) (*Regression, error) {
	if err := checkRegression("Linear", &opts); err != nil {
		return nil, err
	}
	if opts.Weights == nil {
		opts.Weights = make([]float64, opts.Dim)
		for j := range opts.Weights {
			opts.Weights[j] = 2 * math.Pow(-0.5, float64(j))
		}
	}
	if len(opts.Weights) != opts.Dim {
		return nil, errorf("Linear", "Weights", "has %d weights for Dim %d", len(opts.Weights), opts.Dim)
	}
	for j, w := range opts.Weights {
		if err := checkMagnitude("Linear", "Weights", w); err != nil {
			return nil, errorf("Linear", "Weights", "weight %d must be a finite number with |w| <= MaxMagnitude (1e100), got %g", j, w)
		}
	}
	if err := checkMagnitude("Linear", "Bias", opts.Bias); err != nil {
		return nil, err
	}
	w, b := opts.Weights, opts.Bias
	return makeRegression(opts, func(x []float64) float64 {
		s := b
		for j, v := range x {
			s += w[j] * v
		}
		return s
	}), nil
}

// Sine draws x ~ U(XMin, XMax)^D and y = Σ_j sin(x_j) + ε, with outliers as in
// Linear: a non-linear target that a linear model cannot fit. Weights and Bias
// must be unset.
func Sine(opts RegressionOptions) (*Regression, error) {
	if err := checkRegression("Sine", &opts); err != nil {
		return nil, err
	}
	if opts.Weights != nil || opts.Bias != 0 {
		return nil, errorf("Sine", "Weights", "Weights and Bias apply to Linear only, got %v and %g", opts.Weights, opts.Bias)
	}
	return makeRegression(opts, func(x []float64) float64 {
		s := 0.0
		for _, v := range x {
			s += math.Sin(v)
		}
		return s
	}), nil
}

func checkRegression(fn string, o *RegressionOptions) error {
	if err := checkN(fn, "N", o.N); err != nil {
		return err
	}
	if o.Dim == 0 {
		o.Dim = 1
	}
	if o.Dim < 0 {
		return errorf(fn, "Dim", "must be >= 1, got %d", o.Dim)
	}
	if err := checkSize(fn, "Dim", o.N, o.Dim); err != nil {
		return err
	}
	if o.Noise < GaussianNoise || o.Noise > StudentTNoise {
		return errorf(fn, "Noise", "unknown noise %d (use GaussianNoise, LaplaceNoise or StudentTNoise)", int(o.Noise))
	}
	if err := checkNonNeg(fn, "Scale", o.Scale); err != nil {
		return err
	}
	if o.DoF == 0 {
		o.DoF = 3
	}
	if !(o.DoF > 0) || math.IsInf(o.DoF, 0) {
		return errorf(fn, "DoF", "must be > 0, got %g", o.DoF)
	}
	if err := checkFraction(fn, "Outliers", o.Outliers); err != nil {
		return err
	}
	if o.OutlierScale == 0 {
		o.OutlierScale = 8
	}
	if !(o.OutlierScale > 0) || o.OutlierScale > MaxMagnitude {
		return errorf(fn, "OutlierScale", "must be > 0 and <= MaxMagnitude (1e100), got %g", o.OutlierScale)
	}
	if o.XMin == 0 && o.XMax == 0 {
		o.XMin, o.XMax = -3, 3
	}
	if !(o.XMin < o.XMax) || math.IsInf(o.XMin, 0) || math.IsInf(o.XMax, 0) {
		return errorf(fn, "XMin", "need XMin < XMax, got XMin=%g XMax=%g", o.XMin, o.XMax)
	}
	if err := checkMagnitude(fn, "XMin", o.XMin); err != nil {
		return err
	}
	if err := checkMagnitude(fn, "XMax", o.XMax); err != nil {
		return err
	}
	return nil
}

func makeRegression(o RegressionOptions, f func([]float64) float64) *Regression {
	r := newRNG(o.Seed, streamRegression)
	x := newMatrix(o.N, o.Dim)
	y := make([]float64, o.N)
	clean := make([]float64, o.N)
	for i := range x {
		for j := range x[i] {
			x[i][j] = o.XMin + (o.XMax-o.XMin)*r.Float64()
		}
		clean[i] = f(x[i])
		eps := 0.0
		if o.Scale > 0 {
			switch o.Noise {
			case GaussianNoise:
				eps = o.Scale * r.NormFloat64()
			case LaplaceNoise:
				eps = laplace(r, o.Scale)
			case StudentTNoise:
				eps = studentT(r, o.DoF, o.Scale)
			}
		}
		y[i] = clean[i] + eps
	}
	var outliers []int
	if k := int(math.Round(o.Outliers * float64(o.N))); k > 0 {
		outliers = sampleIndices(r, o.N, k)
	}
	for _, i := range outliers {
		off := o.OutlierScale * (1 + r.Float64())
		if r.IntN(2) == 0 {
			off = -off
		}
		y[i] = clean[i] + off
	}
	return &Regression{X: x, Y: y, Clean: clean, Outliers: outliers}
}
