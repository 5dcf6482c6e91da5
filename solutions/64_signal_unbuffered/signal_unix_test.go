//go:build unix

package signalunbuffered

import (
	"os"
	"syscall"
)

const canSignalSelf = true

// kill sends sig to this very process, as `kill -HUP <pid>` would.
func kill(sig syscall.Signal) error { return syscall.Kill(os.Getpid(), sig) }
