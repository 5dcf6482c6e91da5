//go:build !linux && !darwin

package unixpeercred

import (
	"errors"
	"net"
)

// peerCred is implemented for Linux (SO_PEERCRED) and macOS
// (LOCAL_PEERCRED): elsewhere the daemon cannot tell who its clients are.
func peerCred(*net.UnixConn) (Peer, error) {
	return Peer{}, errors.ErrUnsupported
}
