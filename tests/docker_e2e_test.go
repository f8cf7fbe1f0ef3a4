package tests

// TestDockerLabEndToEnd builds the lab image and runs it with the real compose file,
// the way a learner does, and checks what the learner relies on:
//
//   - the base image debian:trixie-slim is there (built with docker/debian-base.sh,
//     debootstrap from the Debian mirror, when absent: image registries may be out of reach);
//   - the lab image builds from a copy of this checkout (docker build --network host, the
//     XLA plugin off by default: its download is out of reach in CI; the extra CA bundle
//     named by $SSL_CERT_FILE, if any, is passed in through docker/extra-ca/);
//   - `docker compose up` starts it; the container reaches "healthy";
//   - Jupyter answers 403 without the token and 200 with it, on 127.0.0.1 only (the port
//     is published on 127.0.0.1 and nothing listens on the compose network's gateway);
//   - every process in the container runs as the host user (LAB_UID), not root;
//   - notebook 00 executes inside the container (jupyter-nbconvert, GoNB kernel, fast
//     mode) with every required CHECK line ok, on the backend the image was built for
//     (without the XLA plugin: the pure-Go backend, and the notebook says so);
//   - a file written in the container under the bind-mounted repository belongs to the
//     host user and survives `docker compose down` / `up`;
//   - `down` leaves no container and no network of the project behind.
//
// Safety: the container mounts a temporary copy of the checkout (tracked and untracked,
// not ignored, files), never the checkout itself. Every name is unique to the run (image
// tag, compose project, port), so two runs do not collide; the image tag is removed at
// the end (its layers stay as build cache: `docker image prune` frees them). When the
// test runs as root (CI), the "host user" is a stand-in uid/gid 4242 that owns the copy:
// root would say nothing about ownership nor about non-root processes. The test only
// connects to 127.0.0.1 and to the compose network it created; every wait is bounded.
//
// Environment:
//
//	LOSSCOURSE_REQUIRE_DOCKER=1  never skip: no Docker engine or Compose is a failure (.ci/run sets it)
//	LOSSCOURSE_DOCKER_XLA        XLA_PLUGINS build argument for the test image (default "none")
//	LOSSCOURSE_DOCKER_REPORT     append the figures (build time, image size, health, timings) to this file
//
// Skipped with a message when no engine is reachable or with -short, unless required.

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

const (
	dkeBaseImage = "debian:trixie-slim"
	dkeStandInID = 4242 // the "host user" when the test runs as root
)

// dke holds the state of one end-to-end run.
type dke struct {
	t        *testing.T
	docker   string   // docker CLI
	compose  []string // {"docker", "compose"} or {"docker-compose"}
	repo     string   // the checkout under test
	copyDir  string   // temporary copy of it: build context and bind mount
	workDir  string   // logs
	tag      string   // image tag, unique to this run
	project  string   // compose project name, unique to this run
	port     int      // host port on 127.0.0.1
	token    string   // LAB_TOKEN
	uid, gid int      // the host user the lab runs as
	xla      string   // XLA_PLUGINS build argument
	report   []string // figures for LOSSCOURSE_DOCKER_REPORT and the log
}

