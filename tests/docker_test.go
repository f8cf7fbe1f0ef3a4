package tests

// Checks of the container set-up (docker/Dockerfile, docker/docker-compose.yml) that
// need no Docker engine: a Debian trixie base, Jupyter from Debian, Go through the
// module proxy at a pinned version, the optional extra CA, a non-root user, token
// authentication, a loopback-only port, the repository mounted for the learner's work,
// a health check, the GPU profile, and that the image is set up by the same
// scripts/lab.sh as the non-Docker lab. When docker-compose (v1) or `docker compose`
// (v2) is installed, the compose file is also validated by Compose itself.
// docker_e2e_test.go builds and runs the image for real.

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// dkInstr is one Dockerfile instruction, continuation lines joined.
type dkInstr struct {
	Cmd  string // upper-case instruction: FROM, RUN, USER, ...
	Args string // the rest of the instruction, continuation lines joined with spaces
	Line int    // 1-based line where the instruction starts
}

// dkRepoRoot returns the repository root (the parent of tests/).
func dkRepoRoot(t *testing.T) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Dir(wd)
}

// dkRead reads a file relative to the repository root.
func dkRead(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dkRepoRoot(t), rel))
	if err != nil {
		t.Fatalf("reading %s: %v", rel, err)
	}
	return string(b)
}

// dkParseDockerfile splits a Dockerfile into instructions (comments dropped,
// backslash continuations joined).
func dkParseDockerfile(t *testing.T, text string) []dkInstr {
	t.Helper()
	var out []dkInstr
	var cur strings.Builder
	start := 0
	sc := bufio.NewScanner(strings.NewReader(text))
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "#") || (line == "" && cur.Len() == 0) {
			continue
		}
		if cur.Len() == 0 {
			start = n
		}
		cont := strings.HasSuffix(line, "\\")
		cur.WriteString(strings.TrimSuffix(line, "\\"))
		cur.WriteString(" ")
		if cont {
			continue
		}
		full := strings.TrimSpace(cur.String())
		cur.Reset()
		if full == "" {
			continue
		}
		cmd, args, _ := strings.Cut(full, " ")
		out = append(out, dkInstr{Cmd: strings.ToUpper(cmd), Args: strings.TrimSpace(args), Line: start})
	}
	if cur.Len() != 0 {
		t.Fatalf("Dockerfile ends inside a continued instruction starting at line %d", start)
	}
	return out
}

// dkArgs returns the default values of the Dockerfile's ARG instructions.
func dkArgs(instrs []dkInstr) map[string]string {
	args := map[string]string{}
	for _, in := range instrs {
		if in.Cmd != "ARG" {
			continue
		}
		name, val, _ := strings.Cut(in.Args, "=")
		args[strings.TrimSpace(name)] = strings.Trim(strings.TrimSpace(val), `"`)
	}
	return args
}

// dkRuns returns the text of every RUN instruction, joined by newlines.
func dkRuns(instrs []dkInstr) string {
	var b strings.Builder
	for _, in := range instrs {
		if in.Cmd == "RUN" {
			b.WriteString(in.Args)
			b.WriteString("\n")
		}
	}
	return b.String()
}

func dkDockerfile(t *testing.T) []dkInstr {
	t.Helper()
	instrs := dkParseDockerfile(t, dkRead(t, "docker/Dockerfile"))
	if len(instrs) == 0 {
		t.Fatal("docker/Dockerfile has no instructions")
	}
	return instrs
}

// dkCompose is the part of a Compose file these tests look at.
type dkCompose struct {
	Services map[string]dkService `yaml:"services"`
}

