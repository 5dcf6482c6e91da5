//go:build !unix

package signalunbuffered

import (
	"errors"
	"syscall"
)

const canSignalSelf = false

// kill is only possible where a process can send itself a Unix signal.
func kill(syscall.Signal) error { return errors.ErrUnsupported }
