package tests

// TestLabInBrowser checks the lab as a learner meets it: in a real browser.
//
//  1. It starts the lab exactly as the README says (scripts/lab.sh, no
//     arguments) on a free port (LAB_PORT) and reads the URL and token it
//     prints.
//  2. Without the token the server refuses the notebook pages (redirect to the
//     login page) and the API (403); with it, it serves them; it listens on
//     127.0.0.1 only.
//  3. In headless Chromium (driven with chromedp) it opens notebook 00, restarts
//     the kernel and clears the outputs, runs all cells from the Cell menu,
//     waits for every CHECK line the notebook must print, and fails on any
//     error shown on the page.
//  4. For every interactive explorer in the notebooks (a code cell that calls
//     explore.…().Show(); all four of pkg/explore must be there), it opens the
//     notebook, runs its set-up cell and the explorer cell from the toolbar,
//     moves every slider with the keyboard (three arrow presses), checks that
//     the figure was redrawn (its SVG differs) for the slider's new value (the
//     value next to the slider, the line above the figure and the figure's
//     data-values all show the slider's stop), then clicks Done.
//  5. It saves screenshots of what the learner sees to
//     $LOSSCOURSE_SCREENSHOT_DIR (default: the test's temporary directory).
//  6. It stops the server and fails if any process it started (Jupyter, GoNB
//     kernels and cell programs, Chromium) is still alive, and if anything in
//     notebooks/ changed (autosave is off; an empty .ipynb_checkpoints/ that
//     Jupyter creates is removed). A watchdog stops everything a minute before
//     a go test timeout, which would otherwise skip the cleanups.
//
// It takes 3–8 minutes on a 2-core machine (GoNB compiles every cell it runs);
// scripts/test.sh gives go test 80 minutes, and a direct run should pass
// -timeout 20m.
//
// It needs Jupyter, GoNB and Chromium (Debian package chromium; scripts/test.sh
// installs it). Without them it is skipped, unless LOSSCOURSE_REQUIRE_NOTEBOOKS=1
// (CI), where that is a failure. It runs on Linux only (it reads /proc).

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image/png"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	cdppage "github.com/chromedp/cdproto/page"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// lookPathIn finds an executable in a PATH list, or returns "".
func lookPathIn(name, path string) string {
	for _, dir := range filepath.SplitList(path) {
		p := filepath.Join(dir, name)
		if st, err := os.Stat(p); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
			return p
		}
	}
	return ""
}

