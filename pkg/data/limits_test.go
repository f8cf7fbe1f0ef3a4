package data

import (
	"bytes"
	"compress/gzip"
	"errors"
	"math"
	"runtime"
	"strings"
	"testing"
)

// TestSizeAndMagnitudeLimits: huge sizes and non-finite or huge option values
// are *data.Error values returned before anything is allocated — never a panic
// (makeslice, integer divide by zero) and never an out-of-memory death — and
// the limits are the documented MaxElements, MaxClasses and MaxMagnitude.
func TestSizeAndMagnitudeLimits(t *testing.T) {
	nan := math.NaN()
	cases := []struct {
		name     string
		call     func() error
		wantFunc string
		wantArg  string
		wantMsg  string
	}{
		{"blobs N=2^62", func() error { _, err := Blobs(BlobsOptions{N: 1 << 62}); return err }, "data.Blobs", "N", "MaxElements"},
		{"blobs N=2^33", func() error { _, err := Blobs(BlobsOptions{N: 1 << 33}); return err }, "data.Blobs", "N", "MaxElements"},
		{"blobs Dim=2^40", func() error { _, err := Blobs(BlobsOptions{N: 10, Dim: 1 << 40}); return err }, "data.Blobs", "Dim", "MaxElements"},
		{"blobs N·Dim overflow", func() error { _, err := Blobs(BlobsOptions{N: 1 << 20, Dim: 1 << 62}); return err }, "data.Blobs", "Dim", "MaxElements"},
		{"blobs Classes=2^20", func() error { _, err := Blobs(BlobsOptions{N: 1 << 20, Classes: 1 << 20}); return err }, "data.Blobs", "Classes", "MaxClasses"},
		{"moons N=2^62", func() error { _, err := Moons(MoonsOptions{N: 1 << 62}); return err }, "data.Moons", "N", "MaxElements"},
		{"spirals N=2^40", func() error { _, err := Spirals(SpiralsOptions{N: 1 << 40}); return err }, "data.Spirals", "N", "MaxElements"},
		{"xor N=2^40", func() error { _, err := XOR(XOROptions{N: 1 << 40}); return err }, "data.XOR", "N", "MaxElements"},
		{"linear Dim=2^40", func() error { _, err := Linear(RegressionOptions{N: 4, Dim: 1 << 40}); return err }, "data.Linear", "Dim", "MaxElements"},
		{"linear NaN weight", func() error {
			_, err := Linear(RegressionOptions{N: 4, Dim: 2, Weights: []float64{1, nan}})
			return err
		}, "data.Linear", "Weights", "weight 1"},
		{"linear Inf weight", func() error {
			_, err := Linear(RegressionOptions{N: 4, Weights: []float64{math.Inf(1)}})
			return err
		}, "data.Linear", "Weights", "+Inf"},
		{"linear NaN bias", func() error { _, err := Linear(RegressionOptions{N: 4, Bias: nan}); return err }, "data.Linear", "Bias", "NaN"},
		{"linear feature range 1e308", func() error {
			_, err := Linear(RegressionOptions{N: 4, XMin: -1e308, XMax: 1e308})
			return err
		}, "data.Linear", "XMin", "1e+308"},
		{"sine scale 1e300", func() error { _, err := Sine(RegressionOptions{N: 4, Scale: 1e300}); return err }, "data.Sine", "Scale", "MaxMagnitude"},
		{"ring8 N=2^62", func() error { _, err := Ring8(TargetOptions{N: 1 << 62}); return err }, "data.Ring8", "N", "MaxElements"},
		{"pairs n=2^40", func() error { _, err := SamplePairs([]int{0, 0, 1}, 1<<40, 1); return err }, "data.SamplePairs", "n", "MaxElements"},
		{"triplets n=2^62", func() error { _, err := SampleTriplets([]int{0, 0, 1}, 1<<62, 1); return err }, "data.SampleTriplets", "n", "MaxElements"},
		{"dataset example dims overflow", func() error {
			_, err := NewDataset([]Column{Float32Column([]float32{1, 2}, 1<<32, 1<<32)}, nil, DatasetOptions{})
			return err
		}, "data.NewDataset", "inputs", "MaxElements"},
		{"dataset example dims huge", func() error {
			_, err := NewDataset(nil, []Column{Int32Column([]int32{1, 2}, 1<<40)}, DatasetOptions{})
			return err
		}, "data.NewDataset", "labels", "MaxElements"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var err error
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Fatalf("%s: panicked with %v, want a *data.Error", c.name, r)
					}
				}()
				err = c.call()
			}()
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("%s: got error %v (%T), want a *data.Error", c.name, err, err)
			}
			if e.Func != c.wantFunc || e.Arg != c.wantArg || !strings.Contains(err.Error(), c.wantMsg) {
				t.Errorf("%s: got %q (func %s, arg %s), want func %s, arg %s and a message containing %q", c.name, err, e.Func, e.Arg, c.wantFunc, c.wantArg, c.wantMsg)
			}
		})
	}
}