type dkService struct {
	Image       string            `yaml:"image"`
	User        string            `yaml:"user"`
	Profiles    []string          `yaml:"profiles"`
	Ports       []string          `yaml:"ports"`
	Environment map[string]string `yaml:"environment"`
	Build       struct {
		Context    string            `yaml:"context"`
		Dockerfile string            `yaml:"dockerfile"`
		Args       map[string]string `yaml:"args"`
	} `yaml:"build"`
	Volumes []struct {
		Type   string `yaml:"type"`
		Source string `yaml:"source"`
		Target string `yaml:"target"`
	} `yaml:"volumes"`
	Deploy struct {
		Resources struct {
			Reservations struct {
				Devices []struct {
					Driver       string   `yaml:"driver"`
					Count        any      `yaml:"count"`
					Capabilities []string `yaml:"capabilities"`
				} `yaml:"devices"`
			} `yaml:"reservations"`
		} `yaml:"resources"`
	} `yaml:"deploy"`
}

func dkLoadCompose(t *testing.T) dkCompose {
	t.Helper()
	var c dkCompose
	if err := yaml.Unmarshal([]byte(dkRead(t, "docker/docker-compose.yml")), &c); err != nil {
		t.Fatalf("docker/docker-compose.yml is not valid YAML for these checks: %v", err)
	}
	if len(c.Services) == 0 {
		t.Fatal("docker/docker-compose.yml defines no services")
	}
	return c
}

var dkSemver = regexp.MustCompile(`^\d+\.\d+\.\d+(\.\d+)?$`)

// dkFromImages returns the images of the Dockerfile's FROM lines, ${ARG}s resolved to their defaults.
func dkFromImages(t *testing.T, instrs []dkInstr) []string {
	t.Helper()
	args := dkArgs(instrs)
	var froms []string
	for _, in := range instrs {
		if in.Cmd == "FROM" {
			img := strings.Fields(in.Args)[0]
			img = regexp.MustCompile(`\$\{?(\w+)\}?`).ReplaceAllStringFunc(img, func(ref string) string {
				return args[strings.Trim(ref, "${}")]
			})
			froms = append(froms, img)
		}
	}
	if len(froms) == 0 {
		t.Fatal("docker/Dockerfile has no FROM instruction")
	}
	return froms
}

// TestDockerBaseImagePinned: the base is Debian trixie (slim), named by its release (or
// a digest), and docker/debian-base.sh builds exactly that image where no registry is reachable.
func TestDockerBaseImagePinned(t *testing.T) {
	pinned := regexp.MustCompile(`^debian:trixie(-slim)?(@sha256:[0-9a-f]{64})?$|^debian@sha256:[0-9a-f]{64}$`)
	froms := dkFromImages(t, dkDockerfile(t))
	for _, img := range froms {
		if !pinned.MatchString(img) {
			t.Errorf("FROM %q: want Debian trixie, debian:trixie-slim (or a digest): JupyterLab and the other packages come from its archive", img)
		}
	}
	script := dkRead(t, "docker/debian-base.sh")
	for _, want := range []string{`tag="${1:-` + froms[0] + `}"`, `suite="${DEBIAN_SUITE:-trixie}"`, "debootstrap --variant=minbase", "docker import"} {
		if !strings.Contains(script, want) {
			t.Errorf("docker/debian-base.sh lacks %q: it must build the Dockerfile's base image %s with debootstrap", want, froms[0])
		}
	}
}

func TestDockerNoLatestTags(t *testing.T) {
	for _, f := range []string{"docker/Dockerfile", "docker/docker-compose.yml"} {
		text := dkRead(t, f)
		for i, line := range strings.Split(text, "\n") {
			if strings.Contains(line, ":latest") || strings.Contains(line, "@latest") {
				t.Errorf("%s:%d uses an unpinned \"latest\": %s", f, i+1, strings.TrimSpace(line))
			}
		}
	}
	for name, s := range dkLoadCompose(t).Services {
		if s.Image != "" && !strings.Contains(s.Image, ":") {
			t.Errorf("compose service %q: image %q has no tag (means :latest)", name, s.Image)
		}
	}
}

