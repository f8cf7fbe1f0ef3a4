//go:build !unix

package losses

// processCPUTime is not available on this platform: cpu-ns/op is not reported.
func processCPUTime() int64 { return -1 }
