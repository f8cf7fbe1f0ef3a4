package nll

import (
	_ "testing"
	_ "unsafe"
)

//go:linkname testingShort testing.short
var testingShort *bool
