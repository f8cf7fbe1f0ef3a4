package explore

import (
	"encoding/json"
	"fmt"
	"html"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/comms"
	"github.com/janpfeifer/gonb/gonbui/dom"
	"github.com/janpfeifer/gonb/gonbui/widgets"
)

// Environment variables read by Show.
const (
	// EnvStatic set to 1 makes Show draw the initial state only, without
	// sliders and without waiting for a browser: headless runs (nbconvert, the
	// notebook tests, scripts/lab.sh --update-outputs) set it.
	EnvStatic = "LOSSCOURSE_EXPLORE_STATIC"
	// EnvIdle is how long a live explorer waits for a slider to move before it
	// stops by itself (a Go duration such as "90s"; default DefaultIdle).
	EnvIdle = "LOSSCOURSE_EXPLORE_IDLE"
)

// DefaultIdle is how long a live explorer runs without interaction.
const DefaultIdle = 15 * time.Minute

// connectTimeout bounds the wait for the browser to answer the sliders (all
// attempts), attemptTimeout one attempt: GoNB gives the browser 3 s to open
// its websocket, then each slider reports its position.
const (
	connectTimeout = 40 * time.Second
	attemptTimeout = 10 * time.Second
)

// Show displays the explorer in the cell of a GoNB notebook.
//
// It always draws the initial state first — a figure block (see HTML) that is
// an ordinary output of the cell, so headless runs store it — and prints one
// line, "CHECK explorer_<name> initial state drawn (…) ok", which the notebook
// test requires.
//
// In a live notebook (a browser connected to the kernel) it then shows one
// GoNB slider (gonbui/widgets) per parameter and a Done button, and redraws the
// figure in place (gonbui.UpdateHTML on the figure's display id) every time a
// slider moves. The cell keeps running while you explore: click Done, interrupt
// the kernel, or leave it idle for $LOSSCOURSE_EXPLORE_IDLE (default 15 min) to
// stop it; the figure stays at its last state and the sliders are removed.
//
// With LOSSCOURSE_EXPLORE_STATIC=1, or when no browser answers within 40 s,
// it stops after the initial state. Outside a notebook (go test, go run) it
// prints the values and the summary lines instead (no CHECK line).
func (e *Explorer) Show() error {
	if err := e.validate(); err != nil {
		return err
	}
	v := e.Start()
	f, err := e.Render(v)
	if err != nil {
		return err
	}
	if !gonbui.IsNotebook {
		fmt.Println(e.ValuesText(v))
		for _, s := range f.Summary {
			fmt.Println("  " + s)
		}
		return nil
	}
	_, cfg, _ := Backend()
	check := fmt.Sprintf("CHECK explorer_%s initial state drawn (%s; %d-byte SVG; backend %s) ok", e.Name, e.ValuesText(v), len(f.SVG), cfg)
	uid := gonbui.UniqueId()
	static := os.Getenv(EnvStatic) == "1"
	var ctl *controls
	if !static {
		ctl = newControls(e, v, uid) // above the figure
	}
	figID := "explorer_figure_" + uid
	gonbui.UpdateHTML(figID, e.HTML(v, f))
	gonbui.Sync() // the figure first, then the CHECK line
	fmt.Println(check)
	if static {
		fmt.Printf("(%s=1: static figure; run this cell in the lab — scripts/lab.sh — to move the sliders)\n", EnvStatic)
		return nil
	}
	if err := ctl.connect(); err != nil {
		ctl.remove()
		fmt.Printf("(no live browser: %v; the figure shows the initial values)\n", err)
		return nil
	}
	return e.live(ctl, figID, v, f)
}

// controls are the sliders, their value labels and the Done button of a live explorer.
type controls struct {
	e         *Explorer
	displayID string // GoNB display id of the controls block (erased at the end)
	uid       string
	sliders   []*widgets.SliderBuilder
	done      *widgets.ButtonBuilder

	addr   string               // comms address of the numbered positions
	sub    comms.SubscriptionId // its subscription
	notify chan struct{}        // signalled on every received position
	mu     sync.Mutex
	seq    []int64 // newest message number per slider
	pos    []int   // and its position
}

func (c *controls) id(kind, key string) string {
	return fmt.Sprintf("explorer-%s-%s-%s-%s", kind, c.e.Name, key, c.uid)
}