// TestDockerGoToolchainPinned: Go comes from the module proxy as the exact toolchain
// golang.org/toolchain@v0.0.1-go${GO_VERSION}, which the go command verifies against the
// checksum database; nothing in the Dockerfile turns that verification off, and the
// image never switches to another toolchain (GOTOOLCHAIN=local).
func TestDockerGoToolchainPinned(t *testing.T) {
	instrs := dkDockerfile(t)
	args := dkArgs(instrs)
	goVersion := args["GO_VERSION"]
	if !dkSemver.MatchString(goVersion) {
		t.Fatalf("ARG GO_VERSION = %q, want an exact version like 1.26.8", goVersion)
	}
	// The image's Go must satisfy the module's `go` line.
	var modGo string
	for _, line := range strings.Split(dkRead(t, "go.mod"), "\n") {
		if strings.HasPrefix(line, "go ") {
			modGo = strings.TrimSpace(strings.TrimPrefix(line, "go "))
		}
	}
	if dkVersionLess(goVersion, modGo) {
		t.Errorf("ARG GO_VERSION = %s is older than go.mod's `go %s`", goVersion, modGo)
	}
	runs := dkRuns(instrs)
	for _, want := range []string{`GOTOOLCHAIN="go${GO_VERSION}"`, "golang.org/toolchain@v0.0.1-go${GO_VERSION}", "golang-go"} {
		if !strings.Contains(runs, want) {
			t.Errorf("no RUN instruction contains %q: Go must come through the module proxy at the pinned version", want)
		}
	}
	for _, in := range instrs {
		for _, bad := range []string{"GOSUMDB=off", "GONOSUMDB", "GONOSUMCHECK", "GOINSECURE", "-insecure", "GOFLAGS=-mod=mod"} {
			if strings.Contains(in.Args, bad) {
				t.Errorf("line %d weakens the Go checksum verification (%s): %s", in.Line, bad, in.Args)
			}
		}
	}
	env := ""
	for _, in := range instrs {
		if in.Cmd == "ENV" {
			env += in.Args + " "
		}
	}
	if !strings.Contains(env, "GOTOOLCHAIN=local") {
		t.Error("the image must set ENV GOTOOLCHAIN=local: the lab never downloads another Go")
	}
}

// dkVersionLess reports whether dotted version a < b (missing parts count as 0).
func dkVersionLess(a, b string) bool {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < max(len(pa), len(pb)); i++ {
		var x, y int
		if i < len(pa) {
			x = dkAtoi(pa[i])
		}
		if i < len(pb) {
			y = dkAtoi(pb[i])
		}
		if x != y {
			return x < y
		}
	}
	return false
}

func dkAtoi(s string) int {
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			break
		}
		n = n*10 + int(r-'0')
	}
	return n
}

// TestDockerJupyterFromDebian: JupyterLab, nbconvert, ipykernel and tini come from
// Debian's archive (no pip: PyPI is not needed), tini is PID 1, and the stand-in for
// JupyterLab's JavaScript build tools is built by the script the Dockerfile copies.
func TestDockerJupyterFromDebian(t *testing.T) {
	instrs := dkDockerfile(t)
	runs := dkRuns(instrs)
	install := regexp.MustCompile(`apt-get install[^&;]*`).FindAllString(runs, -1)
	joined := strings.Join(install, " ")
	for _, pkg := range []string{"jupyterlab", "jupyter-nbconvert", "python3-ipykernel", "tini", "ca-certificates", "gcc"} {
		if !regexp.MustCompile(`(^|\s)` + regexp.QuoteMeta(pkg) + `(\s|$)`).MatchString(joined) {
			t.Errorf("no `apt-get install` in docker/Dockerfile installs %s (found: %q)", pkg, install)
		}
	}
	if strings.Contains(runs, "pip install") || strings.Contains(runs, "pip3 install") {
		t.Error("docker/Dockerfile uses pip: Jupyter must come from Debian's archive")
	}
	if !strings.Contains(runs, "jupyterlab-runtime-stub.sh") {
		t.Error("docker/Dockerfile does not use docker/jupyterlab-runtime-stub.sh")
	}
	var entry string
	for _, in := range instrs {
		if in.Cmd == "ENTRYPOINT" {
			entry = in.Args
		}
	}
	if !strings.Contains(entry, "tini") {
		t.Errorf("ENTRYPOINT = %q, want tini as PID 1", entry)
	}
}

