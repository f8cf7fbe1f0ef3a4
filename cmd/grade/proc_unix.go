//go:build unix

package main

import (
	"os/exec"
	"syscall"
)

// setProcessGroup puts the command in its own process group and makes the
// context's cancellation kill the whole group (go test spawns the compiler).
func setProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}

// killGroup kills what is left of the command's process group after it ended
// (a child the test process started and left behind).
func killGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}