// findChromium returns the path of a Chromium or Chrome binary, or "".
func findChromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// screenshotDir returns $LOSSCOURSE_SCREENSHOT_DIR (created) or a temp dir.
func screenshotDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("LOSSCOURSE_SCREENSHOT_DIR")
	if dir == "" {
		return t.TempDir()
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestLabInBrowser(t *testing.T) {
	require := os.Getenv("LOSSCOURSE_REQUIRE_NOTEBOOKS") == "1"
	skipOrFail := func(format string, args ...any) {
		t.Helper()
		msg := fmt.Sprintf(format, args...)
		if require {
			t.Fatalf("%s (LOSSCOURSE_REQUIRE_NOTEBOOKS=1, so this is a failure, not a skip)", msg)
		}
		t.Skipf("%s (set LOSSCOURSE_REQUIRE_NOTEBOOKS=1 to make this a failure)", msg)
	}
	if runtime.GOOS != "linux" {
		skipOrFail("the browser test runs on Linux only (it checks processes and sockets in /proc)")
	}
	_, _, env, missing := nbTools()
	if missing != "" {
		skipOrFail("browser test needs Jupyter and GoNB: %s; install them with scripts/lab.sh --install-only", missing)
	}
	if lookPathIn("jupyter-notebook", nbEnvValue(env, "PATH")) == "" {
		skipOrFail("browser test needs jupyter-notebook (the classic notebook server scripts/lab.sh starts); install it with scripts/lab.sh --install-only")
	}
	chromium := findChromium()
	if chromium == "" {
		skipOrFail("browser test needs Chromium (Debian: apt-get install chromium; scripts/test.sh installs it)")
	}
	if testing.Short() && !require {
		t.Skip("browser test skipped in -short mode (LOSSCOURSE_REQUIRE_NOTEBOOKS=1 overrides)")
	}
	root := nbRoot(t)
	shots := screenshotDir(t)
	t.Logf("screenshots: %s", shots)
	before := notebookFiles(t, root)
	t.Cleanup(func() { checkNotebooksUnchanged(t, root, before) })

	if os.Getenv("LOSSCOURSE_FAST") == "" {
		env = append(env, "LOSSCOURSE_FAST=1")
	}
	marker := newMarker()
	lab := startLab(t, root, env, marker)
	if dl, ok := t.Deadline(); ok {
		// A test timeout panics without cleanups: stop everything a minute before.
		watchdog := time.AfterFunc(time.Until(dl)-time.Minute, func() {
			t.Errorf("the test is about to time out: killing the lab, its kernels and the browser (run with -timeout 20m or more)")
			lab.Kill()
		})
		defer watchdog.Stop()
	}

	t.Run("access", func(t *testing.T) { checkLabAccess(t, lab) })

	b := newBrowser(t, chromium, marker)
	b.shots = shots
	t.Run("notebook00_run_all", func(t *testing.T) {
		runAllNotebook(t, b, lab, "00_setup_tour.ipynb", shots)
	})
	t.Run("explorers", func(t *testing.T) {
		exploreNotebooks(t, b, lab, root, shots)
	})
}

// checkNotebooksUnchanged fails (and restores the files) if the test changed
// anything in notebooks/ (the browser never saves, autosave is turned off).
func checkNotebooksUnchanged(t *testing.T, root string, before map[string][]byte) {
	t.Helper()
	after := notebookFiles(t, root)
	for name, b := range before {
		a, ok := after[name]
		switch {
		case !ok:
			t.Errorf("notebooks/%s disappeared during the browser test", name)
		case !bytes.Equal(a, b):
			t.Errorf("notebooks/%s changed during the browser test (restored)", name)
			if !strings.HasSuffix(name, "/") {
				_ = os.WriteFile(filepath.Join(root, "notebooks", name), b, 0o644)
			}
		}
	}
	for name := range after {
		if _, ok := before[name]; ok {
			continue
		}
		// Jupyter creates an empty .ipynb_checkpoints/ when it opens a notebook
		// (git ignores it); anything in it would mean the test saved a notebook.
		dir := filepath.Join(root, "notebooks", name)
		if entries, err := os.ReadDir(dir); name == ".ipynb_checkpoints/" && err == nil && len(entries) == 0 {
			_ = os.Remove(dir)
			continue
		}
		t.Errorf("notebooks/%s was created during the browser test", name)
	}
}

// checkLabAccess checks the token and the listening address.
func checkLabAccess(t *testing.T, lab *labServer) {
	const nb = "00_setup_tour.ipynb"
	// Without the token: the page redirects to the login form, the API refuses.
	status, body, err := lab.get("/notebooks/"+nb, "")
	if err != nil {
		t.Fatalf("GET /notebooks/%s: %v", nb, err)
	}
	if !(status == 403 || (status >= 300 && status < 400 && strings.Contains(body, "Location: /login"))) {
		t.Errorf("GET /notebooks/%s without token: status %d, want 403 or a redirect to /login\n%s", nb, status, nbClip(body, 300))
	}
	if strings.Contains(body, "Setup and tour") {
		t.Errorf("GET /notebooks/%s without token shows the notebook's content", nb)
	}
	for _, c := range []struct{ path, auth, what string }{
		{"/api/contents/" + nb, "", "no token"},
		{"/api/contents/" + nb, "token wrong-" + lab.Token, "a wrong token"},
		{"/api/contents/" + nb + "?token=wrong", "", "a wrong token in the URL"},
		{"/api/kernels", "", "no token"},
	} {
		status, body, err := lab.get(c.path, c.auth)
		if err != nil {
			t.Fatalf("GET %s: %v", c.path, err)
		}
		if status != 403 {
			t.Errorf("GET %s with %s: status %d, want 403\n%s", c.path, c.what, status, nbClip(body, 300))
		}
		if strings.Contains(body, "Setup and tour") {
			t.Errorf("GET %s with %s returned the notebook's content", c.path, c.what)
		}
	}
	// With the token: both are served.
	status, body, err = lab.get("/notebooks/"+nb+"?token="+lab.Token, "")
	if err != nil {
		t.Fatal(err)
	}
	if status != 200 || !strings.Contains(body, `data-notebook-name="`+nb+`"`) {
		t.Errorf("GET /notebooks/%s?token=…: status %d, want 200 and the notebook page\n%s", nb, status, nbClip(body, 300))
	}
	status, body, err = lab.get("/api/contents/"+nb, "token "+lab.Token)
	if err != nil {
		t.Fatal(err)
	}
	if status != 200 || !strings.Contains(body, "Setup and tour") {
		t.Errorf("GET /api/contents/%s with the token: status %d, want 200 and the notebook\n%s", nb, status, nbClip(body, 300))
	}
	t.Logf("token checks: page and API refused without the token, served with it")

	// Listening on 127.0.0.1 only.
	addrs, err := listeningAddresses(lab.Port)
	if err != nil {
		t.Fatalf("reading the listening sockets: %v", err)
	}
	if len(addrs) == 0 {
		t.Errorf("no socket listens on port %d (read from /proc/net/tcp*)", lab.Port)
	}
	for _, a := range addrs {
		if a != "127.0.0.1" {
			t.Errorf("the notebook server listens on %s:%d; want 127.0.0.1 only", a, lab.Port)
		}
	}
	for _, ip := range nonLoopbackAddresses() {
		conn, err := net.DialTimeout("tcp", net.JoinHostPort(ip.String(), fmt.Sprint(lab.Port)), 2*time.Second)
		if err == nil {
			conn.Close()
			t.Errorf("the notebook server accepts connections on %s:%d; want 127.0.0.1 only", ip, lab.Port)
		}
	}
	t.Logf("listening sockets on port %d: %v; non-loopback addresses refused: %v", lab.Port, addrs, nonLoopbackAddresses())
}

// browser is one headless Chromium with one tab.
type browser struct {
	ctx     context.Context
	output  *lockedBuffer // Chromium's own stdout/stderr
	console *lockedBuffer // the pages' console messages and uncaught exceptions
	shots   string        // where screenshots go (a failure leaves one there)
}

// newBrowser starts headless Chromium (with a fresh profile, which chromedp
// creates and removes) and registers its shutdown.
func newBrowser(t *testing.T, chromium, marker string) *browser {
	t.Helper()
	out := &lockedBuffer{}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.Flag("no-sandbox", true), // as root (CI containers) the sandbox cannot start
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-sync", true),
		chromedp.NoFirstRun,
		chromedp.WindowSize(1280, 1000),
		chromedp.Env(marker),
		chromedp.CombinedOutput(out),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	if err := chromedp.Do(ctx); err != nil { // starts the browser
		cancelCtx()
		cancelAlloc()
		t.Fatalf("starting %s: %v\n%s", chromium, err, nbTail(out.String(), 20))
	}
	console := &lockedBuffer{}
	go func() {
		for ev, err := range chromedp.Events(ctx, cdpruntime.ConsoleAPICalled) {
			if err != nil {
				return
			}
			var parts []string
			for _, a := range ev.Args {
				if len(a.Value) > 0 {
					parts = append(parts, string(a.Value))
				} else {
					parts = append(parts, a.Description)
				}
			}
			fmt.Fprintf(console, "console.%s: %s\n", ev.Type, nbClip(strings.Join(parts, " "), 300))
		}
	}()
	go func() {
		for ev, err := range chromedp.Events(ctx, cdpruntime.ExceptionThrown) {
			if err != nil {
				return
			}
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			fmt.Fprintf(console, "exception: %s\n", nbClip(msg, 500))
		}
	}()
	go func() {
		// Leaving a notebook with unsaved changes opens a "leave the page?"
		// dialog, which blocks the navigation: accept every dialog, and log it.
		for ev, err := range chromedp.Events(ctx, cdppage.JavascriptDialogOpening) {
			if err != nil {
				return
			}
			fmt.Fprintf(console, "dialog (%s, accepted): %s\n", ev.Type, ev.Message)
			if _, err := chromedp.Call(ctx, cdppage.HandleJavaScriptDialog, cdppage.HandleJavaScriptDialogParams{Accept: true}); err != nil {
				fmt.Fprintf(console, "dialog: %v\n", err)
			}
		}
	}()
	t.Cleanup(func() {
		cctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		if err := chromedp.Cancel(cctx); err != nil {
			t.Logf("closing the browser: %v", err)
		}
		cancel()
		cancelCtx()
		cancelAlloc()
	})
	return &browser{ctx: ctx, output: out, console: console}
}

// actionTimeout bounds every browser action, so a stuck page fails the test
// instead of hanging it.
const actionTimeout = time.Minute

// do runs browser actions with actionTimeout.
func (b *browser) do(steps ...chromedp.Action[chromedp.Void]) error {
	ctx, cancel := context.WithTimeout(b.ctx, actionTimeout)
	defer cancel()
	return chromedp.Do(ctx, steps...)
}

// run runs one browser action that returns a value, with actionTimeout.
func run[T any](b *browser, a chromedp.Action[T]) (T, error) {
	ctx, cancel := context.WithTimeout(b.ctx, actionTimeout)
	defer cancel()
	return chromedp.Run(ctx, a)
}

// pageState is what the test reads from a classic-notebook page.
type pageState struct {
	Loaded    bool     `json:"loaded"`    // notebook fully loaded
	Connected bool     `json:"connected"` // kernel websocket connected
	Kernel    string   `json:"kernel"`    // class of the kernel indicator (kernel_idle_icon, kernel_busy_icon, …)
	Prompts   []string `json:"prompts"`   // "In [3]:" of every code cell
	Stdout    string   `json:"stdout"`    // text of every stdout output
	Stderr    string   `json:"stderr"`    // text of every stderr output
	Errors    []string `json:"errors"`    // error outputs and GoNB's HTML error reports
	Dialogs   []string `json:"dialogs"`   // open modal dialogs
	Outputs   int      `json:"outputs"`   // number of output areas
}

const pageStateJS = `(() => {
  const nb = window.Jupyter && Jupyter.notebook;
  const icon = document.getElementById('kernel_indicator_icon');
  const cells = Array.from(document.querySelectorAll('#notebook-container > .cell.code_cell'));
  const text = (sel) => Array.from(document.querySelectorAll(sel)).map(e => e.innerText).join('\n');
  return {
    loaded: !!(nb && nb._fully_loaded),
    connected: !!(nb && nb.kernel && nb.kernel.is_connected()),
    kernel: icon ? icon.className : '',
    prompts: cells.map(c => { const p = c.querySelector('.input_prompt'); return p ? p.innerText.replace(/\s+/g, ' ').trim() : ''; }),
    stdout: text('.output_stdout'),
    stderr: text('.output_stderr'),
    errors: Array.from(document.querySelectorAll('.output_error, [class*="gonb-err"]')).map(e => e.innerText.slice(0, 800)),
    dialogs: Array.from(document.querySelectorAll('.modal.in')).map(e => e.innerText.slice(0, 300)),
    outputs: document.querySelectorAll('#notebook-container .output_area').length,
  };
})()`

func (b *browser) state(t *testing.T) pageState {
	t.Helper()
	st, err := run(b, chromedp.Evaluate[pageState](pageStateJS))
	if err != nil {
		t.Fatalf("reading the page: %v", err)
	}
	return st
}

var (
	promptBusy = regexp.MustCompile(`\[\s*\*\s*\]`)
	promptDone = regexp.MustCompile(`\[\s*\d+\s*\]`)
)

// problems returns what a learner would see go wrong on the page.
func (st pageState) problems() []string {
	var p []string
	for _, e := range st.Errors {
		p = append(p, "error output: "+strings.TrimSpace(e))
	}
	for _, l := range nbSplitLines(st.Stderr) {
		for _, re := range nbStderrError {
			if re.MatchString(l) {
				p = append(p, "stderr: "+l)
				break
			}
		}
	}
	for _, l := range nbSplitLines(st.Stdout) {
		if strings.HasSuffix(strings.TrimSpace(l), "FAIL") {
			p = append(p, "failed: "+strings.TrimSpace(l))
		}
	}
	for _, d := range st.Dialogs {
		p = append(p, "dialog: "+strings.Join(strings.Fields(d), " "))
	}
	if strings.Contains(st.Kernel, "dead") || strings.Contains(st.Kernel, "disconnected") {
		p = append(p, "kernel indicator: "+st.Kernel)
	}
	return p
}

// waitFor polls the page state every second until cond returns true, the page
// shows a problem, or timeout passes.
func (b *browser) waitFor(t *testing.T, what string, timeout time.Duration, cond func(pageState) bool) pageState {
	t.Helper()
	return b.waitEvery(t, what, timeout, time.Second, cond)
}

// waitEvery is waitFor with a polling interval.
func (b *browser) waitEvery(t *testing.T, what string, timeout, every time.Duration, cond func(pageState) bool) pageState {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		st := b.state(t)
		if p := st.problems(); len(p) > 0 {
			b.failureShot(t)
			t.Fatalf("while waiting for %s the page shows:\n  %s\nstdout so far:\n%s", what, strings.Join(p, "\n  "), nbTail(st.Stdout, 30))
		}
		if cond(st) {
			return st
		}
		if time.Now().After(deadline) {
			b.failureShot(t)
			t.Fatalf("timed out after %s waiting for %s; prompts %q, kernel %q, stdout:\n%s\nbrowser console (last lines):\n%s",
				timeout, what, st.Prompts, st.Kernel, nbTail(st.Stdout, 30), nbTail(b.console.String(), 25))
		}
		time.Sleep(every)
	}
}

