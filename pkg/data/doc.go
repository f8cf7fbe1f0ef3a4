// Package data is the course's toy-data library: seeded generators, the 8×8 UCI
// digits, splits, standardisation, samplers for metric learning and a GoMLX
// train.Dataset for training loops. Every notebook and exercise trains on data
// from here, so everything is reproducible to the bit, fast, and easy to plot.
//
// # Reproducibility
//
// Every random function takes a Seed (uint64) and draws from
// math/rand/v2's PCG generator, rand.New(rand.NewPCG(seed, stream)), where stream
// is a fixed per-function constant (so Blobs and Moons with the same seed do not
// share random numbers). Nothing depends on map iteration order, goroutine
// scheduling or the clock: the same seed gives the same bytes on every run
// (check with Fingerprint), a different seed gives different data. Results are
// bit-identical for a given GOARCH (and GOAMD64 level); other architectures may
// differ in the last bits, because Go may fuse multiply-adds there and some math
// functions (Exp, Log) use per-architecture assembly.
//
// # Errors
//
// Bad arguments (n ≤ 0, classes < 2, an imbalance ratio outside (0,1], noise < 0,
// a fraction outside [0,1), an unknown target name, corrupt digits input) return
// an *Error naming the function, the argument and the value, for example:
//
//	data.Blobs: argument N: must be > 0, got -3
//
// Sizes and values are checked against documented limits before anything is
// allocated: at most MaxElements (2²⁷) values in one result (N·D, pairs,
// triplets, values per Dataset example), at most MaxClasses (2¹⁶) classes, real
// options finite with |v| ≤ MaxMagnitude (10¹⁰⁰), and at most DigitsMaxBytes of
// decompressed digits input — so a huge request is an *Error, not a panic or an
// out-of-memory death.
//
// Nothing in this package panics on user input.
//
// # Types
//
//   - Classification{X [][]float64 (N×D), Y []int (labels 0..Classes−1), Classes, Names}
//     with Len, Dim, ClassCounts, Subset, Split (stratified), FlatX, FlatX32, Y32,
//     Tensors (x float32 [N,D], y int32 [N]), OneHot, Dataset, Fingerprint.
//   - Regression{X [][]float64, Y []float64, Clean []float64, Outliers []int}
//     with Len, Dim, Subset, Split, FlatX, FlatX32, Y32, Tensors (x [N,D], y [N,1]
//     float32), Dataset, Fingerprint.
//   - Standardizer{Mean, Std}: Fit on the training set only, then Transform both
//     train and test (and Inverse to undo).
//   - Dataset: a train.Dataset (GoMLX v0.28, Go iterators) over host data, with
//     batching, seeded per-epoch shuffling, optional incomplete-batch dropping and
//     an infinite mode for Loop.RunSteps. Epoch e's order depends only on (Seed, e).
//
// # Generators
//
// Classification (2-D unless Dim says otherwise, all with a LabelNoise fraction):
// Blobs (Gaussian blobs with a minority:majority Imbalance ratio, e.g. 1:50 for
// focal loss), Moons, Spirals (multi-class), XOR. FlipLabels flips a fraction of
// labels of any Classification and reports which ones.
//
// Regression: Linear and Sine targets with Gaussian, Laplace or Student-t noise
// and an outlier fraction (for MSE vs MAE vs Huber).
//
// Generative 2-D targets (Target2D with Points, Centres, Std): Ring8 (ring of 8
// Gaussians), Grid25 (5×5 grid), SwissRoll, Checkerboard and the name-based
// lookup Target. ModeCoverage (and Target2D.Score) compute the standard GAN
// mode-coverage metric: a sample is "high quality" if it lies within k·σ of its
// nearest mode centre, a mode is covered if it receives at least MinCount
// high-quality samples.
//
// # Digits
//
// LoadDigits returns the 8×8 UCI handwritten digits (1,797 images, pixels scaled
// from 0..16 to [0,1], labels 0..9), embedded in the binary with go:embed;
// LoadDigitsFrom reads the same gzip'd CSV format from any io.Reader and reports
// corrupt input with row and column numbers. DigitImage and DigitGray turn one
// row into an 8×8 grid or an *image.Gray for plotting. The data set is
// "Alpaydin, E. & Kaynak, C. (1998). Optical Recognition of Handwritten Digits
// [Dataset]. UCI Machine Learning Repository. https://doi.org/10.24432/C50P49",
// licensed CC BY 4.0 (see DIGITS_LICENSE.md and DigitsAttribution).
//
// # Metric learning
//
// SamplePairs and SampleTriplets draw balanced, seeded pairs (half positive, half
// negative) and triplets (anchor, positive of the same class, negative of another
// class) from labels; PairTensors and TripletTensors gather them into GoMLX
// tensors for losses.Contrastive and losses.TripletMargin. TwoViews makes two
// augmented views of each example (Gaussian noise and small pixel shifts for
// images) for InfoNCE / NT-Xent.
package data