// TestDockerExtraCA: the optional extra CA certificates of docker/extra-ca/ join the
// image's CA bundle, and git never picks them up.
func TestDockerExtraCA(t *testing.T) {
	instrs := dkDockerfile(t)
	copied := false
	for _, in := range instrs {
		if (in.Cmd == "COPY" || in.Cmd == "ADD") && strings.HasPrefix(in.Args, "docker/extra-ca/ ") {
			copied = true
		}
	}
	if !copied {
		t.Error("docker/Dockerfile does not COPY docker/extra-ca/ (the optional extra CA certificates)")
	}
	if !strings.Contains(dkRuns(instrs), "update-ca-certificates") {
		t.Error("docker/Dockerfile does not run update-ca-certificates after copying the extra CA certificates")
	}
	ignore := dkRead(t, "docker/extra-ca/.gitignore")
	for _, want := range []string{"*", "!.gitignore", "!README.md"} {
		if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(want) + `$`).MatchString(ignore) {
			t.Errorf("docker/extra-ca/.gitignore lacks the line %q: certificates there must never be committed", want)
		}
	}
}

func TestDockerToolsPinnedInToolsGoMod(t *testing.T) {
	mod := dkRead(t, "tools/go.mod")
	for _, tool := range []string{"github.com/janpfeifer/gonb", "golang.org/x/tools/cmd/goimports", "golang.org/x/tools/gopls"} {
		if !regexp.MustCompile(`(?m)^\s*(tool\s+)?` + regexp.QuoteMeta(tool) + `\s*$`).MatchString(mod) {
			t.Errorf("tools/go.mod has no tool directive for %s", tool)
		}
	}
	m := regexp.MustCompile(`(?m)^\s*github\.com/janpfeifer/gonb\s+(v\S+)`).FindStringSubmatch(mod)
	if m == nil {
		t.Fatal("tools/go.mod does not require github.com/janpfeifer/gonb at a version")
	}
	if !regexp.MustCompile(`^v\d+\.\d+\.\d+$`).MatchString(m[1]) {
		t.Errorf("tools/go.mod requires gonb %s, want a released vX.Y.Z", m[1])
	}
}

func TestDockerUsesLabScript(t *testing.T) {
	instrs := dkDockerfile(t)
	if !regexp.MustCompile(`(?m)(^|\s)scripts/lab\.sh --install-only`).MatchString(dkRuns(instrs)) {
		t.Error("docker/Dockerfile must set the lab up with `scripts/lab.sh --install-only` (one recipe for Docker and non-Docker)")
	}
	lab := dkRead(t, "scripts/lab.sh")
	if !strings.Contains(lab, "--install-only") {
		t.Error("scripts/lab.sh does not handle --install-only, which docker/Dockerfile calls")
	}
	// The Dockerfile's RUN … go install of GoNB would be a second recipe.
	if strings.Contains(dkRuns(instrs), "janpfeifer/gonb") {
		t.Error("docker/Dockerfile installs GoNB itself: it must come from scripts/lab.sh (tools/go.mod)")
	}
}

func TestDockerWarmsCachesAndInstallsPJRT(t *testing.T) {
	instrs := dkDockerfile(t)
	runs := dkRuns(instrs)
	for _, want := range []string{"go mod download", "go build ./...", "jupyter-nbconvert", "notebooks/00_setup_tour.ipynb", "./docker/pjrtinstall", "${XLA_PLUGINS}", `"${XLA_PLUGINS}" == none`} {
		if !strings.Contains(runs, want) {
			t.Errorf("no RUN instruction contains %q", want)
		}
	}
	if p := dkArgs(instrs)["XLA_PLUGINS"]; p != "cpu" {
		t.Errorf("ARG XLA_PLUGINS default = %q, want \"cpu\" (the CUDA variant is the build arg cpu,cuda13)", p)
	}
}

