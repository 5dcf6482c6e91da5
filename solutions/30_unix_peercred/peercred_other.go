//go:build !linux

package unixpeercred

import (
	"errors"
	"net"
)

// peerUID is only implemented with Linux's SO_PEERCRED.
func peerUID(*net.UnixConn) (int, error) {
	return 0, errors.ErrUnsupported
}
