package tests

// Helpers of the browser test (browser_test.go): start the lab with
// scripts/lab.sh exactly as the README does, read the URL and token it prints,
// check what the server exposes, and stop it again leaving no process behind.
//
// Every process the test starts (the lab script, which becomes jupyter-notebook,
// the GoNB kernels and the cell programs they run, chromium and its helpers)
// carries a marker in its environment, LOSSCOURSE_BROWSER_TEST_RUN=<unique id>,
// so the test can list them in /proc after it stopped everything, whichever
// process group or session they ended up in (Jupyter starts kernels in a new
// session).

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// labMarkerKey is the environment variable that marks every process of one run
// of the browser test.
const labMarkerKey = "LOSSCOURSE_BROWSER_TEST_RUN"

// lockedBuffer is a bytes.Buffer safe for concurrent writers and readers.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// labServer is one notebook server started by scripts/lab.sh.
type labServer struct {
	Base   string // http://127.0.0.1:PORT
	URL    string // the URL lab.sh printed (with the token)
	Token  string // the token lab.sh printed
	Port   int
	Marker string // labMarkerKey=<id>, in the environment of every process of this run

	cmd    *exec.Cmd
	output lockedBuffer // everything lab.sh and jupyter-notebook wrote
	exited chan struct{}
	waitMu sync.Mutex
	err    error
}

// newMarker returns a fresh labMarkerKey=<id> pair.
func newMarker() string {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return fmt.Sprintf("%s=%d-%s", labMarkerKey, os.Getpid(), hex.EncodeToString(b))
}

// freeLoopbackPort returns a TCP port that is free on 127.0.0.1 right now.
func freeLoopbackPort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("cannot find a free port: %v", err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return port
}

var (
	labOpenLine  = regexp.MustCompile(`^lab\.sh: open: (http://\S+)\s*$`)
	labTokenLine = regexp.MustCompile(`^lab\.sh: token: (\S+)\s*$`)
)