func TestDockerRunsAsNonRoot(t *testing.T) {
	instrs := dkDockerfile(t)
	var lastUser, lastCmd *dkInstr
	for i := range instrs {
		switch instrs[i].Cmd {
		case "USER":
			lastUser = &instrs[i]
		case "CMD", "ENTRYPOINT":
			lastCmd = &instrs[i]
		}
	}
	if lastUser == nil {
		t.Fatal("docker/Dockerfile has no USER instruction: the image would run as whatever the base says; set USER ${NB_UID}")
	}
	if u := strings.Fields(lastUser.Args)[0]; u == "root" || u == "0" || strings.HasPrefix(u, "0:") || strings.HasPrefix(u, "root:") {
		t.Errorf("line %d: the last USER is %q: the image must end as the non-root notebook user", lastUser.Line, u)
	}
	if lastCmd != nil && strings.Contains(lastCmd.Args, "--allow-root") {
		t.Errorf("line %d: CMD passes --allow-root", lastCmd.Line)
	}
	for _, in := range instrs {
		if strings.Contains(in.Args, "ServerApp.token=''") || strings.Contains(in.Args, `ServerApp.token=""`) ||
			strings.Contains(in.Args, "NotebookApp.token=''") || strings.Contains(in.Args, "disable_check_xsrf") {
			t.Errorf("line %d disables Jupyter's authentication: %s", in.Line, in.Args)
		}
	}
}

func TestDockerHealthcheck(t *testing.T) {
	for _, in := range dkDockerfile(t) {
		if in.Cmd == "HEALTHCHECK" {
			if strings.HasPrefix(strings.TrimSpace(in.Args), "NONE") || !strings.Contains(in.Args, "CMD") {
				t.Errorf("line %d: HEALTHCHECK %q must run a command", in.Line, in.Args)
			}
			return
		}
	}
	t.Error("docker/Dockerfile has no HEALTHCHECK")
}

// TestDockerIgnoreKeepsGitOut: the build context filter is the root .dockerignore, which
// every builder reads (the classic builder and docker-compose v1 ignore per-Dockerfile
// ones), keeps .git out and keeps docker/extra-ca in.
func TestDockerIgnoreKeepsGitOut(t *testing.T) {
	ignore := dkRead(t, ".dockerignore")
	if !regexp.MustCompile(`(?m)^\.git$`).MatchString(ignore) {
		t.Error(".dockerignore must exclude .git from the build context")
	}
	if strings.Contains(ignore, "extra-ca") || regexp.MustCompile(`(?m)^(docker|/docker|\*\*?/?\*\.crt|\*\.crt)$`).MatchString(ignore) {
		t.Error(".dockerignore must not exclude docker/extra-ca/ (the optional extra CA certificates)")
	}
	if _, err := os.Stat(filepath.Join(dkRepoRoot(t), "docker", "Dockerfile.dockerignore")); err == nil {
		t.Error("docker/Dockerfile.dockerignore exists: BuildKit would use it instead of .dockerignore; keep one filter")
	}
}

