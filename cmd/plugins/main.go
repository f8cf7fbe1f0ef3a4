// Command plugins prints the XLA PJRT plugins installed on this machine, one per
// line (nothing when there is none), as pkg/backend finds them: it never
// downloads anything. scripts/gonb-env.sh uses it to decide whether notebook
// cells may be built without XLA (the build tag losscourse_noxla).
//
//	go run ./cmd/plugins
package main

import (
	"fmt"

	"github.com/losscourse/losscourse/pkg/backend"
)

func main() {
	for _, p := range backend.InstalledPlugins() {
		fmt.Println(p)
	}
}
