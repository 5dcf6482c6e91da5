package unixpeercred

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// clientEnv makes the test binary a client process (see relay).
const clientEnv = "UNIXPEERCRED_CLIENT_OF"

func TestMain(m *testing.M) {
	if path := os.Getenv(clientEnv); path != "" {
		// syscall.Exit, not os.Exit: a binary built with -race sleeps for a
		// second in os.Exit, and the client has nothing to flush.
		syscall.Exit(relay(path))
	}
	goleak.VerifyTestMain(m)
}

// relay runs in a child process: a client with a pid of its own. It obeys
// the test's commands on stdin and answers each with one line on stdout:
// "dial" opens one more connection to the daemon at path, "read N" prints
// the next line the daemon sent on connection N, and "last N" prints the
// next line on connection N and hangs it up. At the end of stdin it hangs
// up the others. Hanging up waits until the daemon has hung up too.
func relay(path string) int {
	type conn struct {
		c *net.UnixConn
		r *bufio.Reader
	}
	var conns []conn
	hangUp := func(c conn) {
		_ = c.c.CloseWrite()
		_, _ = io.Copy(io.Discard, c.r)
		_ = c.c.Close()
	}
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		verb, rest, _ := strings.Cut(in.Text(), " ")
		if verb == "dial" {
			c, err := net.DialUnix("unix", nil, &net.UnixAddr{Name: path, Net: "unix"})
			if err != nil {
				fmt.Println("ERR", err)
				continue
			}
			conns = append(conns, conn{c, bufio.NewReader(c)})
			fmt.Println("dialed")
			continue
		}
		i, err := strconv.Atoi(rest)
		if err != nil || i < 0 || i >= len(conns) {
			fmt.Println("ERR no connection", rest)
			continue
		}
		line, err := conns[i].r.ReadString('\n')
		if err != nil {
			fmt.Println("ERR", err)
			continue
		}
		if verb == "last" {
			hangUp(conns[i])
		}
		fmt.Print(line)
	}
	for _, c := range conns {
		hangUp(c) // again for those hung up already: that does no harm
	}
	return 0
}

// requirePeerCred skips the test where the kernel cannot tell who is on the
// other end of a Unix socket.
func requirePeerCred(t *testing.T) {
	t.Helper()
	ln := listen(t)
	defer ln.Close()
	c, err := net.DialUnix("unix", nil, ln.Addr().(*net.UnixAddr))
	require.NoError(t, err, "the test needs a Unix socket")
	defer c.Close()
	if _, err := peerCred(c); errors.Is(err, errors.ErrUnsupported) {
		t.Skipf("%s cannot tell who is on the other end of a Unix socket: this kata runs on Linux and macOS", runtime.GOOS)
	}
}

// listen opens the daemon's socket, as systemd would, in a directory whose
// path is short enough for every platform (about 104 bytes at most).
func listen(t *testing.T) *net.UnixListener {
	t.Helper()
	dir, err := os.MkdirTemp("", "k")
	require.NoError(t, err, "the test needs a temporary directory")
	t.Cleanup(func() { os.RemoveAll(dir) })
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: filepath.Join(dir, "s.sock"), Net: "unix"})
	require.NoError(t, err, "the test needs a Unix socket")
	return ln
}

// knownUser is a directory that knows one user: the one the test runs as.
func knownUser(name string, admin bool) Directory {
	return func(uid int) (Account, bool) {
		return Account{Name: name, Admin: admin}, uid == os.Getuid()
	}
}

func who(name string, pid int) string {
	return fmt.Sprintf("%s uid=%d pid=%d", name, os.Getuid(), pid)
}

// client is a connection to the daemon from this process.
type client struct {
	conn *net.UnixConn
	r    *bufio.Reader
}

func dial(t *testing.T, ln *net.UnixListener) *client {
	t.Helper()
	conn, err := net.DialUnix("unix", nil, ln.Addr().(*net.UnixAddr))
	require.NoError(t, err, "the daemon should accept connections")
	return &client{conn: conn, r: bufio.NewReader(conn)}
}

func (c *client) line(t *testing.T) string {
	t.Helper()
	s, err := c.r.ReadString('\n')
	require.NoError(t, err, "the daemon should answer with a line")
	return strings.TrimSuffix(s, "\n")
}

