package backend_test

import (
	"fmt"
	"os"

	"github.com/losscourse/losscourse/pkg/backend"
)

func ExampleChoose() {
	// $GOMLX_BACKEND always wins; without it, an installed XLA plugin, else the pure-Go backend.
	os.Setenv(backend.EnvVar, "go")
	defer os.Unsetenv(backend.EnvVar)
	c := backend.Choose()
	fmt.Println(c.Config, "—", c.Reason)
	// Output: go — $GOMLX_BACKEND is set
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