// unrollJS lets the classic notebook's #site (which scrolls) take its full
// height, so screenshots show whole cells; restoreJS undoes it.
const (
	unrollJS  = `(() => { const s = document.getElementById('site'); if (s) { s.style.height = 'auto'; s.style.overflow = 'visible'; } document.body.style.overflow = 'visible'; return true; })()`
	restoreJS = `(() => { const s = document.getElementById('site'); if (s) { s.style.height = ''; s.style.overflow = ''; } document.body.style.overflow = ''; return true; })()`
)

// failureShot saves a screenshot of the page as it was when the test failed.
func (b *browser) failureShot(t *testing.T) {
	t.Helper()
	if b.shots != "" {
		b.screenshot(t, b.shots, "FAILED-"+strings.NewReplacer("/", "_", " ", "_").Replace(t.Name())+".png", "")
	}
}

// screenshot saves a PNG of the whole notebook (the classic notebook scrolls
// inside #site, so the page is unrolled first) or of one element (sel != "").
func (b *browser) screenshot(t *testing.T, dir, name, sel string) {
	t.Helper()
	var buf []byte
	var err error
	if sel == "" {
		if _, err = run(b, chromedp.Evaluate[bool](unrollJS)); err == nil {
			buf, err = run(b, chromedp.FullScreenshot(100))
			_, _ = run(b, chromedp.Evaluate[bool](restoreJS))
		}
	} else {
		buf, err = run(b, chromedp.Screenshot(chromedp.CSS(sel)))
	}
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return
	}
	if _, err := png.DecodeConfig(bytes.NewReader(buf)); err != nil {
		t.Errorf("screenshot %s is not a PNG: %v", name, err)
		return
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, buf, 0o644); err != nil {
		t.Errorf("saving screenshot: %v", err)
		return
	}
	t.Logf("screenshot: %s (%d KiB)", path, len(buf)>>10)
}

