package course

import (
	"fmt"
	"math"
	"sort"
)

// ArgMax returns the index of the largest value of row (the first one on ties).
func ArgMax(row []float64) int {
	best := 0
	for c := range row {
		if row[c] > row[best] {
			best = c
		}
	}
	return best
}

// Predict returns the predicted class of each row of probabilities: the arg-max
// of the row, or p > 0.5 for a one-column (sigmoid) row.
func Predict(probs [][]float64) []int {
	pred := make([]int, len(probs))
	for i, row := range probs {
		if len(row) == 1 {
			if row[0] > 0.5 {
				pred[i] = 1
			}
		} else {
			pred[i] = ArgMax(row)
		}
	}
	return pred
}

// Accuracy is the fraction of rows whose predicted class (Predict) equals y.
func Accuracy(probs [][]float64, y []int) float64 {
	mustSameLen("Accuracy", len(probs), len(y))
	ok := 0
	for i, p := range Predict(probs) {
		if p == y[i] {
			ok++
		}
	}
	return float64(ok) / float64(len(y))
}

// Column returns column j of rows (e.g. P(y = 1) of a one-logit classifier: Column(probs, 0)).
func Column(rows [][]float64, j int) []float64 {
	out := make([]float64, len(rows))
	for i, r := range rows {
		out[i] = r[j]
	}
	return out
}

// RecallAt is the recall of the positive class (label 1) when scores > thr are
// predicted positive: TP / #positives. It is NaN without positives.
func RecallAt(scores []float64, y []int, thr float64) float64 {
	mustSameLen("RecallAt", len(scores), len(y))
	tp, pos := 0, 0
	for i, s := range scores {
		if y[i] == 1 {
			pos++
			if s > thr {
				tp++
			}
		}
	}
	if pos == 0 {
		return math.NaN()
	}
	return float64(tp) / float64(pos)
}

// PrecisionRecall ranks the examples by score (descending) and returns the
// recall and precision after each of them, and the average precision
//
//	AP = (1/#positives) Σ_{k: example k positive} precision@k,
//
// the area under the step-wise precision–recall curve (scikit-learn's
// average_precision_score for untied scores). The positive class is label 1.
func PrecisionRecall(scores []float64, y []int) (recall, precision []float64, ap float64) {
	mustSameLen("PrecisionRecall", len(scores), len(y))
	idx := make([]int, len(scores))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return scores[idx[a]] > scores[idx[b]] })
	pos := 0
	for _, v := range y {
		if v == 1 {
			pos++
		}
	}
	if pos == 0 {
		return nil, nil, math.NaN()
	}
	tp := 0
	for k, i := range idx {
		if y[i] == 1 {
			tp++
			ap += float64(tp) / float64(k+1) / float64(pos)
		}
		recall = append(recall, float64(tp)/float64(pos))
		precision = append(precision, float64(tp)/float64(k+1))
	}
	return recall, precision, ap
}

// Calibration is a reliability diagram: predictions binned by confidence (the
// largest class probability) into equal-width bins on [0, 1].
type Calibration struct {
	Confidence []float64 // mean confidence per bin (0 for an empty bin)
	Accuracy   []float64 // accuracy per bin (0 for an empty bin)
	Count      []int     // predictions per bin
	// ECE is the expected calibration error Σ_b (n_b/n)·|acc_b − conf_b|.
	ECE float64
}

// Calibrate computes the reliability diagram and the ECE of class
// probabilities (rows summing to 1; a one-column row is P(y = 1) of a binary
// classifier) with the given number of bins.
func Calibrate(probs [][]float64, y []int, bins int) Calibration {
	mustSameLen("Calibrate", len(probs), len(y))
	if bins <= 0 {
		panic(fmt.Sprintf("course.Calibrate: bins must be > 0, got %d", bins))
	}
	c := Calibration{Confidence: make([]float64, bins), Accuracy: make([]float64, bins), Count: make([]int, bins)}
	for i, row := range probs {
		pred, conf := 0, 0.0
		if len(row) == 1 {
			pred, conf = 0, 1-row[0]
			if row[0] > 0.5 {
				pred, conf = 1, row[0]
			}
		} else {
			pred = ArgMax(row)
			conf = row[pred]
		}
		k := min(int(conf*float64(bins)), bins-1)
		c.Confidence[k] += conf
		if pred == y[i] {
			c.Accuracy[k]++
		}
		c.Count[k]++
	}
	for k := range bins {
		if c.Count[k] > 0 {
			c.ECE += math.Abs(c.Accuracy[k]-c.Confidence[k]) / float64(len(y))
			c.Confidence[k] /= float64(c.Count[k])
			c.Accuracy[k] /= float64(c.Count[k])
		}
	}
	return c
}

