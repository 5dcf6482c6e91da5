//go:build windows

package runner

import "os/exec"

const exeSuffix = ".exe"

func setGroup(cmd *exec.Cmd) {}

// quit has no SIGQUIT on Windows: the test binary's own -test.timeout prints the dump.
func quit(cmd *exec.Cmd) {}

func killGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		_ = cmd.Process.Kill()
	}
}

// textFileBusy reports whether starting a program failed with ETXTBSY, which Windows does not have.
func textFileBusy(error) bool { return false }
