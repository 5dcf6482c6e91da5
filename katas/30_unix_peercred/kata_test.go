package unixpeercred

import (
	"bufio"
	"errors"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

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

// nothingLeftRunning fails, with goleak's list of goroutines, if a goroutine
// is still running once the daemon is closed and every client has left.
func nothingLeftRunning(t *testing.T, opts ...goleak.Option) {
	t.Helper()
	assert.NoError(t, goleak.Find(opts...),
		"a client has left but a goroutine that served its connection is still running; "+
			"a buffer or an idle timeout does not end a writer that waits for lines forever")
}

// closeServer stops the daemon and fails if Close does not return: Close
// waits for the connection handlers, and every client has left by now.
func closeServer(t *testing.T, srv *Server, why string) {
	t.Helper()
	closed := make(chan error, 1)
	go func() { closed <- srv.Close() }()
	select {
	case err := <-closed:
		require.NoError(t, err, "the daemon should stop cleanly")
	case <-time.After(time.Second):
		require.Fail(t, "Close never returns: "+why)
	}
}

func TestAllowedClientsAreServed(t *testing.T) {
	requirePeerCred(t)
	defer nothingLeftRunning(t, goleak.IgnoreCurrent())

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

	closeServer(t, srv, "it waits for a goroutine of a client that has already left, which nothing ever stops")
}

func TestOtherUsersAreDenied(t *testing.T) {
	requirePeerCred(t)
	defer nothingLeftRunning(t, goleak.IgnoreCurrent())

	path := socketPath(t)
	srv, err := Listen(path, os.Getuid()+1)
	require.NoError(t, err, "the daemon should listen on %s", path)

	c := dial(t, path)
	assert.Equal(t, "DENIED", c.line(t), "a client running as another user should be denied")
	_, err = c.r.ReadString('\n')
	assert.Error(t, err, "the daemon should hang up on a denied client")
	require.NoError(t, c.conn.Close())

	closeServer(t, srv, "the handler of a denied client never returns")
}

// A client that shuts its side down for reading makes every write of the
// daemon to it fail. Its commands still arrive; the daemon must not wedge on
// them, and once the client has left, nothing of its connection may be left.
func TestAClientThatStopsReadingDoesNotWedgeTheDaemon(t *testing.T) {
	requirePeerCred(t)
	defer nothingLeftRunning(t, goleak.IgnoreCurrent())

	path := socketPath(t)
	srv, err := Listen(path, os.Getuid())
	require.NoError(t, err, "the daemon should listen on %s", path)

	c := dial(t, path)
	assert.Regexp(t, `^HELLO uid=\d+$`, c.line(t), "the daemon should greet an allowed client")
	require.NoError(t, c.conn.CloseRead(), "the client stops reading")
	_, err = c.conn.Write([]byte(strings.Repeat("PING\n", 5)))
	require.NoError(t, err, "the client can still send commands")
	require.NoError(t, c.conn.Close(), "the client leaves")

	closeServer(t, srv, "the reader of a client whose writes fail blocks on a writer that has given up")
}