// Curve returns the reliability curve: the mean confidence and the accuracy of
// every non-empty bin, in bin order (the points of a reliability diagram).
func (c Calibration) Curve() (confidence, accuracy []float64) {
	for k, n := range c.Count {
		if n > 0 {
			confidence, accuracy = append(confidence, c.Confidence[k]), append(accuracy, c.Accuracy[k])
		}
	}
	return confidence, accuracy
}

// SqDist is the squared Euclidean distance ‖a − b‖².
func SqDist(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		d := a[i] - b[i]
		s += d * d
	}
	return s
}

// NormalizeRows returns x with every row scaled to unit L2 norm (cosine geometry).
func NormalizeRows(x [][]float64) [][]float64 {
	out := make([][]float64, len(x))
	for i, r := range x {
		n := 0.0
		for _, v := range r {
			n += v * v
		}
		n = math.Max(math.Sqrt(n), 1e-12)
		out[i] = make([]float64, len(r))
		for j, v := range r {
			out[i][j] = v / n
		}
	}
	return out
}

// KNNAccuracy classifies every test row by a majority vote of its k nearest
// training rows (Euclidean; ties go to the label reached first, i.e. the
// nearest) and returns the accuracy.
func KNNAccuracy(trainX [][]float64, trainY []int, testX [][]float64, testY []int, k int) float64 {
	mustSameLen("KNNAccuracy (train)", len(trainX), len(trainY))
	mustSameLen("KNNAccuracy (test)", len(testX), len(testY))
	if k <= 0 || k > len(trainX) {
		panic(fmt.Sprintf("course.KNNAccuracy: k = %d outside [1, %d]", k, len(trainX)))
	}
	correct := 0
	idx := make([]int, len(trainX))
	d := make([]float64, len(trainX))
	for q, x := range testX {
		for i := range trainX {
			idx[i], d[i] = i, SqDist(x, trainX[i])
		}
		sort.SliceStable(idx, func(a, b int) bool { return d[idx[a]] < d[idx[b]] })
		votes := map[int]int{}
		best, bestVotes := trainY[idx[0]], 0
		for _, i := range idx[:k] {
			votes[trainY[i]]++
			if votes[trainY[i]] > bestVotes {
				best, bestVotes = trainY[i], votes[trainY[i]]
			}
		}
		if best == testY[q] {
			correct++
		}
	}
	return float64(correct) / float64(len(testX))
}

// RecallAt1 is the retrieval metric of metric learning: the fraction of rows
// whose nearest other row (Euclidean) has the same label.
func RecallAt1(x [][]float64, y []int) float64 {
	mustSameLen("RecallAt1", len(x), len(y))
	hit := 0
	for i := range x {
		best, bestD := -1, math.Inf(1)
		for j := range x {
			if j != i {
				if dd := SqDist(x[i], x[j]); dd < bestD {
					best, bestD = j, dd
				}
			}
		}
		if best >= 0 && y[best] == y[i] {
			hit++
		}
	}
	return float64(hit) / float64(len(x))
}

// PCA projects the rows of x on their k leading principal components (power
// iteration with deflation on the covariance matrix; deterministic).
func PCA(x [][]float64, k int) [][]float64 {
	n, d := len(x), len(x[0])
	if k <= 0 || k > d {
		panic(fmt.Sprintf("course.PCA: k = %d outside [1, %d]", k, d))
	}
	mean := make([]float64, d)
	for _, r := range x {
		for j, v := range r {
			mean[j] += v / float64(n)
		}
	}
	cov := make([][]float64, d)
	for i := range cov {
		cov[i] = make([]float64, d)
	}
	for _, r := range x {
		for i := range d {
			for j := range d {
				cov[i][j] += (r[i] - mean[i]) * (r[j] - mean[j]) / float64(n)
			}
		}
	}
	var comps [][]float64
	for c := range k {
		v := make([]float64, d)
		for j := range v {
			v[j] = 1 + 0.1*float64((j*7+c)%5)
		}
		for range 500 {
			w := make([]float64, d)
			for i := range d {
				for j := range d {
					w[i] += cov[i][j] * v[j]
				}
			}
			for _, u := range comps { // deflate: stay orthogonal to earlier components
				dot := 0.0
				for j := range w {
					dot += w[j] * u[j]
				}
				for j := range w {
					w[j] -= dot * u[j]
				}
			}
			norm := math.Sqrt(SqDist(w, make([]float64, d)))
			if norm == 0 {
				break
			}
			for j := range w {
				v[j] = w[j] / norm
			}
		}
		comps = append(comps, v)
	}
	out := make([][]float64, n)
	for i, r := range x {
		out[i] = make([]float64, k)
		for c, u := range comps {
			for j := range r {
				out[i][c] += (r[j] - mean[j]) * u[j]
			}
		}
	}
	return out
}

func mustSameLen(fn string, a, b int) {
	if a != b {
		panic(fmt.Sprintf("course.%s: %d predictions but %d labels", fn, a, b))
	}
	if a == 0 {
		panic(fmt.Sprintf("course.%s: no examples", fn))
	}
}
