// Package course is the plumbing every notebook of the course shares, so that a
// notebook holds the derivation and the experiment, not the helpers.
//
// It is deliberately small and split by what a notebook does:
//
//   - Setup (setup.go): Start prints the one backend line of a notebook (which
//     GoMLX backend runs and why, and whether fast mode is on); Backend returns
//     that backend silently in every later cell; Fast and Pick implement fast
//     mode (LOSSCOURSE_FAST=1: smaller data, fewer steps); Must, Must2 and Must3
//     turn (value, error) into a value or a panic.
//   - Reporting (report.go): Check and Claim print the machine-readable lines the
//     notebook test reads ("CHECK name … ok|FAIL", "CLAIM name: … ok|FAIL");
//     CheckClose, CheckRelErr and CheckGradient are the usual numeric checks of
//     a derivation (a value against a formula, a closed-form gradient against
//     autodiff, autodiff against finite differences).
//   - Graph helpers (graph.go): Floats and Scalar read tensors as float64;
//     ValueGrad evaluates a scalar graph function and its gradient;
//     GradientDescent fits a parameter vector with plain gradient descent.
//   - Training (train.go): MLP is the small feed-forward network of the
//     experiments; Fit trains any train.ModelFn with GoMLX's train.Trainer,
//     train.Loop and Adam, with a progress bar and a live loss plot in GoNB;
//     Apply and Probabilities evaluate a trained model on host data.
//   - Metrics (metrics.go): accuracy, recall at a threshold, the
//     precision–recall curve and average precision, calibration (reliability
//     bins and ECE), k-NN accuracy, recall@1, PCA.
//   - Statistics (stats.go): Mean, Variance, Median, Linspace, Map, and Summary /
//     OverSeeds / Paired for "mean ± sd over seeds" comparisons.
//   - Host-side math (hostmath.go): Sigmoid, Softmax, LogSumExp, OneHot,
//     NormalPDF / NormalLogPDF and Integrate (Simpson's rule) — the formulas a
//     derivation is checked against, in plain float64 Go.
//   - Plots (plot.go): Figure wraps a gonum plot with labelled axes, a grid, a
//     legend and the colour-blind-safe Okabe–Ito palette, and renders to PNG —
//     the fonts are rasterised with gonum's embedded Liberation fonts, so what
//     the reader sees does not depend on the fonts installed on their machine.
//     Show and ShowRow display figures in GoNB (and do nothing outside a
//     notebook).
//   - Data (datasets.go, digits.go): host rows as dataset columns (FloatColumn,
//     Rows), the triplet, pair and two-view datasets of metric learning, the
//     course's train/test split of the 8×8 digits and an image grid of digits.
//
// Functions that display something (Show, ShowRow, ShowImage, Fit's progress
// bar and live plot) are no-ops outside a GoNB notebook, so the package is
// tested with plain `go test`.
package course
