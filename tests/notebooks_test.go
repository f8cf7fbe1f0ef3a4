package tests

// The notebook test executes every notebooks/*.ipynb headless with the GoNB kernel
// (jupyter nbconvert --execute --to notebook, into a temporary directory, one
// notebook at a time, in fast mode) and fails on anything a learner would see go
// wrong: a compile error, a panic, an error output, a failed `!` shell cell, an
// error message on stderr, a CHECK/CLAIM line that ends in FAIL, or a required
// CHECK/CLAIM line that never appears.
//
// Notebooks report what they demonstrate with machine-readable lines on stdout:
//
//	CHECK gradcheck_bce rel_err=3.1e-09 ok
//	CLAIM focal_recall > ce_recall: 0.81 > 0.40 ok
//
// that is "CHECK" or "CLAIM", a name, free text, and "ok" or "FAIL" as the last
// word. nbRequired lists, per notebook, the names that must appear with "ok".
//
// Environment:
//
//	LOSSCOURSE_REQUIRE_NOTEBOOKS=1  never skip: missing Jupyter or GoNB is a failure (CI sets it)
//	LOSSCOURSE_FAST                 passed to the notebooks; defaults to 1 here (fast mode)
//	LOSSCOURSE_NB_CELL_TIMEOUT      per-cell timeout in seconds (default 600)
//	LOSSCOURSE_NB_OUTDIR            keep the executed notebooks in this directory instead of a temp dir
//
// Without Jupyter or GoNB the test is skipped with a message saying how to
// install them (scripts/lab.sh --install-only). TestNotebooksStored checks the
// notebooks as stored in the repository (their saved outputs) and needs neither.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// nbRequired lists, for every notebook, the CHECK/CLAIM names it must print with
// a final "ok". Every notebook in notebooks/ must have an entry (an empty list is
// not allowed: each notebook demonstrates something checkable).
var nbRequired = map[string][]string{
	"00_setup_tour.ipynb": {
		"CHECK backend_chosen",
		"CHECK mse_value",
		"CHECK mse_grad_closed_form",
		"CHECK gradcheck_mse",
	},
	"01_mle_to_nll.ipynb": {
		"CHECK bernoulli_nll_is_bce",
		"CHECK categorical_nll_is_ce",
		"CHECK gaussian_nll_is_mse",
		"CHECK laplace_nll_is_mae",
		"CLAIM bernoulli_gd_equals_mle",
		"CLAIM gaussian_gd_equals_mean",
		"CLAIM gaussian_gd_equals_sigma",
		"CLAIM laplace_gd_equals_median",
		"CLAIM categorical_gd_equals_frequencies",
		// derivations written out in the notebook (issue 11)
		"CHECK bernoulli_score_formula",
		"CHECK categorical_grad_is_pi_minus_freq",
		"CHECK nll_is_entropy_plus_kl",
		"CHECK gaussian_score_formulas",
		"CHECK laplace_subgradient_formula",
	},
	"02_classification.ipynb": {
		"CHECK explorer_classification", // pkg/explore (issue 13)
		"CHECK bce_value_formula",
		"CHECK bce_grad_proof",
		"CHECK gradcheck_bce",
		"CHECK ce_value_formula",
		"CHECK ce_grad_proof",
		"CHECK gradcheck_ce",
		"CLAIM moons_accuracy",
		"CLAIM focal_recall_gt_ce",
		"CLAIM smoothing_lowers_ece",
		// experiments over seeds (issue 12): focal loss without confounds, label smoothing vs ECE
		"CLAIM no_loss_improves_ap",
		"CLAIM alpha_raises_recall_at_half",
		"CLAIM alpha_costs_precision",
		"CLAIM gamma_alone_no_recall_gain",
		"CLAIM threshold_explains_recall_gap",
		"CLAIM smoothing_keeps_accuracy",
		// derivations written out in the notebook (issue 11)
		"CHECK sigmoid_derivative",
		"CHECK softmax_jacobian",
		"CHECK ce_grad_soft_targets",
		"CHECK focal_grad_formula",
		"CHECK label_smoothing_decomposition",
		"CHECK label_smoothing_grad",
		"CHECK label_smoothing_optimal_gap",
		"CHECK unsmoothed_gap_keeps_growing",
	},
	"03_regression.ipynb": {
		"CHECK explorer_regression", // pkg/explore (issue 13)
		"CHECK huber_formula",
		"CHECK smoothl1_formula",
		"CHECK huber_is_delta_times_smoothl1",
		"CHECK gradient_magnitudes",
		"CLAIM mae_slope_closer_than_mse",
		"CLAIM huber_slope_closer_than_mse",
		"CLAIM huber_delta_sweep_interpolates",
		// derivations written out in the notebook (issue 11)
		"CHECK mean_reduction_grads",
		"CHECK logcosh_grad_is_tanh",
		"CHECK logcosh_limits",
		"CHECK gaussian_nll_variance_grads",
		"CLAIM learned_variance_tracks_noise",
	},

	// --- notebooks 04–07 (docker/notebooks engineer) ---
	"04_metric_learning.ipynb": {
		"CHECK explorer_infonce", // pkg/explore (issue 13)
		"CHECK syllabus_triplet_matches",
		"CHECK pairwise_eps_in_difference",
		"CHECK contrastive_twice_hadsell",
		"CHECK syllabus_label_line_is_wrong",
		"CHECK corrected_labels_point_at_positives",
		"CHECK fixed_snippet_matches_ntxent",
		"CHECK formula_matches_ntxent",
		"CHECK ntxent_chunked_matches",
		"CHECK gradcheck_ntxent",
		"CHECK gradcheck_ntxent_tau0.1",
		"CHECK gradcheck_infonce_symmetric",
		"CLAIM triplet_recall1_gt_pca8_pixels",
		"CLAIM triplet_recall1_gt_untrained",
		"CLAIM triplet_active_fraction_decreases",
		"CLAIM margin_sets_scale",
		"CLAIM contrastive_recall1_gt_pca8_pixels",
		"CLAIM ntxent_recall1_gt_untrained",
		"CLAIM small_tau_beats_tau1",
		// derivations written out in the notebook (issue 11)
		"CHECK triplet_grad_formula",
		"CHECK triplet_cosine_grad_formula",
		"CHECK contrastive_grad_formula",
		"CHECK infonce_is_not_ntxent",
		"CHECK ntxent_grad_softmax_minus_onehot_tau0.1",
		"CHECK ntxent_grad_softmax_minus_onehot_tau0.5",
		"CHECK small_tau_focuses_on_hard_negatives",
		"CHECK infonce_bound_holds",
		"CLAIM infonce_bound_tight_at_large_n",
	},
	"05_vae.ipynb": {
		"CHECK explorer_betavae", // pkg/explore (issue 13)
		"CHECK kl_closed_form_matches_mc",
		"CHECK syllabus_code_kl_matches",
		"CHECK elbo_tight_at_posterior",
		"CHECK correct_elbo_is_lower_bound",
		"CLAIM syllabus_formula_exceeds_evidence",
		"CLAIM neg_elbo_decreases",
		"CLAIM recon_beats_mean_image",
		"CLAIM kl_positive",
		// derivations written out in the notebook (issue 11)
		"CHECK elbo_gap_is_posterior_kl",
		"CHECK kl_closed_form_by_quadrature",
		"CHECK kl_gradients",
		"CHECK reparam_grad_matches_closed_form",
		"CLAIM reparam_lower_variance",
	},
	"06_gans.ipynb": {
		"CHECK minimax_value_at_half",
		"CHECK optimal_d_value_is_jsd",
		"CHECK optimal_d_maximises_v",
		"CHECK library_d_loss_is_minus_v",
		"CHECK minimax_gradient_is_minus_d",
		"CHECK nonsat_gradient_is_minus_one_minus_d",
		"CLAIM minimax_gradient_proportional_to_d",
		"CLAIM nonsat_gradient_does_not_vanish",
		"CLAIM minimax_vanishes_when_d_rejects",
		"CLAIM d_training_shrinks_ratio",
		"CHECK kr_duality_w1",
		"CHECK unconstrained_critic_unbounded",
		"CHECK sigmoid_d_gives_tv",
		"CHECK optimal_critic_unit_slope_on_segment",
		"CHECK gradient_penalty_targets_one",
		"CLAIM wgangp_covers_modes",
		"CLAIM wgangp_quality_ge_nonsat",
		"CLAIM wgangp_quality_ge_nonsat_constant_lr",
		"CLAIM gans_alike_on_ring",
		"CLAIM critic_estimate_tracks_samples",
		"CLAIM clipping_pins_weights",
		"CLAIM clip_lags_gp",
		"CLAIM gp_keeps_gradient_near_one",
	},
	"07_choosing_a_loss.ipynb": {
		"CLAIM binary_bce_accuracy",
		"CLAIM multiclass_ce_accuracy",
		"CLAIM multilabel_bce_beats_softmax",
		"CLAIM huber_beats_mse_on_outliers",
		"CLAIM mae_beats_mse_on_outliers",
		"CLAIM no_loss_improves_ap",
		"CLAIM alpha_raises_recall_at_half",
		"CLAIM alpha_costs_precision",
		"CLAIM gamma_alone_no_recall_gain",
		"CLAIM threshold_explains_recall_gap",
		"CLAIM embeddings_retrieve",
		"CLAIM vae_beats_mean_image",
		"CHECK table_complete",
	},
}

