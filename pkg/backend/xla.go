//go:build !losscourse_noxla

package backend

import (
	"github.com/gomlx/go-xla/compute/xla" // registers "xla"
	"github.com/gomlx/go-xla/pjrt"
)

// XLALinked reports whether the XLA backend is compiled into this program: false
// only when built with the tag losscourse_noxla (see the package documentation).
const XLALinked = true

// noPluginReason starts the reason of the pure-Go choice when no plugin is found.
const noPluginReason = "no XLA PJRT plugin installed"

func init() {
	// Never let GoMLX try to download plugins: this course must start offline.
	xla.EnableAutoInstall(false)
}

// availablePlugins lists the installed PJRT plugins (name → path), downloading nothing.
func availablePlugins() map[string]string { return pjrt.AvailablePlugins() }
