//go:build unix

package losses

import "syscall"

// processCPUTime is the CPU time (user + system, all threads) this process has
// used so far, in nanoseconds, or −1 if it cannot be read.
func processCPUTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return -1
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
