package unixpeercred

import (
	"bufio"
	"errors"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// socketPath returns a socket path short enough for every platform (Unix
// socket paths are limited to about 104 bytes).
func socketPath(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "k")
	require.NoError(t, err, "the test needs a temporary directory")
	t.Cleanup(func() { os.RemoveAll(dir) })
	return filepath.Join(dir, "s.sock")
}

// requirePeerCred skips the test where the kernel cannot tell who the peer
// of a Unix socket is.
func requirePeerCred(t *testing.T) {
	t.Helper()
	a, b := socketPair(t)
	defer a.Close()
	defer b.Close()
	if _, err := peerUID(a); errors.Is(err, errors.ErrUnsupported) {
		t.Skipf("SO_PEERCRED is not available on %s: this kata needs Linux", runtime.GOOS)
	}
}

func socketPair(t *testing.T) (*net.UnixConn, *net.UnixConn) {
	t.Helper()
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: socketPath(t), Net: "unix"})
	require.NoError(t, err)
	defer ln.Close()
	client, err := net.DialUnix("unix", nil, ln.Addr().(*net.UnixAddr))
	require.NoError(t, err)
	server, err := ln.AcceptUnix()
	require.NoError(t, err)
	return server, client
}

type client struct {
	conn *net.UnixConn
	r    *bufio.Reader
}

func dial(t *testing.T, path string) *client {
	t.Helper()
	conn, err := net.DialUnix("unix", nil, &net.UnixAddr{Name: path, Net: "unix"})
	require.NoError(t, err, "the daemon should accept connections")
	return &client{conn: conn, r: bufio.NewReader(conn)}
}

func (c *client) line(t *testing.T) string {
	t.Helper()
	s, err := c.r.ReadString('\n')
	require.NoError(t, err, "the daemon should answer with a line")
	return s[:len(s)-1]
}

func (c *client) ask(t *testing.T, cmd string) string {
	t.Helper()
	_, err := c.conn.Write([]byte(cmd + "\n"))
	require.NoError(t, err, "the daemon should accept a command")
	return c.line(t)
}

func TestAllowedClientsAreServed(t *testing.T) {
	requirePeerCred(t)
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())

	path := socketPath(t)
	srv, err := Listen(path, os.Getuid())
	require.NoError(t, err, "the daemon should listen on %s", path)

	for range 3 { // three short-lived clients, one after the other
		c := dial(t, path)
		assert.Regexp(t, `^HELLO uid=\d+$`, c.line(t), "the daemon should greet an allowed client")
		assert.Equal(t, "PONG", c.ask(t, "PING"), "PING should get PONG")
		assert.Equal(t, "OK disks=healthy backups=fresh", c.ask(t, "STATUS"), "STATUS should report the status")
		assert.Equal(t, "ERR unknown command REBOOT", c.ask(t, "REBOOT"), "an unknown command should be refused")
		require.NoError(t, c.conn.Close(), "the client leaves")
	}

	require.NoError(t, srv.Close(), "the daemon should stop cleanly")
}

func TestOtherUsersAreDenied(t *testing.T) {
	requirePeerCred(t)
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())

	path := socketPath(t)
	srv, err := Listen(path, os.Getuid()+1)
	require.NoError(t, err, "the daemon should listen on %s", path)

	c := dial(t, path)
	assert.Equal(t, "DENIED", c.line(t), "a client running as another user should be denied")
	_, err = c.r.ReadString('\n')
	assert.Error(t, err, "the daemon should hang up on a denied client")
	require.NoError(t, c.conn.Close())

	require.NoError(t, srv.Close(), "the daemon should stop cleanly")
}
