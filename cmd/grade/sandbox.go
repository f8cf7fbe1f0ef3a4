package main

// Running a compiled test binary: inside a bubblewrap sandbox where the
// platform allows it, otherwise directly (with a warning).
//
// The sandbox (bwrap) gets: new user, PID, network, IPC, UTS and cgroup
// namespaces (no network at all), no capabilities, an empty environment, a
// fresh tmpfs /tmp, a minimal /dev, the system's shared-library directories
// read-only (test binaries link libc), the test binary itself at
// /grade/exercise.test (mode 0111: executable, not readable) and the
// exercise's canonical testdata read-only as the working directory. Nothing
// else of the host exists inside: not the repository, not the hidden tests
// (which were compiled in and deleted before the run), not the other
// exercises, not the grader, not the module cache.

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

type sandbox struct {
	Kind    string // "bubblewrap" or "none"
	Reason  string // why there is no sandbox (Kind == "none")
	bwrap   string
	userns  bool
	prlimit string
	memory  int64 // RLIMIT_AS for the test process, bytes (0: unlimited)
}

const (
	sandboxBin = "/grade/exercise.test"
	sandboxDir = "/grade/exercise"
	probeArg   = "__grade-sandbox-probe"
)

// sandboxProbe is what the grader binary does when started as the probe inside
// a candidate sandbox: it says hello on fd 3 (checking that the result channel
// passes through) and reports what it can see.
func sandboxProbe() {
	f := os.NewFile(3, "probe")
	_, err := f.WriteString("sandbox ok\n")
	if err != nil {
		os.Exit(3)
	}
	os.Exit(0)
}

// detectSandbox picks the sandbox according to mode ("auto", "bwrap" or "none").
func detectSandbox(mode string, memory int64) (*sandbox, error) {
	s := &sandbox{Kind: "none", memory: memory}
	if p, err := exec.LookPath("prlimit"); err == nil {
		s.prlimit = p
	}
	switch mode {
	case "none":
		s.Reason = "disabled with --sandbox=none"
		return s, nil
	case "auto", "bwrap":
	default:
		return nil, fmt.Errorf("--sandbox=%s: want auto, bwrap or none", mode)
	}
	reason := bwrapProbe(s)
	if reason == "" {
		s.Kind = "bubblewrap"
		return s, nil
	}
	if mode == "bwrap" {
		return nil, fmt.Errorf("--sandbox=bwrap: %s", reason)
	}
	s.Reason = reason
	return s, nil
}

// bwrapProbe tries bwrap with a user namespace, then without; it returns why
// neither works ("" when one does, recorded in s).
func bwrapProbe(s *sandbox) string {
	path, err := exec.LookPath("bwrap")
	if err != nil {
		return "bubblewrap (bwrap) is not installed (Debian/Ubuntu: apt-get install bubblewrap)"
	}
	self, err := os.Executable()
	if err != nil {
		return "cannot locate the grader's own binary for the sandbox probe: " + err.Error()
	}
	s.bwrap = path
	var msgs []string
	for _, userns := range []bool{true, false} {
		s.userns = userns
		out, err := s.probeOnce(self)
		if err == nil {
			return ""
		}
		msgs = append(msgs, fmt.Sprintf("%v: %s", err, strings.TrimSpace(firstLines(out, 3))))
	}
	s.bwrap = ""
	return "bubblewrap does not work here (" + strings.Join(msgs, "; ") + ")"
}

func (s *sandbox) probeOnce(self string) (string, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return "", err
	}
	defer r.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := s.command(ctx, self, "", os.TempDir(), []string{probeArg})
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.ExtraFiles = []*os.File{w}
	err = cmd.Start()
	w.Close()
	if err != nil {
		return out.String(), err
	}
	buf := make([]byte, 64)
	n, _ := r.Read(buf)
	if err := cmd.Wait(); err != nil {
		return out.String(), err
	}
	if string(buf[:n]) != "sandbox ok\n" {
		return out.String(), fmt.Errorf("the probe's result channel did not pass through the sandbox")
	}
	return out.String(), nil
}

// command returns the command that runs bin with args: in the sandbox, with
// runDir as the read-only working directory ("" for an empty one) and, without
// a sandbox, tmpDir as HOME and TMPDIR. The caller sets ExtraFiles and output.
func (s *sandbox) command(ctx context.Context, bin, runDir, tmpDir string, args []string) *exec.Cmd {
	var argv []string
	if s.prlimit != "" {
		argv = append(argv, s.prlimit, "--core=0", "--fsize="+strconv.FormatInt(1<<30, 10))
		if s.memory > 0 {
			argv = append(argv, "--as="+strconv.FormatInt(s.memory, 10))
		}
		argv = append(argv, "--")
	}
	if s.bwrap == "" {
		// No sandbox: run directly, in its own process group, with a minimal environment.
		argv = append(argv, bin)
		argv = append(argv, args...)
		cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
		cmd.Dir = runDir
		cmd.Env = []string{"HOME=" + tmpDir, "TMPDIR=" + tmpDir, "PATH=/usr/bin:/bin"}
		setProcessGroup(cmd)
		return cmd
	}
	argv = append(argv, s.bwrap,
		"--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
		"--clearenv", "--setenv", "HOME", "/tmp", "--setenv", "TMPDIR", "/tmp", "--setenv", "PATH", "/usr/bin:/bin",
		"--dev", "/dev", "--tmpfs", "/tmp")
	if s.userns {
		argv = append(argv, "--unshare-user", "--uid", "65534", "--gid", "65534")
	}
	argv = append(argv, libraryBinds()...)
	argv = append(argv, "--ro-bind", bin, sandboxBin)
	if runDir != "" {
		argv = append(argv, "--ro-bind", runDir, sandboxDir)
	} else {
		argv = append(argv, "--dir", sandboxDir)
	}
	argv = append(argv, "--chdir", sandboxDir, "--", sandboxBin)
	argv = append(argv, args...)
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Env = []string{}
	setProcessGroup(cmd)
	return cmd
}

// libraryBinds returns bwrap arguments that make the system's shared libraries
// (and the dynamic loader's configuration) visible read-only: symbolic links
// such as /lib -> usr/lib are recreated, directories bound.
func libraryBinds() []string {
	var a []string
	for _, p := range []string{"/usr/lib", "/usr/lib32", "/usr/lib64", "/usr/libx32", "/lib", "/lib32", "/lib64", "/libx32",
		"/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d"} {
		fi, err := os.Lstat(p)
		if err != nil {
			continue
		}
		if fi.Mode()&os.ModeSymlink != 0 {
			if target, err := os.Readlink(p); err == nil {
				a = append(a, "--symlink", target, p)
			}
			continue
		}
		a = append(a, "--ro-bind", p, p)
	}
	return a
}

// describe is the one-line description printed with the report.
func (s *sandbox) describe() string {
	if s.Kind == "bubblewrap" {
		return "bubblewrap"
	}
	return "none (" + s.Reason + ")"
}

// runDirFor writes the exercise's canonical testdata (if any) into a fresh
// directory, the tests' working directory.
func runDirFor(work string, ex *exerciseSpec) (string, error) {
	dir := filepath.Join(work, "run")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	return dir, writeFiles(dir, ex.Testdata)
}