// openNotebook opens a notebook with the token, waits until it is loaded and
// its kernel connected, turns autosave off (the test must not write to the
// repository), then restarts the kernel and clears all outputs from the
// Kernel menu, so whatever the page shows afterwards is from this run.
func (b *browser) openNotebook(t *testing.T, lab *labServer, name string) {
	t.Helper()
	// The previous notebook was run but not saved: mark it clean so leaving it asks nothing.
	_, _ = run(b, chromedp.Evaluate[bool](`(window.Jupyter && Jupyter.notebook && Jupyter.notebook.set_dirty(false), true)`))
	if err := b.do(chromedp.Navigate(lab.Base + "/notebooks/" + name + "?token=" + lab.Token)); err != nil {
		t.Fatalf("opening %s: %v", name, err)
	}
	b.waitFor(t, "the notebook to load and its kernel to start", 2*time.Minute, func(st pageState) bool {
		return st.Loaded && st.Connected && strings.Contains(st.Kernel, "idle")
	})
	if _, err := run(b, chromedp.Evaluate[bool](`(Jupyter.notebook.set_autosave_interval(0), true)`)); err != nil {
		t.Fatalf("turning autosave off: %v", err)
	}
	// Kernel → Restart & Clear Output → confirm.
	if err := b.do(
		chromedp.Click(chromedp.CSS("#kernellink")),
		chromedp.Click(chromedp.CSS("#restart_clear_output > a")),
		chromedp.Click(chromedp.CSS(".modal.in .modal-footer button.btn-danger")),
	); err != nil {
		t.Fatalf("Kernel → Restart & Clear Output: %v", err)
	}
	b.waitFor(t, "the kernel restart and cleared outputs", 2*time.Minute, func(st pageState) bool {
		if !(st.Connected && strings.Contains(st.Kernel, "idle") && st.Outputs == 0 && len(st.Dialogs) == 0) {
			return false
		}
		for _, p := range st.Prompts {
			if promptDone.MatchString(p) || promptBusy.MatchString(p) {
				return false
			}
		}
		return true
	})
}