func TestDockerLabEndToEnd(t *testing.T) {
	start := time.Now()
	required := os.Getenv("LOSSCOURSE_REQUIRE_DOCKER") == "1"
	skipOrFail := func(format string, args ...any) {
		t.Helper()
		msg := fmt.Sprintf(format, args...)
		if required {
			t.Fatalf("LOSSCOURSE_REQUIRE_DOCKER=1 but %s", msg)
		}
		t.Skipf("%s: the Docker lab was only checked statically (TestDocker*, TestCompose*); set LOSSCOURSE_REQUIRE_DOCKER=1 to make this a failure", msg)
	}
	if testing.Short() && !required {
		t.Skip("-short: the Docker end-to-end test builds an image (minutes)")
	}
	docker, err := exec.LookPath("docker")
	if err != nil {
		skipOrFail("the docker CLI is not installed")
	}
	if out, err := dkeRun(context.Background(), 30*time.Second, nil, "", docker, "info", "--format", "{{.ServerVersion}}"); err != nil {
		skipOrFail("no Docker engine is reachable (docker info: %v: %s)", err, strings.TrimSpace(out))
	}
	var compose []string
	if _, err := dkeRun(context.Background(), 30*time.Second, nil, "", docker, "compose", "version"); err == nil {
		compose = []string{docker, "compose"}
	} else if p, err := exec.LookPath("docker-compose"); err == nil {
		compose = []string{p}
	} else {
		skipOrFail("neither `docker compose` nor docker-compose is installed")
	}

	e := &dke{
		t: t, docker: docker, compose: compose, repo: dkRepoRoot(t),
		copyDir: t.TempDir(), workDir: t.TempDir(),
		token: dkeRandom(t, 16), port: dkeFreePort(t),
		xla: "none",
	}
	if v, ok := os.LookupEnv("LOSSCOURSE_DOCKER_XLA"); ok {
		e.xla = v
	}
	suffix := dkeRandom(t, 5)
	e.tag = "losscourse-lab:e2e-" + suffix
	e.project = "losscoursee2e" + suffix // lower-case letters and digits: valid for Compose v1 and v2
	e.uid, e.gid = os.Getuid(), os.Getgid()
	if e.uid == 0 {
		e.uid, e.gid = dkeStandInID, dkeStandInID
	}
	defer e.writeReport()
	e.note("docker: %s; compose: %s", e.serverVersion(), strings.Join(compose, " "))

	e.copyCheckout()
	e.ensureBaseImage()
	e.buildImage()

	// From here on the copy belongs to the host user (the stand-in when root); the build
	// context was hashed before, so the layer cache does not depend on it.
	if os.Getuid() == 0 {
		e.chownCopy()
	}

	t.Cleanup(e.down) // registered before up: runs even when a check below fails
	cid := e.up("first up")
	e.checkHealthColumn()
	e.checkHTTP()
	e.checkLoopbackOnly(cid)
	e.checkNonRoot(cid)
	e.checkNotebook00(cid)

	// Persistence of the learner's work across down / up, in the bind-mounted repository.
	name := ".e2e-scratch-" + suffix + ".txt"
	content := "written in the container by the e2e test " + suffix
	hostPath := filepath.Join(e.copyDir, name)
	defer os.Remove(hostPath)
	e.mustExec(2*time.Minute, cid, "sh", "-c", `printf %s "$1" > "$2"`, "sh", content, "/home/jovyan/losscourse/"+name)
	e.checkOwner(hostPath)

	e.down()
	if _, err := os.Stat(hostPath); err != nil {
		t.Errorf("after `down`, the file written in the container is gone from the host: %v", err)
	}
	cid2 := e.up("second up")
	if cid2 == cid {
		t.Errorf("second `up` reused container %s: want a new container (the first was removed by `down`)", cid)
	}
	if got := strings.TrimSpace(e.mustExec(time.Minute, cid2, "cat", "/home/jovyan/losscourse/"+name)); got != content {
		t.Errorf("after down/up the container reads %q from the bind mount, want %q", got, content)
	}
	e.down()
	if err := os.Remove(hostPath); err != nil {
		t.Errorf("removing the scratch file: %v", err)
	}
	e.note("test wall time (base image, build, two ups, notebook): %s", time.Since(start).Round(time.Second))
}

// note logs a figure and keeps it for the report.
func (e *dke) note(format string, args ...any) {
	e.t.Helper()
	line := fmt.Sprintf(format, args...)
	e.t.Log(line)
	e.report = append(e.report, line)
}

