package data

import (
	"bytes"
	"testing"
)

func BenchmarkBlobs1M(b *testing.B) {
	for b.Loop() {
		if _, err := Blobs(BlobsOptions{N: 1_000_000, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ns/point")
}

func BenchmarkMoons1M(b *testing.B) {
	for b.Loop() {
		if _, err := Moons(MoonsOptions{N: 1_000_000, Noise: 0.1, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e6, "ns/point")
}

func BenchmarkSine1MStudentT(b *testing.B) {
	for b.Loop() {
		if _, err := Sine(RegressionOptions{N: 1_000_000, Noise: StudentTNoise, Scale: 0.1, Outliers: 0.05, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoadDigitsFrom(b *testing.B) {
	for b.Loop() {
		if _, err := LoadDigitsFrom(bytes.NewReader(digitsGz)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDigitsEpoch measures one shuffled epoch of batches of 64 over the
// 1,797 digits (28 batches of [64,64] float32 + [64] int32 tensors).
func BenchmarkDigitsEpoch(b *testing.B) {
	d, err := LoadDigits()
	if err != nil {
		b.Fatal(err)
	}
	ds, err := d.Dataset(DatasetOptions{BatchSize: 64, Shuffle: true, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		for batch, err := range ds.Iter() {
			if err != nil {
				b.Fatal(err)
			}
			_ = batch.Finalize()
		}
	}
}