// runAllNotebook opens a notebook, runs all its cells from the Cell menu and
// waits for the CHECK/CLAIM lines the notebook test requires of it.
func runAllNotebook(t *testing.T, b *browser, lab *labServer, name, shots string) {
	start := time.Now()
	b.openNotebook(t, lab, name)
	b.screenshot(t, shots, strings.TrimSuffix(name, ".ipynb")+"-opened.png", "")
	if err := b.do(
		chromedp.Click(chromedp.CSS("#celllink")),
		chromedp.Click(chromedp.CSS("#run_all_cells > a")),
	); err != nil {
		t.Fatalf("Cell → Run All: %v", err)
	}
	required := nbRequired[name]
	st := b.waitFor(t, fmt.Sprintf("every cell of %s to run and print %d CHECK/CLAIM lines", name, len(required)), 8*time.Minute, func(st pageState) bool {
		if !strings.Contains(st.Kernel, "idle") || len(st.Prompts) == 0 {
			return false
		}
		for _, p := range st.Prompts {
			if !promptDone.MatchString(p) {
				return false
			}
		}
		return len(nbMissing(required, pageLines(st.Stdout))) == 0
	})
	lines := pageLines(st.Stdout)
	for _, l := range lines {
		t.Logf("%s", l.Text)
	}
	t.Logf("%s: %d code cells run from the Cell menu in %s; prompts %q; %d CHECK/CLAIM lines, all required ones ok",
		name, len(st.Prompts), time.Since(start).Round(time.Second), st.Prompts, len(lines))
	b.screenshot(t, shots, strings.TrimSuffix(name, ".ipynb")+"-run-all.png", "")
}

