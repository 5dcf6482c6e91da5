//go:build !unix && !windows

package runner

import "os/exec"

const exeSuffix = ""

func setGroup(cmd *exec.Cmd) {}
func quit(cmd *exec.Cmd)     {}
func killGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		_ = cmd.Process.Kill()
	}
}

// textFileBusy reports whether starting a program failed with ETXTBSY.
func textFileBusy(error) bool { return false }
