package data

import "math"

// Standardizer holds per-feature statistics for z-scoring:
//
//	z = (x − Mean) / Std
//
// Fit it on the training set only and apply Transform to both train and test,
// so no information leaks from the test set (scikit-learn's StandardScaler,
// Keras' Normalization layer). Std is the population standard deviation
// (divide by N, like StandardScaler); a constant feature (Std = 0, e.g. the
// always-blank corner pixels of the digits) is stored with Std = 1 so it maps to 0
// instead of NaN.
type Standardizer struct {
	Mean []float64 // per-feature mean, len D.
	Std  []float64 // per-feature standard deviation (1 for constant features), len D.
}

// FitStandardizer returns a Standardizer fitted on x (N×D, N ≥ 1).
func FitStandardizer(x [][]float64) (*Standardizer, error) {
	s := &Standardizer{}
	if err := s.fit("FitStandardizer", x); err != nil {
		return nil, err
	}
	return s, nil
}

// Fit computes Mean and Std of every column of x (N×D, N ≥ 1), replacing any
// previous statistics.
func (s *Standardizer) Fit(x [][]float64) error { return s.fit("Standardizer.Fit", x) }

func (s *Standardizer) fit(fn string, x [][]float64) error {
	if err := checkMatrix(fn, "x", x, -1); err != nil {
		return err
	}
	d := len(x[0])
	n := float64(len(x))
	mean := make([]float64, d)
	for _, row := range x {
		for j, v := range row {
			mean[j] += v
		}
	}
	for j := range mean {
		mean[j] /= n
	}
	std := make([]float64, d)
	for _, row := range x {
		for j, v := range row {
			dv := v - mean[j]
			std[j] += dv * dv
		}
	}
	for j := range std {
		std[j] = math.Sqrt(std[j] / n)
		if std[j] == 0 {
			std[j] = 1
		}
	}
	s.Mean, s.Std = mean, std
	return nil
}

// Transform returns (x − Mean)/Std as a new matrix; x must have len(Mean) columns.
func (s *Standardizer) Transform(x [][]float64) ([][]float64, error) {
	if err := s.check("Standardizer.Transform", x); err != nil {
		return nil, err
	}
	out := newMatrix(len(x), len(s.Mean))
	for i, row := range x {
		for j, v := range row {
			out[i][j] = (v - s.Mean[j]) / s.Std[j]
		}
	}
	return out, nil
}

// Inverse returns x·Std + Mean as a new matrix, undoing Transform.
func (s *Standardizer) Inverse(x [][]float64) ([][]float64, error) {
	if err := s.check("Standardizer.Inverse", x); err != nil {
		return nil, err
	}
	out := newMatrix(len(x), len(s.Mean))
	for i, row := range x {
		for j, v := range row {
			out[i][j] = v*s.Std[j] + s.Mean[j]
		}
	}
	return out, nil
}

func (s *Standardizer) check(fn string, x [][]float64) error {
	if s == nil || len(s.Mean) == 0 || len(s.Mean) != len(s.Std) {
		return errorf(fn, "s", "is not fitted (call Fit first)")
	}
	for j, v := range s.Std {
		if !(v > 0) || math.IsInf(v, 0) {
			return errorf(fn, "s", "Std[%d] = %g, every Std must be a finite number > 0", j, v)
		}
	}
	return checkMatrix(fn, "x", x, len(s.Mean))
}

// checkMatrix checks x is non-empty and rectangular with d columns (d < 0: any).
func checkMatrix(fn, arg string, x [][]float64, d int) error {
	if len(x) == 0 {
		return errorf(fn, arg, "has no rows")
	}
	if d < 0 {
		d = len(x[0])
		if d == 0 {
			return errorf(fn, arg, "row 0 has no columns")
		}
	}
	for i, row := range x {
		if len(row) != d {
			return errorf(fn, arg, "row %d has %d columns, want %d", i, len(row), d)
		}
	}
	return nil
}