func (e *dke) writeReport() {
	path := os.Getenv("LOSSCOURSE_DOCKER_REPORT")
	if path == "" {
		return
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		e.t.Errorf("LOSSCOURSE_DOCKER_REPORT: %v", err)
		return
	}
	defer f.Close()
	status := "PASS"
	if e.t.Failed() {
		status = "FAIL"
	}
	fmt.Fprintf(f, "== TestDockerLabEndToEnd (%s, %s)\n", status, time.Now().UTC().Format(time.RFC3339))
	for _, l := range e.report {
		fmt.Fprintln(f, l)
	}
}

func (e *dke) serverVersion() string {
	out, _ := dkeRun(context.Background(), 30*time.Second, nil, "", e.docker, "version", "--format", "engine {{.Server.Version}}, client {{.Client.Version}}")
	return strings.TrimSpace(out)
}

// copyCheckout copies the checkout's files (tracked and untracked-but-not-ignored, as git
// lists them; every file but .git without git) into e.copyDir, plus the optional extra CA
// certificates: the bundle named by $SSL_CERT_FILE and the checkout's docker/extra-ca/.
func (e *dke) copyCheckout() {
	t := e.t
	var files []string
	if _, err := os.Stat(filepath.Join(e.repo, ".git")); err == nil {
		out, err := exec.Command("git", "-C", e.repo, "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
		if err == nil {
			for _, f := range strings.Split(string(out), "\x00") {
				if f != "" {
					files = append(files, f)
				}
			}
		}
	}
	if len(files) == 0 {
		err := filepath.WalkDir(e.repo, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && d.Name() == ".git" {
				return filepath.SkipDir
			}
			if !d.IsDir() {
				rel, _ := filepath.Rel(e.repo, p)
				files = append(files, rel)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("listing the checkout: %v", err)
		}
	}
	n := 0
	for _, rel := range files {
		copied, err := dkeCopyFile(filepath.Join(e.repo, rel), filepath.Join(e.copyDir, rel))
		if err != nil {
			t.Fatalf("copying the checkout: %v", err)
		}
		if copied {
			n++
		}
	}
	if _, err := os.Stat(filepath.Join(e.copyDir, "docker", "Dockerfile")); err != nil {
		t.Fatalf("the copy of the checkout has no docker/Dockerfile: %v", err)
	}
	var cas []string
	extra, _ := filepath.Glob(filepath.Join(e.repo, "docker", "extra-ca", "*"))
	for _, p := range extra {
		if strings.HasSuffix(p, ".crt") || strings.HasSuffix(p, ".pem") {
			if _, err := dkeCopyFile(p, filepath.Join(e.copyDir, "docker", "extra-ca", filepath.Base(p))); err != nil {
				t.Fatal(err)
			}
			cas = append(cas, "docker/extra-ca/"+filepath.Base(p))
		}
	}
	if f := os.Getenv("SSL_CERT_FILE"); f != "" {
		if _, err := os.Stat(f); err == nil {
			if _, err := dkeCopyFile(f, filepath.Join(e.copyDir, "docker", "extra-ca", "ssl-cert-file.crt")); err != nil {
				t.Fatal(err)
			}
			cas = append(cas, "$SSL_CERT_FILE="+f)
		}
	}
	if len(cas) == 0 {
		cas = []string{"none"}
	}
	e.note("build context: a copy of the checkout, %d files; extra CA: %s", n, strings.Join(cas, ", "))
}

// dkeCopyFile copies a regular file or a symlink (false when src no longer exists:
// git lists deleted files that are not staged yet).
func dkeCopyFile(src, dst string) (bool, error) {
	st, err := os.Lstat(src)
	if os.IsNotExist(err) {
		return false, nil
	} else if err != nil {
		return false, err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return false, err
	}
	switch {
	case st.Mode()&os.ModeSymlink != 0:
		target, err := os.Readlink(src)
		if err != nil {
			return false, err
		}
		return true, os.Symlink(target, dst)
	case st.Mode().IsRegular():
		data, err := os.ReadFile(src)
		if err != nil {
			return false, err
		}
		return true, os.WriteFile(dst, data, st.Mode().Perm())
	}
	return false, nil // sockets, devices: not part of a checkout
}

// chownCopy gives the copy to the stand-in host user.
func (e *dke) chownCopy() {
	err := filepath.WalkDir(e.copyDir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(p, e.uid, e.gid)
	})
	if err != nil {
		e.t.Fatalf("chown of the copy to %d:%d: %v", e.uid, e.gid, err)
	}
}

// ensureBaseImage builds debian:trixie-slim with docker/debian-base.sh when it is absent.
func (e *dke) ensureBaseImage() {
	t := e.t
	if _, err := dkeRun(context.Background(), time.Minute, nil, "", e.docker, "image", "inspect", dkeBaseImage); err == nil {
		e.note("base image %s: present", dkeBaseImage)
		return
	}
	if os.Getuid() != 0 {
		t.Fatalf("base image %s is absent and building it needs root: run `docker pull %s` or `sudo docker/debian-base.sh`", dkeBaseImage, dkeBaseImage)
	}
	if _, err := exec.LookPath("debootstrap"); err != nil {
		t.Fatalf("base image %s is absent and debootstrap is not installed (apt-get install debootstrap; .ci/run does)", dkeBaseImage)
	}
	start := time.Now()
	out, err := dkeRun(context.Background(), 20*time.Minute, nil, "", filepath.Join(e.copyDir, "docker", "debian-base.sh"), dkeBaseImage)
	if err != nil {
		t.Fatalf("docker/debian-base.sh: %v\n%s", err, dkeTail(out, 3000))
	}
	e.note("base image %s: built with docker/debian-base.sh (debootstrap) in %s", dkeBaseImage, time.Since(start).Round(time.Second))
}

// buildImage builds the lab image from the copy, tagged for this run only.
func (e *dke) buildImage() {
	t := e.t
	logPath := filepath.Join(e.workDir, "build.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("building %s; follow the build with: tail -f %s", e.tag, logPath)
	start := time.Now()
	// Bounded by the test binary's deadline, less 8 minutes for the checks after the build
	// (with go test's default -timeout 10m only a build from the layer cache fits).
	bound := 60 * time.Minute
	if d, ok := t.Deadline(); ok {
		bound = max(time.Until(d)-8*time.Minute, 2*time.Minute)
	}
	ctx, cancel := context.WithTimeout(context.Background(), bound)
	defer cancel()
	cmd := exec.CommandContext(ctx, e.docker, "build", "--network", "host",
		"-f", "docker/Dockerfile", "--build-arg", "XLA_PLUGINS="+e.xla, "-t", e.tag, ".")
	cmd.Dir, cmd.Stdout, cmd.Stderr, cmd.WaitDelay = e.copyDir, logFile, logFile, 10*time.Second
	err = cmd.Run()
	logFile.Close()
	data, _ := os.ReadFile(logPath)
	out := string(data)
	if ctx.Err() == context.DeadlineExceeded {
		err = fmt.Errorf("timed out after %s (the test's -timeout less 8m; a build without layer cache needs -timeout 90m)", bound.Round(time.Second))
	}
	if err != nil {
		t.Fatalf("docker build: %v\n%s", err, dkeTail(out, 6000))
	}
	t.Cleanup(func() {
		// The tag only: the layers stay as build cache for the next run (docker image prune frees them).
		if out, err := dkeRun(context.Background(), 2*time.Minute, nil, "", e.docker, "rmi", "--no-prune", e.tag); err != nil {
			t.Errorf("removing the test image %s: %v\n%s", e.tag, err, out)
		}
	})
	cached := strings.Count(out, "Using cache") + strings.Count(out, "CACHED")
	size, _ := dkeRun(context.Background(), time.Minute, nil, "", e.docker, "image", "inspect", "--format", "{{.Size}}", e.tag)
	nbytes, _ := strconv.ParseInt(strings.TrimSpace(size), 10, 64)
	e.note("lab image %s (XLA_PLUGINS=%s): built in %s (%d steps from cache), size %.2f GB (%d bytes)",
		e.tag, e.xla, time.Since(start).Round(time.Second), cached, float64(nbytes)/1e9, nbytes)
}

// composeEnv is the environment of every compose command: the variables the compose
// file documents, set for this run.
func (e *dke) composeEnv() []string {
	env := []string{}
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "LAB_IMAGE", "LAB_PORT", "LAB_TOKEN", "LAB_UID", "LAB_GID", "LAB_GOPROXY", "LOSSCOURSE_FAST", "GOMLX_BACKEND", "COMPOSE_PROJECT_NAME", "COMPOSE_FILE":
			continue
		}
		env = append(env, kv)
	}
	return append(env,
		"LAB_IMAGE="+e.tag, "LAB_PORT="+strconv.Itoa(e.port), "LAB_TOKEN="+e.token,
		"LAB_UID="+strconv.Itoa(e.uid), "LAB_GID="+strconv.Itoa(e.gid),
		"LOSSCOURSE_FAST=1", "GOMLX_BACKEND=",
		// The container has no network here (no NAT with dockerd --iptables=false): GoNB's
		// `go get` before every cell would wait for a DNS timeout per module (~3 min a cell).
		// Offline, the lab must work from the image's module and build caches alone.
		"LAB_GOPROXY=off")
}

