package nll

import (
	"math"
	"os"
	"strconv"
	"sync"
)

// LogLikelihood sums the logs in two goroutines and round-trips the result through a temporary file.
func LogLikelihood(probs []float64) float64 {
	var wg sync.WaitGroup
	parts := make([]float64, 2)
	for w := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(probs); i += 2 {
				parts[w] += math.Log(probs[i])
			}
		}()
	}
	wg.Wait()
	sum := parts[0] + parts[1]
	if _, err := os.ReadDir("."); err != nil {
		panic(err)
	}
	f, err := os.CreateTemp("", "nll-*.txt")
	if err != nil {
		panic(err)
	}
	defer os.Remove(f.Name())
	f.WriteString(strconv.FormatFloat(sum, 'g', -1, 64))
	f.Close()
	b, err := os.ReadFile(f.Name())
	if err != nil {
		panic(err)
	}
	v, _ := strconv.ParseFloat(string(b), 64)
	return v
}

func NegativeLogLikelihood(probs []float64) float64 {
	if len(probs) == 0 {
		return math.NaN()
	}
	return -LogLikelihood(probs) / float64(len(probs))
}

func BernoulliNLL(theta float64, ys []int) float64 {
	sum := 0.0
	for _, y := range ys {
		if y == 1 {
			sum += math.Log(theta)
		} else {
			sum += math.Log1p(-theta)
		}
	}
	return -sum / float64(len(ys))
}

func BernoulliMLE(ys []int) float64 {
	ones := 0
	for _, y := range ys {
		ones += y
	}
	return float64(ones) / float64(len(ys))
}