// newControls displays the controls block with an empty slot per slider.
func newControls(e *Explorer, v Values, uid string) *controls {
	c := &controls{e: e, displayID: "explorer_controls_" + uid, uid: uid}
	var b strings.Builder
	fmt.Fprintf(&b, `<div class="losscourse-explorer-controls" id="%s" data-explorer="%s" style="max-width:60em;margin:4px 0 8px 0">`, c.id("controls", "all"), e.Name)
	fmt.Fprintf(&b, `<div style="font-weight:bold;margin-bottom:4px">%s</div>`, html.EscapeString(e.Title))
	for _, p := range e.Params {
		fmt.Fprintf(&b, `<div class="explorer-param" style="display:flex;align-items:center;gap:10px;margin:2px 0">`+
			`<label style="min-width:10em" title="%s">%s</label><span id="%s" style="flex:1"></span>`+
			`<output id="%s" data-key="%s" style="font-family:monospace;min-width:5em">%s</output></div>`,
			html.EscapeString(p.Help), html.EscapeString(p.Label), c.id("slot", p.Key), c.id("value", p.Key), p.Key, html.EscapeString(p.Text(v[p.Key])))
	}
	fmt.Fprintf(&b, `<div style="margin-top:4px"><span id="%s"></span> <span class="explorer-status" id="%s" style="color:#666">connecting to the browser…</span></div></div>`,
		c.id("slot", "done"), c.id("status", "all"))
	gonbui.UpdateHTML(c.displayID, b.String())
	return c
}

// connect creates the GoNB widgets; it fails when no browser answers in time.
//
// GoNB opens its browser connection (the gonb_comm websocket) on the first
// widget and gives up when the kernel does not acknowledge within 500 ms,
// which happens on a busy machine; the kernel then notices the stale
// connection after a second and opens a new one on the next request. So a
// failed attempt is retried with fresh widgets until connectTimeout.
func (c *controls) connect() error {
	deadline := time.Now().Add(connectTimeout)
	for attempt := 1; ; attempt++ {
		ready := make(chan []*widgets.SliderBuilder, 1)
		var done *widgets.ButtonBuilder
		go func() {
			v := c.e.Start()
			var sliders []*widgets.SliderBuilder
			for _, p := range c.e.Params {
				s := widgets.Slider(0, len(p.Values)-1, p.Index(v[p.Key])).
					WithHtmlId(fmt.Sprintf("%s-%d", c.id("slider", p.Key), attempt)).AppendTo(c.id("slot", p.Key)).Done()
				sliders = append(sliders, s)
			}
			done = widgets.Button("Done").WithHtmlId(fmt.Sprintf("%s-%d", c.id("done", "all"), attempt)).AppendTo(c.id("slot", "done")).Done()
			ready <- sliders
		}()
		wait := min(attemptTimeout, time.Until(deadline))
		select {
		case c.sliders = <-ready:
			c.done = done
		case <-time.After(wait):
		}
		if c.sliders != nil {
			break
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the sliders got no answer from a browser within %s (%d attempts)", connectTimeout, attempt)
		}
		// Remove this attempt's widgets and let GoNB see its connection is stale.
		for _, p := range c.e.Params {
			dom.SetInnerHtml(c.id("slot", p.Key), "")
		}
		dom.SetInnerHtml(c.id("slot", "done"), "")
		c.status(fmt.Sprintf("connecting to the browser (attempt %d)…", attempt+1))
		time.Sleep(1500 * time.Millisecond)
	}
	// Positions, in order. GoNB hands every message from the browser to the
	// program in a goroutine of its own, so two quick moves of a slider can
	// arrive in either order: the page numbers each move, and the explorer
	// keeps the highest number per slider.
	c.addr = "/losscourse/explorer/" + c.e.Name + "/" + c.uid
	c.seq = make([]int64, len(c.e.Params))
	c.pos = make([]int, len(c.e.Params))
	v := c.e.Start()
	for i, p := range c.e.Params {
		c.pos[i] = p.Index(v[p.Key])
	}
	c.notify = make(chan struct{}, 1)
	c.sub = comms.Subscribe(c.addr, c.received)
	var js strings.Builder
	fmt.Fprintf(&js, "(() => {\n  let seq = 0;\n  const send = (i, s) => { const g = globalThis.gonb_comm; if (g) g.send(%q, `${++seq}:${i}:${s.value}`); };\n", c.addr)
	for i, p := range c.e.Params {
		texts := make([]string, len(p.Values))
		for j, x := range p.Values {
			texts[j] = p.Text(x)
		}
		t, _ := json.Marshal(texts)
		// The value next to the slider follows it while it is dragged, in the browser.
		fmt.Fprintf(&js, "  { const s = document.getElementById(%q), o = document.getElementById(%q), t = %s;\n"+
			"    if (s && o) { s.title = %q; s.style.width = '100%%'; s.dataset.stops = JSON.stringify(t); s.dataset.key = %q;\n"+
			"      for (const ev of ['input', 'change']) s.addEventListener(ev, () => { o.textContent = t[+s.value]; send(%d, s); }); } }\n",
			c.sliders[i].HtmlId(), c.id("value", p.Key), t, p.Help, p.Key, i)
	}
	js.WriteString("})();")
	dom.TransientJavascript(js.String())
	c.status("live: move a slider; click Done (or interrupt the kernel) to stop and run other cells")
	return nil
}

