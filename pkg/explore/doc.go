// Package explore holds the course's interactive loss explorers: figures with
// sliders that a learner moves in a GoNB notebook to watch a loss and its
// gradient change, every frame computed by pkg/losses on the default backend.
//
// The explorers (one per notebook, each the last section of it):
//
//   - Classification (notebook 02): BCE, focal loss (γ, α) and label-smoothed
//     cross-entropy (ε) — loss and ∂loss/∂logit against the logit, for a
//     positive and a negative example (ComputeClassification).
//   - Regression (notebook 03): MSE, MAE, Huber (δ), Smooth L1 (β) and log-cosh
//     — loss and gradient against the residual — and a line fitted with each
//     loss to 20 points of which 2 are moved by an outlier slider
//     (ComputeRegression, FitOutliers).
//   - InfoNCETemperature (notebook 04): InfoNCE for one anchor with fixed
//     similarities as τ moves — the softmax weight of every negative and the
//     split of the gradient between the hardest and the easiest negative
//     (ComputeInfoNCE).
//   - BetaVAE (notebook 05): a linear β-VAE on 2-D Gaussian data trained with
//     losses.VAELoss as β moves (a fraction of a second per move) — the
//     reconstructions and the KL of each latent dimension against the
//     optimum ½·log⁺(λ/β), which shows posterior collapse (TrainBetaVAE).
//
// In a notebook cell:
//
//	import "github.com/losscourse/losscourse/pkg/explore"
//
//	%%
//	if err := explore.Classification().Show(); err != nil {
//		panic(err)
//	}
//
// # How an explorer runs
//
// An Explorer is a list of parameters (Param: a slider over fixed stops) and a
// Draw function that computes and draws one Frame (an SVG figure and a few
// lines of numbers) for given values. Render and HTML work anywhere, so the
// explorers are tested with plain go test; Show is the notebook side:
//
//  1. It draws the initial values and displays the figure as an ordinary cell
//     output with a GoNB display id, and prints a CHECK line. Headless runs
//     (nbconvert, the notebook tests, scripts/lab.sh --update-outputs, which
//     set LOSSCOURSE_EXPLORE_STATIC=1) stop here, so the stored notebooks show
//     the figure.
//  2. In a live notebook it adds one GoNB slider (gonbui/widgets.Slider) per
//     parameter and a Done button (widgets.Button). They work in the classic
//     notebook server that scripts/lab.sh runs as well as in JupyterLab: GoNB
//     opens its own websocket to the kernel from the page (gonbui/comms).
//  3. Every slider move redraws the figure in place: gonbui.UpdateHTML on the
//     figure's display id, which Jupyter turns into an update_display_data
//     message, so the notebook model (and a saved notebook) holds the figure
//     the learner sees. The value next to each slider follows it in the page.
//  4. Done, a kernel interrupt, or $LOSSCOURSE_EXPLORE_IDLE (default 15 min)
//     without a move stop it: the sliders are removed, the figure stays.
//
// Two details of GoNB v0.11.4 shape the code. The page gives the kernel 500 ms
// to acknowledge its websocket and gives up otherwise (which happens on a busy
// machine), so Show retries with fresh widgets for up to 40 s. And GoNB
// delivers every message from the page in a goroutine of its own, so two quick
// moves of one slider can reach the program in either order; the page
// therefore numbers every move and the explorer keeps the newest.
package explore