func (c *client) ask(t *testing.T, cmd string) string {
	t.Helper()
	_, err := io.WriteString(c.conn, cmd+"\n")
	require.NoError(t, err, "the client should be able to send a command")
	return c.line(t)
}

// leave hangs up and waits until the daemon has hung up too.
func (c *client) leave() {
	_ = c.conn.CloseWrite()
	_, _ = io.Copy(io.Discard, c.r)
	_ = c.conn.Close()
}

// proc is a client process of its own, so the kernel reports another pid
// for its connections than for those of any other client (see relay).
type proc struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Reader
	pid int
}

func startProc(t *testing.T, ln *net.UnixListener) *proc {
	t.Helper()
	exe, err := os.Executable()
	require.NoError(t, err, "the test starts its client processes from its own binary")
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), clientEnv+"="+ln.Addr().String())
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	require.NoError(t, err)
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start(), "the test should start a client process")
	return &proc{cmd: cmd, in: in, out: bufio.NewReader(out), pid: cmd.Process.Pid}
}

// send gives the process commands without waiting for its answers, so that
// the process and the test work at the same time.
func (p *proc) send(t *testing.T, commands ...string) {
	t.Helper()
	_, err := io.WriteString(p.in, strings.Join(commands, "\n")+"\n")
	require.NoError(t, err, "the client process should take commands")
}

// answer returns the process's answer to the next command sent.
func (p *proc) answer(t *testing.T) string {
	t.Helper()
	s, err := p.out.ReadString('\n')
	require.NoError(t, err, "the client process should answer")
	return strings.TrimSuffix(s, "\n")
}

func (p *proc) dial(t *testing.T) {
	t.Helper()
	p.send(t, "dial")
	require.Equal(t, "dialed", p.answer(t), "the client process should connect to the daemon")
}

// hangUp ends the process's input: it hangs up all its connections and exits.
func (p *proc) hangUp() { p.in.Close() }

// wait waits until the process has exited, after hangUp.
func (p *proc) wait() {
	_, _ = io.Copy(io.Discard, p.out)
	_ = p.cmd.Wait()
}

func TestAnAdminIsGreetedAndMayRestart(t *testing.T) {
	requirePeerCred(t)
	ln := listen(t)
	srv := Serve(ln, knownUser("ops", true))
	defer func() { assert.NoError(t, srv.Close(), "the daemon should stop cleanly") }()

	for range 2 { // two clients, one after the other
		c := dial(t, ln)
		me := who("ops", os.Getpid())
		assert.Equal(t, "HELLO "+me, c.line(t),
			"the daemon should greet a known user with the uid and pid the kernel reports")
		assert.Equal(t, me, c.ask(t, "WHOAMI"), "WHOAMI names the client")
		assert.Equal(t, "RESTARTED backup for "+me, c.ask(t, "RESTART backup"), "an admin may restart a service")
		assert.Equal(t, "ERR unknown command REBOOT", c.ask(t, "REBOOT"), "an unknown command is refused")
		c.leave()
	}
}

func TestAUserWhoIsNoAdminMayNotRestart(t *testing.T) {
	requirePeerCred(t)
	ln := listen(t)
	srv := Serve(ln, knownUser("dev", false))
	defer func() { assert.NoError(t, srv.Close(), "the daemon should stop cleanly") }()

	c := dial(t, ln)
	defer c.leave()
	me := who("dev", os.Getpid())
	assert.Equal(t, "HELLO "+me, c.line(t), "the daemon should greet a known user")
	assert.Equal(t, "FORBIDDEN "+me+" may not restart backup", c.ask(t, "RESTART backup"),
		"a user who is no admin may not restart a service")
}

func TestAnUnknownUserIsDenied(t *testing.T) {
	requirePeerCred(t)
	ln := listen(t)
	nobody := func(int) (Account, bool) { return Account{}, false }
	srv := Serve(ln, nobody)
	defer func() { assert.NoError(t, srv.Close(), "the daemon should stop cleanly") }()

	c := dial(t, ln)
	defer c.leave()
	assert.Equal(t, "DENIED", c.line(t), "a uid the directory does not know must be denied")
	_, err := c.r.ReadString('\n')
	assert.ErrorIs(t, err, io.EOF, "the daemon should hang up on a denied client")
}

// lookup is one call to the slow directory, held until the test releases it.
type lookup struct {
	uid     int
	release chan struct{}
}