// pageLines parses the CHECK/CLAIM lines of the page's stdout text.
func pageLines(stdout string) []nbLine {
	var lines []nbLine
	for _, l := range nbSplitLines(stdout) {
		l = strings.TrimSpace(l)
		if m := nbLineRE.FindStringSubmatch(l); m != nil {
			f := strings.Fields(l)
			lines = append(lines, nbLine{Kind: m[1], Name: m[2], Text: l, OK: f[len(f)-1] == "ok"})
		}
	}
	return lines
}

// --- explorers ---------------------------------------------------------------

// wantExplorers are the explorers of pkg/explore that the notebooks must show
// (and this test exercises).
var wantExplorers = []string{"Classification", "Regression", "InfoNCETemperature", "BetaVAE"}

// explorerCall finds an explorer in a code cell: explore.Name(…).Show().
var explorerCall = regexp.MustCompile(`explore\.([A-Z]\w*)\([^)]*\)\.Show\(\)`)

// nbExplorers lists, per notebook, the code cells (0-based among code cells)
// that show an explorer, and the index of the module set-up cell (the one that
// runs `go mod edit`).
type nbExplorers struct {
	Name      string
	SetupCell int
	Cells     []int
	Calls     []string
}

func findExplorers(t *testing.T, root string) []nbExplorers {
	t.Helper()
	var out []nbExplorers
	for _, name := range nbList(t, root) {
		data, err := os.ReadFile(filepath.Join(root, "notebooks", name))
		if err != nil {
			t.Fatal(err)
		}
		var nb nbNotebook
		if err := json.Unmarshal(data, &nb); err != nil {
			t.Fatalf("notebooks/%s: %v", name, err)
		}
		ex := nbExplorers{Name: name, SetupCell: -1}
		code := 0
		for _, c := range nb.Cells {
			if c.CellType != "code" {
				continue
			}
			src := nbText(c.Source)
			if ex.SetupCell < 0 && strings.Contains(src, "go mod edit") {
				ex.SetupCell = code
			}
			if m := explorerCall.FindStringSubmatch(src); m != nil {
				ex.Cells = append(ex.Cells, code)
				ex.Calls = append(ex.Calls, m[1])
			}
			code++
		}
		if len(ex.Cells) > 0 {
			if ex.SetupCell < 0 {
				t.Errorf("notebooks/%s has explorers but no `go mod edit` set-up cell", name)
				continue
			}
			out = append(out, ex)
		}
	}
	return out
}

// codeCellSel selects the i-th (0-based) code cell of the notebook.
func codeCellJS(i int) string {
	return fmt.Sprintf(`document.querySelectorAll('#notebook-container > .cell.code_cell')[%d]`, i)
}

// runCell selects code cell i by clicking its prompt and runs it with the
// toolbar's Run button, as a learner would.
func (b *browser) runCell(t *testing.T, i int) {
	t.Helper()
	sel := chromedp.JSPath(codeCellJS(i) + `.querySelector('.input_prompt')`)
	if err := b.do(
		chromedp.ScrollIntoView(sel),
		chromedp.Click(sel),
		chromedp.Click(chromedp.CSS(`button[data-jupyter-action="jupyter-notebook:run-cell-and-select-next"]`)),
	); err != nil {
		t.Fatalf("running code cell %d from the toolbar: %v", i, err)
	}
}

// explorerState is what the test reads from one explorer on the page.
type explorerState struct {
	Found   bool              `json:"found"`
	Name    string            `json:"name"`    // the explorer's name (data-explorer)
	Status  string            `json:"status"`  // the status line under the sliders ("" once they are removed)
	Values  map[string]string `json:"values"`  // the figure's data-values
	Header  string            `json:"header"`  // the values line above the figure
	SVG     string            `json:"svg"`     // the figure's SVG markup
	Sliders []sliderState     `json:"sliders"` // the sliders, in order
}

type sliderState struct {
	ID    string   `json:"id"`
	Key   string   `json:"key"`
	Pos   int      `json:"pos"`
	Max   int      `json:"max"`
	Stops []string `json:"stops"`
	Shown string   `json:"shown"` // the value printed next to the slider
}

