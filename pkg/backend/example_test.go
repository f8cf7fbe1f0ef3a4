package backend_test

import (
	"fmt"
	"os"

	"github.com/losscourse/losscourse/pkg/backend"
)

func ExampleChoose() {
	// $GOMLX_BACKEND always wins; without it, an installed XLA plugin, else the pure-Go backend.
	os.Setenv(backend.EnvVar, "xla:cpu")
	defer os.Unsetenv(backend.EnvVar)
	c := backend.Choose()
	fmt.Println(c.Config, "—", c.Reason)
	// An explicit pure-Go backend gets the sequential executor (the parallel one deadlocks).
	os.Setenv(backend.EnvVar, "go")
	fmt.Println(backend.Choose().Config)
	// Output:
	// xla:cpu — $GOMLX_BACKEND is set
	// go:ops_sequential
}

func ExampleNew() {
	backend.Quiet = true // New logs one line saying which backend and why; silenced here
	defer func() { backend.Quiet = false }()
	b, choice, err := backend.New()
	if err != nil {
		panic(err) // only when an explicit $GOMLX_BACKEND cannot start
	}
	defer b.Finalize()
	fmt.Println(choice.Config != "")
	// Output: true
}

func ExampleDefault() {
	// One backend for the whole process, started on first use.
	fmt.Println(backend.Default() == backend.Default())
	// Output: true
}

func ExampleInstalledPlugins() {
	// Lists XLA PJRT plugins already on this machine; it never downloads anything.
	plugins := backend.InstalledPlugins()
	fmt.Println(plugins != nil)
	// Output: true
}