// slowDirectory is an LDAP server on a bad day: every lookup waits until the
// test releases it.
type slowDirectory struct {
	calls chan lookup
	done  chan struct{} // closed when the test is over: lookups stop waiting
}

func (d *slowDirectory) lookup(uid int) (Account, bool) {
	l := lookup{uid: uid, release: make(chan struct{})}
	select {
	case d.calls <- l:
		select {
		case <-l.release:
		case <-d.done:
		}
	case <-d.done:
	}
	return Account{Name: "ops", Admin: true}, uid == os.Getuid()
}

// next returns the next lookup the daemon makes. The bubble's clock moves
// only when every goroutine of the test and of the daemon is blocked, so
// the minute runs out only if the daemon waits for the test while the test
// waits for the daemon.
func (d *slowDirectory) next(t *testing.T, why string) lookup {
	t.Helper()
	select {
	case l := <-d.calls:
		return l
	case <-time.After(time.Minute):
		require.FailNow(t, why)
		return lookup{}
	}
}

// Two client processes connect while the directory is slow: the second
// connects while the first one's lookup is still running. Each must be
// served at once, and with the uid and pid of its own connection.
func TestEachClientIsServedWithItsOwnCredentials(t *testing.T) {
	requirePeerCred(t)
	synctest.Test(t, func(t *testing.T) {
		dir := &slowDirectory{calls: make(chan lookup), done: make(chan struct{})}
		ln := listen(t)
		srv := Serve(ln, dir.lookup)
		first, second := startProc(t, ln), startProc(t, ln)
		defer func() {
			close(dir.done)
			first.hangUp()
			second.hangUp()
			first.wait()
			second.wait()
			assert.NoError(t, srv.Close(), "the daemon should stop cleanly")
		}()

		first.send(t, "dial", "read 0") // connect, then wait for the greeting
		l1 := dir.next(t, "the daemon never looked up the first client's uid")
		assert.Equal(t, os.Getuid(), l1.uid, "the daemon should look up the uid the kernel reports")

		second.send(t, "dial", "read 0")
		l2 := dir.next(t, "the second client was not served while the first one's lookup was running: "+
			"the daemon serves one client after the other, and one slow client stalls everyone")
		assert.Equal(t, os.Getuid(), l2.uid, "the daemon should look up the uid the kernel reports")

		close(l1.release)
		require.Equal(t, "dialed", first.answer(t), "the first client process should connect to the daemon")
		assert.Equal(t, "HELLO "+who("ops", first.pid), first.answer(t),
			"the first client was greeted with another client's pid: its handler read the credentials "+
				"of whoever connected last, not those of its own connection")
		close(l2.release)
		require.Equal(t, "dialed", second.answer(t), "the second client process should connect to the daemon")
		assert.Equal(t, "HELLO "+who("ops", second.pid), second.answer(t),
			"the second client was greeted with another client's pid: each connection must be admitted "+
				"with the credentials the kernel reports for that connection")
	})
}

// Two client processes are connected already, two connections each, when
// the daemon starts: it accepts them all in a burst, and each handler starts
// only after the next accept. Each connection must still be greeted with
// its own process's pid. On one CPU the burst is the same in every run.
// Each client hangs up once greeted, so a daemon that serves one client at a
// time gets through the queue too (another test catches it).
func TestClientsConnectingInABurstAreNotMixedUp(t *testing.T) {
	requirePeerCred(t)
	const conns = 2
	ln := listen(t)
	a, b := startProc(t, ln), startProc(t, ln)
	defer func() {
		a.hangUp()
		b.hangUp()
		a.wait()
		b.wait()
	}()
	for range conns { // a, b, a, b in the listener's queue
		a.dial(t)
		b.dial(t)
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	srv := Serve(ln, knownUser("ops", false))
	defer func() { assert.NoError(t, srv.Close(), "the daemon should stop cleanly") }()

	for _, p := range []*proc{a, b} {
		for i := range conns {
			p.send(t, fmt.Sprintf("last %d", i)) // the greeting, then hang up
		}
	}
	for range conns {
		for _, p := range []*proc{a, b} {
			assert.Equal(t, "HELLO "+who("ops", p.pid), p.answer(t),
				"clients that connected together were greeted with each other's pids: a handler that starts "+
					"after the next accept finds that client's credentials, even if it copies them first thing")
		}
	}
}
