//go:build losscourse_noxla

package backend

// XLALinked reports whether the XLA backend is compiled into this program: false
// only when built with the tag losscourse_noxla (see the package documentation).
const XLALinked = false

// noPluginReason starts the reason of the pure-Go choice: without XLA compiled in,
// plugins are not looked for (scripts/gonb-env.sh sets the tag only where none is installed).
const noPluginReason = "XLA left out of this build by the tag losscourse_noxla (set where no XLA PJRT plugin is installed)"

// availablePlugins returns nil: the XLA backend is not compiled in.
func availablePlugins() map[string]string { return nil }