// nbLine is one parsed CHECK/CLAIM line.
type nbLine struct {
	Kind, Name, Text string // Kind is CHECK or CLAIM; Text is the whole line.
	OK               bool
}

// nbProblem is one thing wrong in an executed notebook.
type nbProblem struct {
	Cell int    // 1-based index among all cells, 0 for notebook-wide problems
	What string // human-readable description
}

func (p nbProblem) String() string {
	if p.Cell == 0 {
		return p.What
	}
	return fmt.Sprintf("cell %d: %s", p.Cell, p.What)
}

// nbNotebook is the part of the .ipynb format the test reads.
type nbNotebook struct {
	Cells []struct {
		CellType string          `json:"cell_type"`
		Source   json.RawMessage `json:"source"`
		Outputs  []nbOutput      `json:"outputs"`
	} `json:"cells"`
	Metadata struct {
		Kernelspec struct {
			Name string `json:"name"`
		} `json:"kernelspec"`
	} `json:"metadata"`
}

type nbOutput struct {
	OutputType string                     `json:"output_type"`
	Name       string                     `json:"name"` // stream name
	Text       json.RawMessage            `json:"text"` // string or list of strings
	Data       map[string]json.RawMessage `json:"data"`
	Ename      string                     `json:"ename"`
	Evalue     string                     `json:"evalue"`
	Traceback  []string                   `json:"traceback"`
}