// startLab runs scripts/lab.sh (no arguments, as the README says) on a free
// port with private Jupyter directories, waits until it prints its URL and
// token and the server answers, and registers a cleanup that stops it.
// env is the environment for the script (PATH must find jupyter and gonb).
func startLab(t *testing.T, root string, env []string, marker string) *labServer {
	t.Helper()
	port := freeLoopbackPort(t)
	jupyter := t.TempDir()
	for _, d := range []string{"data", "runtime", "config"} {
		if err := os.MkdirAll(filepath.Join(jupyter, d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("bash", filepath.Join(root, "scripts", "lab.sh"))
	cmd.Dir = root
	cmd.Env = append(append([]string{}, env...),
		"LAB_PORT="+strconv.Itoa(port),
		"LAB_SKIP_APT=1", // a test never installs system packages
		// Private Jupyter directories: the user's kernel registration and
		// configuration are neither used nor changed.
		"JUPYTER_DATA_DIR="+filepath.Join(jupyter, "data"),
		"JUPYTER_RUNTIME_DIR="+filepath.Join(jupyter, "runtime"),
		"JUPYTER_CONFIG_DIR="+filepath.Join(jupyter, "config"),
		marker,
	)
	// Its own process group; SIGTERM (Jupyter then shuts its kernels down) if
	// this test process dies without stopping it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
	s := &labServer{Port: port, Base: fmt.Sprintf("http://127.0.0.1:%d", port), Marker: marker, cmd: cmd, exited: make(chan struct{})}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = &s.output
	start := time.Now()
	// Pdeathsig fires when the OS thread that started the process exits, so
	// start it from a goroutine locked to its thread until the process ends.
	started := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		if err := cmd.Start(); err != nil {
			started <- err
			close(s.exited)
			return
		}
		started <- nil
		err := cmd.Wait()
		s.waitMu.Lock()
		s.err = err
		s.waitMu.Unlock()
		close(s.exited)
	}()
	if err := <-started; err != nil {
		t.Fatalf("starting scripts/lab.sh: %v", err)
	}
	t.Cleanup(func() { s.Stop(t) })

	printed := make(chan [2]string, 1)
	go func() {
		var u, tok string
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			fmt.Fprintln(&s.output, line)
			if m := labOpenLine.FindStringSubmatch(line); m != nil {
				u = m[1]
			}
			if m := labTokenLine.FindStringSubmatch(line); m != nil {
				tok = m[1]
			}
			if u != "" && tok != "" {
				printed <- [2]string{u, tok}
				u, tok = "", "\x00done"
			}
		}
		_, _ = io.Copy(&s.output, stdout)
	}()

	const startTimeout = 4 * time.Minute // lab.sh checks tools and prefetches modules first
	select {
	case p := <-printed:
		s.URL, s.Token = p[0], p[1]
	case <-s.exited:
		t.Fatalf("scripts/lab.sh exited before printing its URL and token (%v):\n%s", s.exitErr(), nbTail(s.output.String(), 40))
	case <-time.After(startTimeout):
		t.Fatalf("scripts/lab.sh printed no URL and token within %s:\n%s", startTimeout, nbTail(s.output.String(), 40))
	}
	u, err := url.Parse(s.URL)
	if err != nil {
		t.Fatalf("lab.sh printed an invalid URL %q: %v", s.URL, err)
	}
	if got := u.Query().Get("token"); got != s.Token {
		t.Fatalf("lab.sh printed URL %s with token %q, but token line %q", s.URL, got, s.Token)
	}
	if u.Host != fmt.Sprintf("127.0.0.1:%d", port) {
		t.Fatalf("lab.sh printed URL %s, want host 127.0.0.1:%d", s.URL, port)
	}

	// Wait until the server answers an authenticated API call.
	deadline := time.Now().Add(startTimeout - time.Since(start))
	for {
		status, _, err := s.get("/api/status", "token "+s.Token)
		if err == nil && status == http.StatusOK {
			break
		}
		select {
		case <-s.exited:
			t.Fatalf("the notebook server exited (%v):\n%s", s.exitErr(), nbTail(s.output.String(), 40))
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("the notebook server did not answer GET /api/status within %s (last: %d %v):\n%s",
				startTimeout, status, err, nbTail(s.output.String(), 40))
		}
		time.Sleep(300 * time.Millisecond)
	}
	t.Logf("lab started in %s: %s", time.Since(start).Round(time.Millisecond), s.Base)
	return s
}

func (s *labServer) exitErr() error {
	s.waitMu.Lock()
	defer s.waitMu.Unlock()
	return s.err
}

// noRedirectClient does not follow redirects and sends no cookies.
var noRedirectClient = &http.Client{
	Timeout:       30 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// get fetches path (relative to the server) with an optional Authorization
// header and returns the status, the Location header and the body.
func (s *labServer) get(path, authorization string) (status int, body string, err error) {
	req, err := http.NewRequest(http.MethodGet, s.Base+path, nil)
	if err != nil {
		return 0, "", err
	}
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	resp, err := noRedirectClient.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if loc := resp.Header.Get("Location"); loc != "" {
		return resp.StatusCode, "Location: " + loc + "\n" + string(b), err
	}
	return resp.StatusCode, string(b), err
}

// Stop stops the server (SIGTERM, as Ctrl-C would: Jupyter shuts its kernels
// down), kills what is left of its process group after a grace period, and
// fails the test if any process of this run is still alive afterwards.
func (s *labServer) Stop(t *testing.T) {
	t.Helper()
	if s.cmd.Process == nil {
		return
	}
	select {
	case <-s.exited:
	default:
		_ = s.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-s.exited:
		case <-time.After(30 * time.Second):
			t.Errorf("jupyter-notebook did not stop within 30 s of SIGTERM; killing its process group")
			_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
			<-s.exited
		}
	}
	if left := waitNoMarkedProcesses(s.Marker, 20*time.Second); len(left) > 0 {
		t.Errorf("processes left behind after stopping the lab (killed now): %s", strings.Join(left, "; "))
	}
}

// Kill stops the server at once and kills every process of this run: the
// last resort when the test is about to run out of time (a Go test timeout
// panics without running cleanups).
func (s *labServer) Kill() {
	if s.cmd.Process != nil {
		_ = s.cmd.Process.Signal(syscall.SIGTERM) // Jupyter shuts its kernels down
		select {
		case <-s.exited:
		case <-time.After(10 * time.Second):
		}
	}
	waitNoMarkedProcesses(s.Marker, 5*time.Second)
}

// markedProcesses lists the live processes (other than this one) whose
// environment contains marker, as "pid command".
func markedProcesses(marker string) []string {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	want := []byte(marker + "\x00")
	var out []string
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		env, err := os.ReadFile(filepath.Join("/proc", e.Name(), "environ"))
		if err != nil || !(bytes.HasPrefix(env, want) || bytes.Contains(env, append([]byte{0}, want...))) {
			continue
		}
		if st, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat")); err == nil {
			// Zombies are gone already; only their parent has not read their status.
			if i := bytes.LastIndexByte(st, ')'); i > 0 && i+2 < len(st) && st[i+2] == 'Z' {
				continue
			}
		}
		cmdline, _ := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		cmd := strings.TrimSpace(strings.ReplaceAll(string(cmdline), "\x00", " "))
		out = append(out, fmt.Sprintf("%d %s", pid, nbClip(cmd, 120)))
	}
	sort.Strings(out)
	return out
}