func (e *dke) composeArgs(args ...string) []string {
	a := append([]string{}, e.compose[1:]...)
	a = append(a, "-p", e.project, "-f", filepath.Join(e.copyDir, "docker", "docker-compose.yml"))
	return append(a, args...)
}

func (e *dke) composeRun(timeout time.Duration, args ...string) (string, error) {
	return dkeRun(context.Background(), timeout, e.composeEnv(), e.copyDir, e.compose[0], e.composeArgs(args...)...)
}

// up runs `docker compose up -d` and waits (bounded) for the container to be healthy.
func (e *dke) up(what string) string {
	t := e.t
	t.Helper()
	start := time.Now()
	if out, err := e.composeRun(5*time.Minute, "up", "-d", "--no-build", "lab"); err != nil {
		t.Fatalf("%s: compose up: %v\n%s", what, err, out)
	}
	out, err := e.composeRun(time.Minute, "ps", "-q", "lab")
	cid := strings.TrimSpace(out)
	if err != nil || cid == "" {
		t.Fatalf("%s: compose ps -q lab: %v %q", what, err, out)
	}
	deadline := time.Now().Add(4 * time.Minute)
	var status string
	for {
		s, err := dkeRun(context.Background(), 30*time.Second, nil, "", e.docker, "inspect", "--format", "{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{else}}no-healthcheck{{end}}", cid)
		status = strings.TrimSpace(s)
		if err == nil && strings.HasSuffix(status, " healthy") {
			break
		}
		if err != nil || strings.HasSuffix(status, "unhealthy") || strings.HasSuffix(status, "no-healthcheck") ||
			strings.HasPrefix(status, "exited") || strings.HasPrefix(status, "dead") || strings.HasPrefix(status, "restarting") || time.Now().After(deadline) {
			logs, _ := e.composeRun(time.Minute, "logs", "--no-color", "--tail", "80", "lab")
			t.Fatalf("%s: container %s is %q, not healthy (waited %s, bound 4m): %v\nlogs:\n%s", what, cid[:12], status, time.Since(start).Round(time.Second), err, logs)
		}
		time.Sleep(2 * time.Second)
	}
	e.note("%s: container %s healthy %s after `compose up`", what, cid[:12], time.Since(start).Round(time.Second))
	return cid
}