// nbText decodes a notebook multiline string (a string or a list of strings).
func nbText(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s
	}
	var parts []string
	if err := json.Unmarshal(raw, &parts); err == nil {
		return strings.Join(parts, "")
	}
	return string(raw)
}

var (
	nbANSI        = regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]`)
	nbLineRE      = regexp.MustCompile(`^(CHECK|CLAIM)\s+([^\s:]+)(.*)$`)
	nbStderrError = []*regexp.Regexp{
		regexp.MustCompile(`exit status \d+`),
		regexp.MustCompile(`^panic: `),
		regexp.MustCompile(`^fatal error: `),
		regexp.MustCompile(`^goroutine \d+ \[`),
		regexp.MustCompile(`(?i)\berror\b`),
		regexp.MustCompile(`(?i)\bundefined: `),
	}
)

// nbScan reads an executed notebook and returns its CHECK/CLAIM lines and its problems.
func nbScan(data []byte) (lines []nbLine, problems []nbProblem) {
	var nb nbNotebook
	if err := json.Unmarshal(data, &nb); err != nil {
		return nil, []nbProblem{{What: "not a valid notebook: " + err.Error()}}
	}
	for i, cell := range nb.Cells {
		if cell.CellType != "code" {
			continue
		}
		src := strings.TrimSpace(nbText(cell.Source))
		if first, _, _ := strings.Cut(src, "\n"); len(first) > 60 {
			src = first[:60] + "…"
		} else {
			src = first
		}
		add := func(format string, args ...any) {
			problems = append(problems, nbProblem{Cell: i + 1, What: fmt.Sprintf("[%s] ", src) + fmt.Sprintf(format, args...)})
		}
		var stdout strings.Builder
		for _, out := range cell.Outputs {
			switch out.OutputType {
			case "error":
				add("error output %s: %s %s", out.Ename, strings.TrimSpace(out.Evalue), nbClip(strings.Join(out.Traceback, "\n"), 1500))
			case "stream":
				text := nbANSI.ReplaceAllString(nbText(out.Text), "")
				if out.Name == "stdout" {
					stdout.WriteString(text)
					continue
				}
				for _, l := range nbSplitLines(text) {
					for _, re := range nbStderrError {
						if re.MatchString(l) {
							add("stderr: %s", l)
							break
						}
					}
				}
			case "display_data", "execute_result":
				html := nbText(out.Data["text/html"])
				if strings.Contains(html, "gonb-err-") || strings.Contains(html, "application/vnd.jupyter.stderr") {
					add("error displayed as HTML: %s", nbClip(html, 500))
				}
			}
		}
		for _, l := range nbSplitLines(nbANSI.ReplaceAllString(stdout.String(), "")) {
			l = strings.TrimSpace(l)
			if m := nbLineRE.FindStringSubmatch(l); m != nil {
				fields := strings.Fields(l)
				last := fields[len(fields)-1]
				if last != "ok" && last != "FAIL" {
					add("%s line does not end in ok or FAIL: %q", m[1], l)
				}
				lines = append(lines, nbLine{Kind: m[1], Name: m[2], Text: l, OK: last == "ok"})
			}
			if strings.HasSuffix(l, "FAIL") {
				add("failed: %s", l)
			}
		}
	}
	return lines, problems
}

// nbSplitLines splits on \n and \r (progress bars redraw lines with \r).
func nbSplitLines(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' })
}

func nbClip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// nbMissing returns the required names that have no "ok" line.
func nbMissing(required []string, lines []nbLine) []string {
	ok := map[string]bool{}
	for _, l := range lines {
		if l.OK {
			ok[l.Kind+" "+l.Name] = true
		}
	}
	var missing []string
	for _, r := range required {
		if !ok[r] {
			missing = append(missing, r)
		}
	}
	return missing
}

// nbRoot returns the repository root (go test runs in tests/).
func nbRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("cannot find the repository root from %s: %v", root, err)
	}
	return root
}

// nbList returns the notebook file names in notebooks/, sorted.
func nbList(t *testing.T, root string) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(root, "notebooks", "*.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range paths {
		names = append(names, filepath.Base(p))
	}
	sort.Strings(names)
	if len(names) == 0 {
		t.Fatalf("no notebooks found in %s", filepath.Join(root, "notebooks"))
	}
	return names
}

// TestNotebookTable checks that nbRequired and notebooks/ agree: every notebook has
// an entry and every entry names an existing notebook.
func TestNotebookTable(t *testing.T) {
	root := nbRoot(t)
	names := nbList(t, root)
	present := map[string]bool{}
	for _, n := range names {
		present[n] = true
		if len(nbRequired[n]) == 0 {
			t.Errorf("notebooks/%s has no entry in nbRequired (tests/notebooks_test.go): list the CHECK/CLAIM lines it must print", n)
		}
	}
	for n := range nbRequired {
		if !present[n] {
			t.Errorf("nbRequired lists %s but notebooks/%s does not exist", n, n)
		}
	}
}

// TestNotebooksStored checks the notebooks as committed: valid JSON, the GoNB
// kernel, saved outputs from a successful run (no errors, every required line ok).
// nbMaxBytes is the largest a stored notebook may be (issue 12: ≤ 500 KB).
const nbMaxBytes = 500_000

func TestNotebooksStored(t *testing.T) {
	root := nbRoot(t)
	for _, name := range nbList(t, root) {
		t.Run(strings.TrimSuffix(name, ".ipynb"), func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(root, "notebooks", name))
			if err != nil {
				t.Fatal(err)
			}
			var nb nbNotebook
			if err := json.Unmarshal(data, &nb); err != nil {
				t.Fatalf("notebooks/%s is not valid JSON: %v", name, err)
			}
			if got := nb.Metadata.Kernelspec.Name; got != "gonb" {
				t.Errorf("notebooks/%s: kernelspec name = %q, want \"gonb\"", name, got)
			}
			lines, problems := nbScan(data)
			for _, p := range problems {
				t.Errorf("notebooks/%s (stored outputs): %s", name, p)
			}
			if missing := nbMissing(nbRequired[name], lines); len(missing) > 0 {
				t.Errorf("notebooks/%s is not stored with outputs of a successful run: missing ok lines %q (re-run: scripts/lab.sh --update-outputs %s)", name, missing, name)
			}
			// Output hygiene: a stored notebook stays small, and says once which backend it ran on.
			if len(data) > nbMaxBytes {
				t.Errorf("notebooks/%s is %d bytes stored, want ≤ %d (smaller figures, fewer of them)", name, len(data), nbMaxBytes)
			}
			backends := 0
			for _, c := range nb.Cells {
				for _, out := range c.Outputs {
					for _, line := range strings.Split(nbText(out.Text), "\n") {
						if strings.HasPrefix(line, "backend: ") {
							backends++
						}
					}
				}
			}
			if backends != 1 {
				t.Errorf("notebooks/%s prints %d \"backend: \" lines, want exactly 1 (course.Start, once)", name, backends)
			}
			// Every cell that shows a figure has it stored (a figure lost between the program and Jupyter
			// once left a cell with its text and no plot).
			code := 0
			for _, c := range nb.Cells {
				if c.CellType != "code" {
					continue
				}
				code++
				if !nbShowsFigure(nbText(c.Source)) {
					continue
				}
				shown := false
				for _, out := range c.Outputs {
					if out.Data["image/png"] != nil || out.Data["text/html"] != nil || out.Data["image/svg+xml"] != nil {
						shown = true
					}
				}
				if !shown {
					t.Errorf("notebooks/%s: code cell %d shows a figure but has no image or HTML output stored (re-run: scripts/lab.sh --update-outputs %s)", name, code-1, name)
				}
			}
		})
	}
}

// nbShowsFigure reports whether a cell's source displays a figure or an explorer
// (a call of Show or ShowRow outside a comment).
func nbShowsFigure(src string) bool {
	for _, line := range strings.Split(src, "\n") {
		if i := strings.Index(line, "//"); i >= 0 {
			line = line[:i]
		}
		if strings.Contains(line, ".Show()") || strings.Contains(line, "ShowRow(") {
			return true
		}
	}
	return false
}

// nbTools finds jupyter-nbconvert and gonb (plus goimports and gopls, which GoNB
// needs). It returns a reason when something is missing.
func nbTools() (nbconvert []string, gonb string, env []string, missing string) {
	pathEnv := os.Getenv("PATH")
	if out, err := exec.Command("go", "env", "GOBIN", "GOPATH").Output(); err == nil {
		f := strings.Split(strings.TrimSpace(string(out)), "\n")
		if len(f) == 2 {
			bin := strings.TrimSpace(f[0])
			if bin == "" {
				bin = filepath.Join(strings.TrimSpace(f[1]), "bin")
			}
			pathEnv = bin + string(os.PathListSeparator) + pathEnv
		}
	}
	look := func(name string) string {
		for _, dir := range filepath.SplitList(pathEnv) {
			p := filepath.Join(dir, name)
			if st, err := os.Stat(p); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
				return p
			}
		}
		return ""
	}
	if p := look("jupyter-nbconvert"); p != "" {
		nbconvert = []string{p}
	} else if p := look("jupyter"); p != "" && exec.Command(p, "nbconvert", "--version").Run() == nil {
		nbconvert = []string{p, "nbconvert"}
	} else {
		return nil, "", nil, "jupyter-nbconvert not found"
	}
	for _, tool := range []string{"gonb", "goimports", "gopls"} {
		if look(tool) == "" {
			return nil, "", nil, tool + " not found in PATH or $(go env GOPATH)/bin"
		}
	}
	env = append(os.Environ(), "PATH="+pathEnv)
	return nbconvert, look("gonb"), env, ""
}

func nbEnvInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// TestNotebooks executes every notebook headless and checks its outputs.
func TestNotebooks(t *testing.T) {
	require := os.Getenv("LOSSCOURSE_REQUIRE_NOTEBOOKS") == "1"
	nbconvert, gonb, env, missing := nbTools()
	if missing != "" {
		msg := fmt.Sprintf("notebook test needs Jupyter and GoNB: %s; install them with scripts/lab.sh --install-only", missing)
		if require {
			t.Fatalf("%s (LOSSCOURSE_REQUIRE_NOTEBOOKS=1, so this is a failure, not a skip)", msg)
		}
		t.Skipf("%s (set LOSSCOURSE_REQUIRE_NOTEBOOKS=1 to make this a failure)", msg)
	}
	if testing.Short() && !require {
		t.Skip("notebook test skipped in -short mode (executes every notebook; LOSSCOURSE_REQUIRE_NOTEBOOKS=1 overrides)")
	}
	root := nbRoot(t)
	env = append(env, nbBuildEnv(t, root, env)...)

	// A private kernel spec with raw (text) errors, so the user's own registration is untouched.
	dataDir := t.TempDir()
	env = append(env, "JUPYTER_DATA_DIR="+dataDir)
	if os.Getenv("LOSSCOURSE_FAST") == "" {
		env = append(env, "LOSSCOURSE_FAST=1")
	}
	// Explorers (pkg/explore) draw their initial state and return: no browser here.
	env = append(env, "LOSSCOURSE_EXPLORE_STATIC=1")
	install := exec.Command(gonb, "--install", "--raw_error")
	install.Env = env
	if out, err := install.CombinedOutput(); err != nil {
		t.Fatalf("gonb --install --raw_error failed: %v\n%s", err, out)
	}

	outDir := os.Getenv("LOSSCOURSE_NB_OUTDIR")
	if outDir == "" {
		outDir = t.TempDir()
	} else if err := os.MkdirAll(outDir, 0o755); err != nil {
		t.Fatal(err)
	}
	cellTimeout := nbEnvInt("LOSSCOURSE_NB_CELL_TIMEOUT", 600)

	// Notebooks run jobs at a time (default 2, LOSSCOURSE_NB_JOBS): a GoNB cell is mostly a `go build`
	// (link) and single-threaded graph execution, so two kernels keep a 2-core machine busy. The longest
	// notebooks start first so the two lanes end together.
	jobs := nbEnvInt("LOSSCOURSE_NB_JOBS", 2)
	sem := make(chan struct{}, jobs)
	names := nbList(t, root)
	sort.SliceStable(names, func(i, j int) bool { return nbCost[names[i]] > nbCost[names[j]] })
	allStart := time.Now()
	t.Run("all", func(t *testing.T) {
		for _, name := range names {
			t.Run(strings.TrimSuffix(name, ".ipynb"), func(t *testing.T) {
				t.Parallel()
				sem <- struct{}{}
				defer func() { <-sem }()
				nbExecute(t, name, root, nbconvert, env, outDir, cellTimeout)
			})
		}
	})
	t.Logf("all %d notebooks executed in %s (LOSSCOURSE_FAST=%s, %d at a time)", len(names),
		time.Since(allStart).Round(time.Second), nbEnvValue(env, "LOSSCOURSE_FAST"), jobs)
}

// nbCost orders the notebooks, longest first, for TestNotebooks' lanes: seconds in fast mode on a
// 2-core machine (07 runs twice at once). A notebook not listed counts 0 and starts last.
var nbCost = map[string]int{
	"07_choosing_a_loss.ipynb": 65, "06_gans.ipynb": 63, "01_mle_to_nll.ipynb": 53, "02_classification.ipynb": 47,
	"04_metric_learning.ipynb": 47, "03_regression.ipynb": 26, "05_vae.ipynb": 26, "00_setup_tour.ipynb": 16,
}

// nbExecute runs one notebook (twice at once for nbTwiceAtOnce) with nbconvert and checks its outputs.
func nbExecute(t *testing.T, name, root string, nbconvert, env []string, outDir string, cellTimeout int) {
	ctx := context.Background()
	if dl, ok := t.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, dl.Add(-20*time.Second))
		defer cancel()
	}
	// Usually one run; nbTwiceAtOnce notebooks run twice at the same time (two kernels), and both runs
	// must pass on their own: they must not share state (e.g. a fixed file in the system temp directory).
	copies := 1
	if nbTwiceAtOnce[name] {
		copies = 2
	}
	type result struct {
		data    []byte
		log     string
		elapsed time.Duration
		err     error
	}
	results := make([]result, copies)
	var wg sync.WaitGroup
	for c := range copies {
		dir := outDir
		if copies > 1 {
			dir = filepath.Join(outDir, fmt.Sprintf("run%d", c+1))
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := &results[c]
			args := append(append([]string{}, nbconvert[1:]...),
				"--to", "notebook", "--execute", "--allow-errors",
				"--ExecutePreprocessor.kernel_name=gonb",
				fmt.Sprintf("--ExecutePreprocessor.timeout=%d", cellTimeout),
				// nbclient waits only 4 s (by default) for a cell's outputs after the kernel's reply and then
				// silently drops the rest; on a loaded machine that truncated cells. Wait longer, and fail loudly.
				"--ExecutePreprocessor.iopub_timeout=120", "--ExecutePreprocessor.raise_on_iopub_timeout=True",
				"--output-dir", dir, "--output", name,
				filepath.Join(root, "notebooks", name))
			cmd := exec.CommandContext(ctx, nbconvert[0], args...)
			cmd.Dir = filepath.Join(root, "notebooks") // GoNB's $GONB_DIR: the notebook's directory
			cmd.Env = env
			var stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stderr, &stderr
			start := time.Now()
			r.err = cmd.Run()
			r.elapsed, r.log = time.Since(start).Round(time.Second), stderr.String()
			if r.err == nil {
				r.data, r.err = os.ReadFile(filepath.Join(dir, name))
			}
		}()
	}
	wg.Wait()
	for c, r := range results {
		run := ""
		if copies > 1 {
			run = fmt.Sprintf(" (run %d of %d at once)", c+1, copies)
		}
		if r.err != nil {
			t.Errorf("executing notebooks/%s%s failed after %s: %v\n%s", name, run, r.elapsed, r.err, nbClip(nbTail(r.log, 60), 8000))
			continue
		}
		lines, problems := nbScan(r.data)
		for _, p := range problems {
			t.Errorf("notebooks/%s%s: %s", name, run, p)
		}
		if missing := nbMissing(nbRequired[name], lines); len(missing) > 0 {
			t.Errorf("notebooks/%s%s: required lines missing or not ok: %q", name, run, missing)
		}
		for _, l := range lines {
			t.Logf("%s", l.Text)
		}
		t.Logf("notebooks/%s%s executed in %s (LOSSCOURSE_FAST=%s), %d CHECK/CLAIM lines, %d problems",
			name, run, r.elapsed, nbEnvValue(env, "LOSSCOURSE_FAST"), len(lines), len(problems))
	}
}

// nbBuildEnv returns the environment of scripts/gonb-env.sh (fast cell builds: no DWARF, `go get`
// answered from the module cache), the same one scripts/lab.sh exports for the lab.
func nbBuildEnv(t *testing.T, root string, env []string) []string {
	t.Helper()
	cmd := exec.Command("bash", filepath.Join(root, "scripts", "gonb-env.sh"))
	cmd.Env = env
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("scripts/gonb-env.sh: %v", err)
	}
	var kvs []string
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if k, _, ok := strings.Cut(l, "="); !ok || (k != "GOFLAGS" && k != "GOPROXY") {
			t.Fatalf("scripts/gonb-env.sh printed %q, want GOFLAGS=… and GOPROXY=… lines", l)
		}
		kvs = append(kvs, l)
	}
	t.Logf("GoNB cell builds: %s", strings.Join(kvs, " "))
	return kvs
}

// nbTwiceAtOnce lists the notebooks TestNotebooks executes twice at the same time:
// 07 keeps its results table between cells, and two runs at once (two learners on
// one server, or the tests while the lab is open) must not see each other's rows.
var nbTwiceAtOnce = map[string]bool{"07_choosing_a_loss.ipynb": true}

// nbTail returns the last n lines of s.
func nbTail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// nbEnvValue returns the last value of key in env.
func nbEnvValue(env []string, key string) string {
	v := ""
	for _, kv := range env {
		if k, val, ok := strings.Cut(kv, "="); ok && k == key {
			v = val
		}
	}
	return v
}

// TestNotebookScanner checks the scanner itself on small synthetic notebooks, so
// a broken scanner cannot silently pass broken notebooks.
func TestNotebookScanner(t *testing.T) {
	cell := func(outputs string) string {
		return `{"cells":[{"cell_type":"code","source":"x := 1","outputs":[` + outputs + `]}],"metadata":{"kernelspec":{"name":"gonb"}}}`
	}
	stdout := func(text string) string {
		b, _ := json.Marshal(text)
		return `{"output_type":"stream","name":"stdout","text":` + string(b) + `}`
	}
	stderr := func(text string) string {
		b, _ := json.Marshal(text)
		return `{"output_type":"stream","name":"stderr","text":` + string(b) + `}`
	}
	tests := []struct {
		name         string
		notebook     string
		wantProblems int
		wantOK       []string // names that must parse as ok
		wantMissing  []string // required names reported missing
		required     []string
	}{
		{name: "clean run", notebook: cell(stdout("hello\nCHECK a rel_err=1e-9 ok\nCLAIM b: 0.8 > 0.4 ok\n")),
			wantOK: []string{"CHECK a", "CLAIM b"}, required: []string{"CHECK a", "CLAIM b"}},
		{name: "line split across streams", notebook: cell(stdout("CHECK a rel") + "," + stdout("_err=1e-9 ok\n")),
			wantOK: []string{"CHECK a"}, required: []string{"CHECK a"}},
		{name: "FAIL line", notebook: cell(stdout("CLAIM b: 0.3 > 0.4 FAIL\n")),
			wantProblems: 1, required: []string{"CLAIM b"}, wantMissing: []string{"CLAIM b"}},
		{name: "line without verdict", notebook: cell(stdout("CHECK a 0.5\n")), wantProblems: 1},
		{name: "required line absent", notebook: cell(stdout("CHECK a ok\n")),
			wantOK: []string{"CHECK a"}, required: []string{"CHECK a", "CHECK z"}, wantMissing: []string{"CHECK z"}},
		{name: "compile error", notebook: cell(`{"output_type":"error","ename":"ERROR","evalue":"undefined: foo","traceback":["x"]}`), wantProblems: 1},
		{name: "panic", notebook: cell(stderr("panic: boom\n\ngoroutine 1 [running]:\nexit status 2\n")), wantProblems: 3},
		{name: "failed shell cell", notebook: cell(stderr("exit status 1\n")), wantProblems: 1},
		{name: "benign stderr log", notebook: cell(stderr("2025/01/01 losscourse: using backend \"go\" (no XLA PJRT plugin installed)\n")), wantProblems: 0},
		{name: "html error", notebook: cell(`{"output_type":"display_data","data":{"text/html":"<span class=\"gonb-err-location\">x</span>"}}`), wantProblems: 1},
		{name: "ansi and carriage returns", notebook: cell(stdout("\x1b[32m 50%\r100%\x1b[0m\rCHECK a ok\n")), wantOK: []string{"CHECK a"}},
		{name: "invalid json", notebook: `{"cells": [`, wantProblems: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lines, problems := nbScan([]byte(tc.notebook))
			if len(problems) != tc.wantProblems {
				t.Errorf("got %d problems %v, want %d", len(problems), problems, tc.wantProblems)
			}
			ok := map[string]bool{}
			for _, l := range lines {
				if l.OK {
					ok[l.Kind+" "+l.Name] = true
				}
			}
			for _, w := range tc.wantOK {
				if !ok[w] {
					t.Errorf("line %q not parsed as ok; parsed lines: %+v", w, lines)
				}
			}
			if got := nbMissing(tc.required, lines); strings.Join(got, ",") != strings.Join(tc.wantMissing, ",") {
				t.Errorf("missing = %q, want %q", got, tc.wantMissing)
			}
		})
	}
}

// TestNotebooksNoSharedTempPaths fails on notebook code that writes to a fixed
// place in the system temp directory: two runs at once would share it. State
// kept between cells belongs in the kernel's own $GONB_TMP_DIR (experiments.Save).
func TestNotebooksNoSharedTempPaths(t *testing.T) {
	root := nbRoot(t)
	for _, name := range nbList(t, root) {
		data, err := os.ReadFile(filepath.Join(root, "notebooks", name))
		if err != nil {
			t.Fatal(err)
		}
		var nb nbNotebook
		if err := json.Unmarshal(data, &nb); err != nil {
			t.Fatalf("notebooks/%s: %v", name, err)
		}
		for i, c := range nb.Cells {
			if c.CellType != "code" {
				continue
			}
			src := nbText(c.Source)
			for _, bad := range []string{"os.TempDir()", `"/tmp/`, "`/tmp/"} {
				if strings.Contains(src, bad) {
					t.Errorf("notebooks/%s cell %d uses %s: a path shared by every run on the machine (use experiments.Save/Load or os.MkdirTemp)", name, i+1, bad)
				}
			}
		}
	}
}
