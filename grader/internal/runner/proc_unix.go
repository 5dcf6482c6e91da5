//go:build unix

package runner

import (
	"errors"
	"os/exec"
	"syscall"
)

const exeSuffix = ""

func setGroup(cmd *exec.Cmd) { cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} }

// quit asks the Go runtime in the process for a goroutine dump and an exit.
func quit(cmd *exec.Cmd) { _ = cmd.Process.Signal(syscall.SIGQUIT) }

// killGroup kills the process and everything it started.
func killGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}

// textFileBusy reports whether starting a program failed with ETXTBSY.
func textFileBusy(err error) bool { return errors.Is(err, syscall.ETXTBSY) }