// down runs `docker compose down` and checks that no container or network of the project is left.
func (e *dke) down() {
	t := e.t
	out, err := e.composeRun(3*time.Minute, "down", "--remove-orphans", "--timeout", "20")
	if err != nil {
		t.Errorf("compose down: %v\n%s", err, out)
	}
	filter := "label=com.docker.compose.project=" + e.project
	if ids, _ := dkeRun(context.Background(), time.Minute, nil, "", e.docker, "ps", "-a", "-q", "--filter", filter); strings.TrimSpace(ids) != "" {
		t.Errorf("`compose down` left containers behind: %s", strings.Fields(ids))
		_, _ = dkeRun(context.Background(), 2*time.Minute, nil, "", e.docker, append([]string{"rm", "-f"}, strings.Fields(ids)...)...)
	}
	if nets, _ := dkeRun(context.Background(), time.Minute, nil, "", e.docker, "network", "ls", "-q", "--filter", filter); strings.TrimSpace(nets) != "" {
		t.Errorf("`compose down` left networks behind: %s", strings.Fields(nets))
		_, _ = dkeRun(context.Background(), time.Minute, nil, "", e.docker, append([]string{"network", "rm"}, strings.Fields(nets)...)...)
	}
}

// checkHealthColumn records what `docker compose ps` shows.
func (e *dke) checkHealthColumn() {
	out, err := e.composeRun(time.Minute, "ps", "lab")
	if err != nil {
		e.t.Fatalf("compose ps: %v\n%s", err, out)
	}
	if !strings.Contains(out, "(healthy)") {
		e.t.Errorf("`compose ps` does not show (healthy):\n%s", out)
	}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		e.note("compose ps | %s", strings.TrimRight(l, " "))
	}
}

