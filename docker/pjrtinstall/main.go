// Command pjrtinstall installs the XLA PJRT plugins the course image uses, with
// go-xla's own installer package (github.com/gomlx/go-xla/installer), at the
// versions pinned by this module's go.mod — so the image never depends on
// "latest".
//
// go-xla v0.4.1 ships the installer as a package but no installer command in
// its module, hence this tiny wrapper. It is run once, at image build time
// (docker/Dockerfile); the course itself never downloads anything: pkg/backend
// disables GoMLX's auto-install and only uses plugins that are already there.
//
// Usage:
//
//	go run ./docker/pjrtinstall -plugins cpu -path /usr/local/lib/go-xla
//	go run ./docker/pjrtinstall -plugins cpu,cuda13 -cuda-version 0.12.0.1 -path /usr/local/lib/go-xla
//
// The CPU plugin version is go-xla's tested default (pjrt.DefaultCPUVersion,
// v0.114.0 for go-xla v0.4.1). The CUDA plugin comes from JAX's jax-cuda13-pjrt
// (or jax-cuda12-pjrt) wheel on PyPI, whose sha256 go-xla checks, together with
// the NVIDIA libraries it depends on; only the NVIDIA driver must come from the host.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"strings"

	"github.com/gomlx/go-xla/installer"
	"github.com/gomlx/go-xla/pjrt"
)

func main() {
	plugins := flag.String("plugins", "cpu", `comma-separated plugins to install: "cpu", "cuda13", "cuda12"`)
	path := flag.String("path", "/usr/local/lib/go-xla", "directory the plugins go to (pkg/backend searches /usr/local/lib/go-xla and ~/.local/lib/go-xla)")
	cpuVersion := flag.String("cpu-version", pjrt.DefaultCPUVersion, "version of the CPU PJRT plugin (a release of github.com/gomlx/pjrt-cpu-binaries)")
	cudaVersion := flag.String("cuda-version", "0.12.0.1", "version of JAX's jax-cudaNN-pjrt wheel")
	flag.Parse()

	platform := runtime.GOOS + "_" + runtime.GOARCH
	for _, p := range strings.Split(*plugins, ",") {
		p = strings.TrimSpace(p)
		var err error
		switch p {
		case "":
			continue
		case "cpu":
			err = installer.CPUInstall(platform, *cpuVersion, *path, false, installer.Normal)
		case "cuda12", "cuda13":
			err = installer.CudaInstall(p, *cudaVersion, *path, false, installer.Normal)
		default:
			err = fmt.Errorf("unknown plugin %q (want cpu, cuda12 or cuda13)", p)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "pjrtinstall: installing %q into %s: %v\n", p, *path, err)
			os.Exit(1)
		}
		fmt.Printf("\npjrtinstall: %q installed into %s\n", p, *path)
	}
}