// explorerStateJS reads the explorer shown in code cell i.
func explorerStateJS(cell int) string {
	return fmt.Sprintf(`(() => {
  const cell = %s;
  const fig = cell && cell.querySelector('.losscourse-explorer');
  const ctl = cell && cell.querySelector('.losscourse-explorer-controls');
  const st = {found: !!fig, name: fig ? fig.dataset.explorer : '', status: '', values: {}, header: '', svg: '', sliders: []};
  if (fig) {
    st.values = JSON.parse(fig.dataset.values || '{}');
    const h = fig.querySelector('.explorer-values'); st.header = h ? h.innerText : '';
    const s = fig.querySelector('.explorer-svg'); st.svg = s ? s.innerHTML : '';
  }
  if (ctl) {
    const s = ctl.querySelector('.explorer-status'); st.status = s ? s.innerText : '';
    for (const r of ctl.querySelectorAll('input[type=range]')) {
      const out = r.closest('.explorer-param') && r.closest('.explorer-param').querySelector('output');
      st.sliders.push({id: r.id, key: r.dataset.key || '', pos: +r.value, max: +r.max,
        stops: JSON.parse(r.dataset.stops || '[]'), shown: out ? out.innerText : ''});
    }
  }
  return st;
})()`, codeCellJS(cell))
}

func (b *browser) explorer(t *testing.T, cell int) explorerState {
	t.Helper()
	st, err := run(b, chromedp.Evaluate[explorerState](explorerStateJS(cell)))
	if err != nil {
		t.Fatalf("reading the explorer of code cell %d: %v", cell, err)
	}
	return st
}

// waitExplorer polls until cond holds for the explorer of a cell, failing on page problems.
func (b *browser) waitExplorer(t *testing.T, cell int, what string, timeout time.Duration, cond func(explorerState) bool) explorerState {
	t.Helper()
	var ex explorerState
	b.waitEvery(t, what, timeout, 200*time.Millisecond, func(pageState) bool {
		ex = b.explorer(t, cell)
		return cond(ex)
	})
	return ex
}

// exploreNotebooks exercises every explorer found in the notebooks.
func exploreNotebooks(t *testing.T, b *browser, lab *labServer, root, shots string) {
	all := findExplorers(t, root)
	found := map[string]bool{}
	for _, nb := range all {
		for _, c := range nb.Calls {
			found[c] = true
		}
	}
	for _, want := range wantExplorers {
		if !found[want] {
			t.Errorf("no notebook shows explore.%s().Show(): every explorer of pkg/explore must be in a notebook (classification in 02, regression in 03, InfoNCE in 04, β-VAE in 05)", want)
		}
	}
	for _, nb := range all {
		t.Run(strings.TrimSuffix(nb.Name, ".ipynb"), func(t *testing.T) {
			start := time.Now()
			b.openNotebook(t, lab, nb.Name)
			b.runCell(t, nb.SetupCell)
			b.waitFor(t, "the set-up cell", 3*time.Minute, func(st pageState) bool {
				return strings.Contains(st.Kernel, "idle") && promptDone.MatchString(st.Prompts[nb.SetupCell])
			})
			for k, cell := range nb.Cells {
				t.Run(nb.Calls[k], func(t *testing.T) { exerciseExplorer(t, b, nb.Name, cell, shots) })
			}
			t.Logf("%s: %d explorer(s) exercised in %s", nb.Name, len(nb.Cells), time.Since(start).Round(time.Second))
		})
	}
}