// waitNoMarkedProcesses waits up to timeout for every process carrying marker
// to exit; it kills the ones still alive then and returns them.
func waitNoMarkedProcesses(marker string, timeout time.Duration) []string {
	deadline := time.Now().Add(timeout)
	for {
		left := markedProcesses(marker)
		if len(left) == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			for _, p := range left {
				if pid, err := strconv.Atoi(strings.Fields(p)[0]); err == nil {
					_ = syscall.Kill(pid, syscall.SIGKILL)
				}
			}
			return left
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// listeningAddresses returns the local addresses of the TCP sockets listening
// on port, read from /proc/net/tcp and /proc/net/tcp6 ("127.0.0.1", "::", …).
func listeningAddresses(port int) ([]string, error) {
	var addrs []string
	for _, f := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		data, err := os.ReadFile(f)
		if err != nil {
			if os.IsNotExist(err) && f == "/proc/net/tcp6" {
				continue // no IPv6
			}
			return nil, err
		}
		lines := strings.Split(string(data), "\n")
		for _, line := range lines[1:] {
			fields := strings.Fields(line)
			if len(fields) < 4 || fields[3] != "0A" { // 0A: TCP_LISTEN
				continue
			}
			hexIP, hexPort, ok := strings.Cut(fields[1], ":")
			if !ok {
				continue
			}
			if p, err := strconv.ParseUint(hexPort, 16, 16); err != nil || int(p) != port {
				continue
			}
			ip, err := procNetIP(hexIP)
			if err != nil {
				return nil, fmt.Errorf("%s: %v", f, err)
			}
			addrs = append(addrs, ip.String())
		}
	}
	return addrs, nil
}

// procNetIP decodes an address of /proc/net/tcp{,6}: 32-bit words in host
// (little-endian on the machines we run on) byte order.
func procNetIP(h string) (net.IP, error) {
	b, err := hex.DecodeString(h)
	if err != nil || (len(b) != 4 && len(b) != 16) {
		return nil, fmt.Errorf("bad address %q", h)
	}
	ip := make(net.IP, len(b))
	for i := 0; i < len(b); i += 4 {
		ip[i], ip[i+1], ip[i+2], ip[i+3] = b[i+3], b[i+2], b[i+1], b[i]
	}
	return ip, nil
}

// nonLoopbackAddresses returns this machine's IPv4 and IPv6 addresses that are
// not loopback or link-local (where a server listening on every interface
// would answer).
func nonLoopbackAddresses() []net.IP {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return nil
	}
	var out []net.IP
	for _, a := range addrs {
		ipnet, ok := a.(*net.IPNet)
		if !ok || ipnet.IP.IsLoopback() || ipnet.IP.IsLinkLocalUnicast() {
			continue
		}
		out = append(out, ipnet.IP)
	}
	return out
}

// notebookHashes returns the contents of the notebooks directory (name → bytes)
// so the test can check it changed nothing there.
func notebookFiles(t *testing.T, root string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	dir := filepath.Join(root, "notebooks")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			out[e.Name()+"/"] = nil
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = b
	}
	return out
}