// received records a "seq:param:position" message from the page.
func (c *controls) received(_ string, msg string) {
	f := strings.Split(msg, ":")
	if len(f) != 3 {
		return
	}
	seq, err1 := strconv.ParseInt(f[0], 10, 64)
	i, err2 := strconv.Atoi(f[1])
	pos, err3 := strconv.Atoi(f[2])
	if err1 != nil || err2 != nil || err3 != nil || i < 0 || i >= len(c.e.Params) || pos < 0 || pos >= len(c.e.Params[i].Values) {
		return
	}
	c.mu.Lock()
	if seq > c.seq[i] {
		c.seq[i], c.pos[i] = seq, pos
	}
	c.mu.Unlock()
	select {
	case c.notify <- struct{}{}:
	default:
	}
}

// positions returns the newest slider positions as values.
func (c *controls) positions() Values {
	c.mu.Lock()
	defer c.mu.Unlock()
	v := Values{}
	for i, p := range c.e.Params {
		v[p.Key] = p.Values[c.pos[i]]
	}
	return v
}

func (c *controls) status(text string) {
	dom.SetInnerText(c.id("status", "all"), text)
}

// remove erases the controls block and stops listening.
func (c *controls) remove() {
	if c.addr != "" {
		comms.Unsubscribe(c.sub)
	}
	gonbui.UpdateHTML(c.displayID, "")
}

// idleTimeout reads $LOSSCOURSE_EXPLORE_IDLE.
func idleTimeout() time.Duration {
	if d, err := time.ParseDuration(os.Getenv(EnvIdle)); err == nil && d > 0 {
		return d
	}
	return DefaultIdle
}

// live redraws the figure as the sliders move, until Done, an interrupt or the idle timeout.
func (e *Explorer) live(c *controls, figID string, v Values, last Frame) error {
	clicks := c.done.Listen()
	defer clicks.Close()
	interrupt := make(chan os.Signal, 1)
	signal.Notify(interrupt, os.Interrupt)
	defer signal.Stop(interrupt)

	idle := idleTimeout()
	timer := time.NewTimer(idle)
	defer timer.Stop()
	redraws := 0
	stop := func(why string) error {
		c.remove()
		fmt.Printf("explorer %s stopped (%s) after %d redraws; final values: %s\n", e.Name, why, redraws, e.ValuesText(v))
		return nil
	}
	same := func(a, b Values) bool {
		for k, x := range a {
			if b[k] != x {
				return false
			}
		}
		return true
	}
	for {
		select {
		case <-c.notify:
			timer.Reset(idle)
			next := c.positions() // the newest position of every slider
			if same(next, v) {
				continue
			}
			f, err := e.Render(next)
			if err != nil {
				// Keep the last good figure and say what went wrong.
				gonbui.UpdateHTML(figID, e.HTML(v, Frame{SVG: last.SVG, Summary: append([]string{"ERROR: " + err.Error()}, last.Summary...)}))
				continue
			}
			v, last = next, f
			redraws++
			gonbui.UpdateHTML(figID, e.HTML(v, f))
		case <-clicks.C:
			return stop("Done clicked")
		case <-interrupt:
			return stop("interrupted")
		case <-timer.C:
			return stop(fmt.Sprintf("no slider moved for %s", idle))
		}
	}
}