// exerciseExplorer runs one explorer cell, moves every slider and checks the figure follows.
func exerciseExplorer(t *testing.T, b *browser, nbName string, cell int, shots string) {
	defer func() {
		if t.Failed() { // stop a running explorer so the next one can run
			_ = b.do(chromedp.Click(chromedp.CSS(`button[data-jupyter-action="jupyter-notebook:interrupt-kernel"]`)))
			time.Sleep(3 * time.Second)
		}
	}()
	b.runCell(t, cell)
	var ex explorerState
	b.waitEvery(t, fmt.Sprintf("the explorer of code cell %d to draw and connect its sliders", cell), 4*time.Minute, 250*time.Millisecond, func(st pageState) bool {
		if strings.Contains(st.Stdout, "(no live browser") {
			b.failureShot(t)
			t.Fatalf("the explorer of code cell %d did not connect to the browser:\n%s\nbrowser console (last lines):\n%s", cell, nbTail(st.Stdout, 10), nbTail(b.console.String(), 25))
		}
		if cell < len(st.Prompts) && promptDone.MatchString(st.Prompts[cell]) {
			t.Fatalf("code cell %d finished without a live explorer; prompts %q, stdout:\n%s", cell, st.Prompts, nbTail(st.Stdout, 15))
		}
		ex = b.explorer(t, cell)
		return ex.Found && strings.HasPrefix(ex.Status, "live")
	})
	name := ex.Name
	prefix := fmt.Sprintf("%s-explorer-%s", strings.TrimSuffix(nbName, ".ipynb"), name)
	if len(ex.Sliders) == 0 {
		t.Fatalf("explorer %s shows no slider", name)
	}
	if !strings.Contains(ex.SVG, "<svg") {
		t.Fatalf("explorer %s shows no SVG figure", name)
	}
	for _, s := range ex.Sliders {
		if s.Shown != ex.Values[s.Key] || s.Pos < 0 || s.Pos >= len(s.Stops) || s.Stops[s.Pos] != s.Shown {
			t.Errorf("initially, slider %s at position %d shows %q, the figure says %q (stops %q)", s.Key, s.Pos, s.Shown, ex.Values[s.Key], s.Stops)
		}
	}
	cellSel := chromedp.JSPath(codeCellJS(cell))
	shot(t, b, shots, prefix+"-0-initial.png", cellSel)
	for i, s := range ex.Sliders {
		before := b.explorer(t, cell)
		// Three key presses, towards the side with room.
		key, steps := kb.ArrowRight, 3
		if s.Pos+steps > s.Max {
			key = kb.ArrowLeft
		}
		if err := b.do(
			chromedp.ScrollIntoView(chromedp.ID(s.ID)),
			chromedp.Focus(chromedp.ID(s.ID)),
			chromedp.KeyEvent(strings.Repeat(key, steps)),
		); err != nil {
			t.Fatalf("moving slider %s with the keyboard: %v", s.Key, err)
		}
		moveStart := time.Now()
		after := b.waitExplorer(t, cell, fmt.Sprintf("the figure to follow slider %s", s.Key), time.Minute, func(ex explorerState) bool {
			cur := ex.Sliders[i]
			return cur.Pos != s.Pos && ex.Values[s.Key] == cur.Stops[cur.Pos] && ex.SVG != before.SVG
		})
		cur := after.Sliders[i]
		want := cur.Stops[cur.Pos]
		if d := cur.Pos - s.Pos; d != steps && d != -steps {
			t.Errorf("slider %s moved from %d to %d with %d key presses", s.Key, s.Pos, cur.Pos, steps)
		}
		if cur.Shown != want {
			t.Errorf("slider %s at position %d (%s) but the value next to it shows %q", s.Key, cur.Pos, want, cur.Shown)
		}
		if !strings.Contains(after.Header, "= "+want) {
			t.Errorf("slider %s at %s but the line above the figure says %q", s.Key, want, after.Header)
		}
		for k, v := range before.Values {
			if k != s.Key && after.Values[k] != v {
				t.Errorf("moving slider %s changed %s from %s to %s", s.Key, k, v, after.Values[k])
			}
		}
		t.Logf("slider %s: %s → %s (position %d → %d); figure redrawn in %s, SVG %d → %d bytes, differs",
			s.Key, s.Stops[s.Pos], want, s.Pos, cur.Pos, time.Since(moveStart).Round(10*time.Millisecond), len(before.SVG), len(after.SVG))
	}
	shot(t, b, shots, prefix+"-1-moved.png", cellSel)
	// Done: the sliders go, the figure stays at its last state, the cell finishes.
	final := b.explorer(t, cell)
	doneSel := chromedp.JSPath(codeCellJS(cell) + `.querySelector('.losscourse-explorer-controls button')`)
	if err := b.do(chromedp.ScrollIntoView(doneSel), chromedp.Click(doneSel)); err != nil {
		t.Fatalf("clicking Done: %v", err)
	}
	st := b.waitFor(t, "the explorer to stop after Done", time.Minute, func(st pageState) bool {
		return strings.Contains(st.Kernel, "idle") && promptDone.MatchString(st.Prompts[cell]) &&
			strings.Contains(st.Stdout, "explorer "+name+" stopped (Done clicked)")
	})
	ex = b.explorer(t, cell)
	if len(ex.Sliders) != 0 || ex.SVG != final.SVG {
		t.Errorf("after Done: %d sliders left, figure kept: %v", len(ex.Sliders), ex.SVG == final.SVG)
	}
	if !strings.Contains(st.Stdout, "CHECK explorer_"+name) {
		t.Errorf("explorer %s printed no CHECK line", name)
	}
}

// shot saves a PNG screenshot of one element.
func shot[S chromedp.Selectable](t *testing.T, b *browser, dir, name string, sel S) {
	t.Helper()
	// The classic notebook scrolls inside #site: unroll it so a tall element fits.
	_, _ = run(b, chromedp.Evaluate[bool](unrollJS))
	buf, err := run(b, chromedp.Screenshot(sel))
	_, _ = run(b, chromedp.Evaluate[bool](restoreJS))
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, buf, 0o644); err != nil {
		t.Errorf("saving screenshot: %v", err)
		return
	}
	t.Logf("screenshot: %s (%d KiB)", path, len(buf)>>10)
}