func TestComposeLoopbackTokenAndWorkVolume(t *testing.T) {
	for name, s := range dkLoadCompose(t).Services {
		t.Run(name, func(t *testing.T) {
			if s.Build.Dockerfile != "docker/Dockerfile" || s.Build.Context != ".." {
				t.Errorf("build = {context %q, dockerfile %q}, want {\"..\", \"docker/Dockerfile\"}", s.Build.Context, s.Build.Dockerfile)
			}
			if len(s.Ports) == 0 {
				t.Error("no published port")
			}
			for _, p := range s.Ports {
				if !strings.HasPrefix(p, "127.0.0.1:") {
					t.Errorf("port %q is not bound to 127.0.0.1: the lab would be reachable from the network", p)
				}
			}
			if tok, ok := s.Environment["JUPYTER_TOKEN"]; !ok || !strings.Contains(tok, "LAB_TOKEN") {
				t.Errorf("environment JUPYTER_TOKEN = %q, want it taken from ${LAB_TOKEN}", tok)
			}
			if u := strings.Split(s.User, ":")[0]; s.User == "" || u == "root" || u == "0" {
				t.Errorf("user = %q, want the host user's uid (default 1000), not root", s.User)
			}
			mounted := false
			for _, v := range s.Volumes {
				if v.Type == "bind" && v.Source == ".." && v.Target == "/home/jovyan/losscourse" {
					mounted = true
				}
			}
			if !mounted {
				t.Errorf("volumes = %+v, want the repository (..) bind-mounted at /home/jovyan/losscourse so the learner's work survives down/up", s.Volumes)
			}
		})
	}
}

func TestComposeGPUProfile(t *testing.T) {
	var gpu []string
	for name, s := range dkLoadCompose(t).Services {
		isGPU := false
		for _, p := range s.Profiles {
			isGPU = isGPU || p == "gpu"
		}
		if !isGPU {
			if len(s.Deploy.Resources.Reservations.Devices) > 0 {
				t.Errorf("service %q reserves devices but is not in the gpu profile", name)
			}
			continue
		}
		gpu = append(gpu, name)
		nvidia := false
		for _, d := range s.Deploy.Resources.Reservations.Devices {
			hasGPU := false
			for _, c := range d.Capabilities {
				hasGPU = hasGPU || c == "gpu"
			}
			nvidia = nvidia || (d.Driver == "nvidia" && hasGPU)
		}
		if !nvidia {
			t.Errorf("gpu service %q: deploy.resources.reservations.devices has no {driver: nvidia, capabilities: [gpu]}", name)
		}
		if b := s.Environment["GOMLX_BACKEND"]; b != "xla:cuda" {
			t.Errorf("gpu service %q: GOMLX_BACKEND = %q, want \"xla:cuda\"", name, b)
		}
		if a := s.Build.Args["XLA_PLUGINS"]; !strings.Contains(a, "cuda") {
			t.Errorf("gpu service %q: build arg XLA_PLUGINS = %q, want the CUDA plugin (e.g. cpu,cuda13)", name, a)
		}
	}
	if len(gpu) != 1 {
		t.Errorf("services in the gpu profile: %v, want exactly one", gpu)
	}
}

// TestComposeConfigValidates asks Compose itself to validate the file, with and
// without the gpu profile. Skipped when neither docker-compose nor docker is installed,
// except when LOSSCOURSE_REQUIRE_COMPOSE=1 (CI sets it: scripts/test.sh installs docker-compose).
func TestComposeConfigValidates(t *testing.T) {
	var base []string
	if p, err := exec.LookPath("docker-compose"); err == nil {
		base = []string{p}
	} else if p, err := exec.LookPath("docker"); err == nil && exec.Command(p, "compose", "version").Run() == nil {
		base = []string{p, "compose"}
	} else if os.Getenv("LOSSCOURSE_REQUIRE_COMPOSE") == "1" {
		t.Fatal("LOSSCOURSE_REQUIRE_COMPOSE=1 but neither docker-compose nor `docker compose` is installed (scripts/test.sh installs docker-compose where apt-get exists)")
	} else {
		t.Skip("neither docker-compose nor `docker compose` is installed: the compose file was checked structurally only (other TestCompose* tests)")
	}
	for _, profile := range []string{"", "gpu"} {
		args := append([]string{}, base[1:]...)
		args = append(args, "-f", filepath.Join(dkRepoRoot(t), "docker/docker-compose.yml"))
		if profile != "" {
			args = append(args, "--profile", profile)
		}
		args = append(args, "config", "--quiet")
		cmd := exec.Command(base[0], args...)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err != nil {
			t.Errorf("%s %s: %v\n%s", base[0], strings.Join(args, " "), err, out.String())
		}
	}
}