// TestSamplePairsWithHugeLabels: labels are class identifiers, not sizes: a
// label of 2⁴⁰ is sampled like any other (the class index is compacted), with
// the same pairs as the labels renumbered 0..K−1.
func TestSamplePairsWithHugeLabels(t *testing.T) {
	huge := []int{1 << 40, 7, 1 << 40, 7, 3, 1 << 40}
	small := []int{2, 1, 2, 1, 0, 2}
	p1, err := SamplePairs(huge, 50, 9)
	if err != nil {
		t.Fatalf("SamplePairs with a label of 2^40: %v", err)
	}
	p2, _ := SamplePairs(small, 50, 9)
	t1, err := SampleTriplets(huge, 50, 9)
	if err != nil {
		t.Fatalf("SampleTriplets with a label of 2^40: %v", err)
	}
	t2, _ := SampleTriplets(small, 50, 9)
	for i := range p1 {
		if p1[i] != p2[i] || t1[i] != t2[i] {
			t.Fatalf("pair/triplet %d with labels %v: %v / %v, want the same as with %v: %v / %v", i, huge, p1[i], t1[i], small, p2[i], t2[i])
		}
		if p1[i].Same != (huge[p1[i].A] == huge[p1[i].B]) || huge[t1[i].Anchor] != huge[t1[i].Positive] || huge[t1[i].Anchor] == huge[t1[i].Negative] {
			t.Fatalf("pair %v / triplet %v do not respect the labels %v", p1[i], t1[i], huge)
		}
	}
}

// TestLoadDigitsFromGzipBomb: a stream that decompresses to far more than a
// digits file can hold is rejected after reading DigitsMaxBytes, without
// decompressing it all.
func TestLoadDigitsFromGzipBomb(t *testing.T) {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	row := []byte(strings.Repeat("0,", 64) + "0\n") // a valid row, repeated far beyond 1,797 rows
	chunk := bytes.Repeat(row, 1<<14)               // ~2 MiB
	for range 32 {                                  // ~64 MiB decompressed
		_, _ = zw.Write(chunk)
	}
	_ = zw.Close()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := LoadDigitsFrom(bytes.NewReader(buf.Bytes()))
	runtime.ReadMemStats(&after)
	var e *Error
	if !errors.As(err, &e) || !strings.Contains(err.Error(), "DigitsMaxBytes") {
		t.Fatalf("LoadDigitsFrom(%d-byte gzip of ~64 MiB): got %v, want a *data.Error about DigitsMaxBytes", buf.Len(), err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
		t.Errorf("LoadDigitsFrom allocated %d MiB for a rejected gzip bomb, want < 16 MiB (it must stop at DigitsMaxBytes = %d)", alloc>>20, DigitsMaxBytes)
	}
	// The real file is well under the cap.
	raw, err := gzip.NewReader(bytes.NewReader(digitsGz))
	if err != nil {
		t.Fatal(err)
	}
	var plain bytes.Buffer
	_, _ = plain.ReadFrom(raw)
	if plain.Len() >= DigitsMaxBytes {
		t.Errorf("the embedded digits file is %d bytes decompressed: not under DigitsMaxBytes %d", plain.Len(), DigitsMaxBytes)
	}
}