// dkeHTTP is a client that never uses a proxy (the test only talks to 127.0.0.1).
var dkeHTTP = &http.Client{Timeout: 15 * time.Second, Transport: &http.Transport{Proxy: nil}}

// checkHTTP: token authentication on the published port.
func (e *dke) checkHTTP() {
	t := e.t
	base := fmt.Sprintf("http://127.0.0.1:%d", e.port)
	get := func(path, token string) (int, string) {
		req, err := http.NewRequest("GET", base+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if token != "" {
			req.Header.Set("Authorization", "token "+token)
		}
		resp, err := dkeHTTP.Do(req)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		return resp.StatusCode, string(body)
	}
	for _, c := range []struct {
		path, token string
		want        int
		contains    string
	}{
		{"/api/status", "", http.StatusForbidden, ""},
		{"/api/status", "wrong-" + e.token, http.StatusForbidden, ""},
		{"/api/status", e.token, http.StatusOK, `"kernels"`},
		{"/api/kernelspecs", "", http.StatusForbidden, ""},
		{"/api/kernelspecs", e.token, http.StatusOK, `"gonb"`},
		{"/lab?token=" + e.token, "", http.StatusOK, "JupyterLab"},
	} {
		code, body := get(c.path, c.token)
		who := "without a token"
		if c.token == e.token || strings.Contains(c.path, "token=") {
			who = "with the token"
		} else if c.token != "" {
			who = "with a wrong token"
		}
		if code != c.want {
			t.Errorf("GET %s %s: HTTP %d, want %d", strings.Replace(c.path, e.token, "<token>", 1), who, code, c.want)
		} else if c.contains != "" && !strings.Contains(body, c.contains) {
			t.Errorf("GET %s %s: HTTP %d but the body lacks %q: %s", strings.Replace(c.path, e.token, "<token>", 1), who, code, c.contains, dkeTail(body, 300))
		}
	}
	e.note("http://127.0.0.1:%d: /api/status 403 without the token and with a wrong one, 200 with it; /api/kernelspecs lists gonb; /lab serves JupyterLab", e.port)
}

// checkLoopbackOnly: the port is published on 127.0.0.1 only, and the host's address on
// the compose network (its gateway) does not answer on it.
func (e *dke) checkLoopbackOnly(cid string) {
	t := e.t
	out, err := dkeRun(context.Background(), time.Minute, nil, "", e.docker, "inspect", "--format", "{{json .NetworkSettings.Ports}}", cid)
	if err != nil {
		t.Fatalf("docker inspect: %v %s", err, out)
	}
	var ports map[string][]struct{ HostIp, HostPort string }
	if err := json.Unmarshal([]byte(out), &ports); err != nil {
		t.Fatalf("docker inspect ports %q: %v", out, err)
	}
	var bound []string
	for port, bs := range ports {
		for _, b := range bs {
			bound = append(bound, fmt.Sprintf("%s:%s->%s", b.HostIp, b.HostPort, port))
			if b.HostIp != "127.0.0.1" {
				t.Errorf("container port %s is published on %s:%s: want 127.0.0.1 only", port, b.HostIp, b.HostPort)
			}
		}
	}
	if want := fmt.Sprintf("127.0.0.1:%d->8888/tcp", e.port); len(bound) != 1 || bound[0] != want {
		t.Errorf("published ports = %v, want exactly [%s]", bound, want)
	}
	gw, err := dkeRun(context.Background(), time.Minute, nil, "", e.docker, "inspect", "--format",
		"{{range .NetworkSettings.Networks}}{{.Gateway}} {{end}}", cid)
	if err != nil {
		t.Fatalf("docker inspect gateway: %v %s", err, gw)
	}
	var probed []string
	for _, ip := range strings.Fields(gw) {
		addr := net.JoinHostPort(ip, strconv.Itoa(e.port))
		if c, err := net.DialTimeout("tcp", addr, 3*time.Second); err == nil {
			c.Close()
			t.Errorf("the lab's port answers on %s (the compose network's gateway, an address of this host): want 127.0.0.1 only", addr)
		}
		probed = append(probed, addr)
	}
	if len(probed) == 0 {
		t.Errorf("the container has no network gateway to probe (%q)", gw)
	}
	e.note("published: %v; nothing answers on %v", bound, probed)
}

// checkNonRoot: every process in the container runs as the host user, PID 1 is tini.
func (e *dke) checkNonRoot(cid string) {
	t := e.t
	script := `import os
for p in sorted((d for d in os.listdir('/proc') if d.isdigit()), key=int):
    try:
        uid = [l.split()[1] for l in open('/proc/%s/status' % p) if l.startswith('Uid:')][0]
        cmd = open('/proc/%s/cmdline' % p, 'rb').read().replace(b'\0', b' ').decode().strip()
    except OSError:
        continue
    print('PROC', p, uid, ' '.join(cmd.split()))`
	out := e.mustExec(time.Minute, cid, "python3", "-c", script)
	var jupyter, tini bool
	n := 0
	// Only the lines the script marks: a command line (this script's own) may hold newlines,
	// which the script folds, and nothing else the exec prints is a process.
	for _, l := range strings.Split(out, "\n") {
		rest, ok := strings.CutPrefix(l, "PROC ")
		if !ok {
			continue
		}
		f := strings.SplitN(rest, " ", 3)
		if len(f) < 3 {
			t.Errorf("process line %q: want PROC pid uid command", l)
			continue
		}
		n++
		if f[1] != strconv.Itoa(e.uid) || f[1] == "0" {
			t.Errorf("process %s (%s) runs as uid %s, want the host user %d (non-root)", f[0], f[2], f[1], e.uid)
		}
		if f[0] == "1" {
			tini = strings.HasPrefix(f[2], "/usr/bin/tini")
			if !tini {
				t.Errorf("PID 1 is %q, want tini", f[2])
			}
		}
		jupyter = jupyter || strings.Contains(f[2], "jupyter-lab")
	}
	if n == 0 || !tini {
		t.Errorf("no process or no PID 1 in the listing of the container's processes:\n%s", out)
	}
	if !jupyter {
		t.Errorf("no jupyter-lab process in the container:\n%s", out)
	}
	e.note("processes: %d, all uid %d (non-root), PID 1 tini, jupyter-lab running", n, e.uid)
}

// checkNotebook00 executes notebook 00 inside the container with nbconvert and the GoNB kernel.
func (e *dke) checkNotebook00(cid string) {
	t := e.t
	const nb = "00_setup_tour.ipynb"
	outDir := "/tmp/e2e-" + e.project
	start := time.Now()
	out, err := e.composeRun(15*time.Minute, "exec", "-T", "lab", "jupyter-nbconvert", "--to", "notebook", "--execute",
		"--ExecutePreprocessor.kernel_name=gonb", "--ExecutePreprocessor.timeout=600",
		"--output-dir", outDir, "notebooks/"+nb)
	took := time.Since(start).Round(time.Second)
	if err != nil {
		t.Fatalf("notebook %s in the container: nbconvert: %v\n%s", nb, err, dkeTail(out, 4000))
	}
	data := e.mustExec(time.Minute, cid, "cat", outDir+"/"+nb)
	lines, problems := nbScan([]byte(data))
	for _, p := range problems {
		t.Errorf("notebook %s in the container: %s", nb, p)
	}
	if missing := nbMissing(nbRequired[nb], lines); len(missing) > 0 {
		t.Errorf("notebook %s in the container: missing ok lines %q", nb, missing)
	}
	var backendLine string
	for _, l := range lines {
		if l.Name == "backend_chosen" {
			backendLine = l.Text
		}
	}
	if e.xla == "none" || e.xla == "" {
		// No plugin in the image: the backend must fall back to pure Go and say why.
		if !strings.Contains(backendLine, "config=go:") {
			t.Errorf("notebook %s in an image without XLA: backend line %q, want the pure-Go backend", nb, backendLine)
		}
		if !strings.Contains(data, "no XLA PJRT plugin installed") || !strings.Contains(data, "using the pure-Go backend") {
			t.Errorf("notebook %s in an image without XLA does not say that it falls back to the pure-Go backend", nb)
		}
	} else if !strings.Contains(backendLine, "config=xla:") {
		t.Errorf("notebook %s in an image with XLA_PLUGINS=%s: backend line %q, want an XLA backend", nb, e.xla, backendLine)
	}
	_, _ = dkeRun(context.Background(), time.Minute, nil, "", e.docker, "exec", cid, "rm", "-rf", outDir)
	e.note("notebook 00 in the container (nbconvert, GoNB kernel, LOSSCOURSE_FAST=1): %d CHECK lines ok in %s; %s", len(lines), took, backendLine)
}

// checkOwner: the file the container wrote under the bind mount belongs to the host user.
func (e *dke) checkOwner(path string) {
	st, err := os.Stat(path)
	if err != nil {
		e.t.Fatalf("the file written in the container under the bind mount is not on the host: %v", err)
	}
	sys, ok := st.Sys().(*syscall.Stat_t)
	if !ok {
		e.t.Skip("no uid/gid on this platform")
	}
	if int(sys.Uid) != e.uid || int(sys.Gid) != e.gid {
		e.t.Errorf("%s written in the container is owned by %d:%d on the host, want the host user %d:%d", filepath.Base(path), sys.Uid, sys.Gid, e.uid, e.gid)
	}
	e.note("file written in the container under the bind mount: owned by %d:%d on the host", sys.Uid, sys.Gid)
}

// mustExec runs a command in the container (as its user) and returns its stdout.
func (e *dke) mustExec(timeout time.Duration, cid string, args ...string) string {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, e.docker, append([]string{"exec", cid}, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		e.t.Fatalf("docker exec %s: %v\n%s%s", strings.Join(args, " "), err, dkeTail(stdout.String(), 2000), dkeTail(stderr.String(), 2000))
	}
	return stdout.String()
}

// dkeRun runs a command with a bounded time and returns its combined output.
func dkeRun(parent context.Context, timeout time.Duration, env []string, dir, name string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(parent, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env, cmd.Dir = env, dir
	cmd.WaitDelay = 10 * time.Second
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if ctx.Err() == context.DeadlineExceeded {
		err = fmt.Errorf("%s %s: timed out after %s", filepath.Base(name), strings.Join(args, " "), timeout)
	}
	return out.String(), err
}

func dkeTail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}

func dkeRandom(t *testing.T, n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

// dkeFreePort returns a TCP port free on 127.0.0.1 at the time of the call.
func dkeFreePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
