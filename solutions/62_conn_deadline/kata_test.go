package conndeadline

import (
	"bufio"
	"context"
	"net"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// Every test runs in a synctest bubble over net.Pipe, an in-memory
// connection made of channels and timers: its blocking reads and writes are
// durably blocked, its deadlines run on the bubble's fake clock, and
// synctest.Wait() returns once every goroutine is stuck, so a test can check
// at once whether a call has returned.

// fakeServer is the server end of the pipe.
type fakeServer struct {
	conn net.Conn
	r    *bufio.Reader
}

func newPipe() (*Client, *fakeServer) {
	client, server := net.Pipe()
	return NewClient(client), &fakeServer{conn: server, r: bufio.NewReader(server)}
}

// readCommand reads one command line sent by the client.
func (s *fakeServer) readCommand(t *testing.T) string {
	t.Helper()
	line, err := s.r.ReadString('\n')
	assert.NoError(t, err, "the fake server reads the client's command")
	return strings.TrimSuffix(line, "\n")
}

type result struct {
	value string
	err   error
}

// startDo runs c.Do in a goroutine and returns the channel of its result.
func startDo(ctx context.Context, c *Client, cmd string) <-chan result {
	done := make(chan result, 1)
	go func() {
		v, err := c.Do(ctx, cmd)
		done <- result{v, err}
	}()
	return done
}

// returned reports whether the call has returned, after every goroutine of
// the bubble is blocked.
func returned(done <-chan result) (result, bool) {
	synctest.Wait()
	select {
	case r := <-done:
		return r, true
	default:
		return result{}, false
	}
}

// assertNobodyReadsAnyMore checks, after Do gave up, that no goroutine of the
// client is still reading the connection: a late answer finds no reader.
func assertNobodyReadsAnyMore(t *testing.T, server *fakeServer) {
	t.Helper()
	written := make(chan error, 1)
	go func() {
		_, err := server.conn.Write([]byte("OK late\n"))
		written <- err
	}()
	synctest.Wait()
	select {
	case err := <-written:
		assert.Error(t, err,
			"a goroutine of the client read the late answer after Do had returned: a select on ctx.Done() "+
				"stops waiting for the reader but leaves it blocked in Read, holding the connection")
	default: // nobody reads: the write waits until the server end is closed
		server.conn.Close()
		<-written
	}
	server.conn.Close()
}

func TestStockAndErrors(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, server := newPipe()
		defer c.Close()
		defer server.conn.Close()
		go func() {
			for {
				line, err := server.r.ReadString('\n')
				if err != nil {
					return
				}
				switch strings.TrimSuffix(line, "\n") {
				case "STOCK sku-7":
					server.conn.Write([]byte("OK 42\n"))
				default:
					server.conn.Write([]byte("ERR unknown sku\n"))
				}
			}
		}()

		ctx, cancel := context.WithCancel(context.Background())
		n, err := c.Stock(ctx, "sku-7")
		require.NoError(t, err, "the server answered OK")
		assert.Equal(t, 42, n, "Stock returns the server's count")
		cancel() // the request that made this call ends later
		synctest.Wait()

		_, err = c.Stock(context.Background(), "sku-0")
		assert.ErrorIs(t, err, ErrServer, "an ERR answer is reported as ErrServer")

		n, err = c.Stock(context.Background(), "sku-7")
		require.NoError(t, err, "the connection is still usable after an ERR answer, and after the context "+
			"of a call that has returned is cancelled: whatever watches a call's context must stop when Do returns")
		assert.Equal(t, 42, n, "each command gets its own answer")
	})
}

// The server reads the command and never answers: cancelling the context
// must end the call at once, with the context's error.
func TestCancelWhileWaitingForTheAnswer(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, server := newPipe()
		defer c.Close()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()

		done := startDo(ctx, c, "STOCK sku-7")
		assert.Equal(t, "STOCK sku-7", server.readCommand(t), "the command reaches the server")
		_, ok := returned(done)
		require.False(t, ok, "Do waits while the server has not answered")

		cancel()
		r, ok := returned(done)
		if !assert.True(t, ok,
			"Do is still blocked reading the answer although its context was cancelled: a blocking Read "+
				"does not watch ctx, and a check of ctx.Err() before it or a fixed deadline does not wake it") {
			server.conn.Close()
			<-done
			return
		}
		assert.ErrorIs(t, r.err, context.Canceled,
			"Do must return the context's error when its caller gives up, not the error of the "+
				"interrupted read: the caller checks errors.Is(err, context.Canceled)")
		assertNobodyReadsAnyMore(t, server)
	})
}

// The server is stuck and does not even read: the command cannot be sent.
// Cancelling must end the call just the same.
func TestCancelWhileTheServerDoesNotRead(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, server := newPipe()
		defer c.Close()
		defer server.conn.Close()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()

		done := startDo(ctx, c, "STOCK sku-7")
		_, ok := returned(done)
		require.False(t, ok, "Do waits while the server does not read")

		cancel()
		r, ok := returned(done)
		if !assert.True(t, ok,
			"Do is still blocked sending the command although its context was cancelled: "+
				"the write blocks too, so the context must interrupt the write as well as the read") {
			server.conn.Close()
			<-done
			return
		}
		assert.ErrorIs(t, r.err, context.Canceled,
			"Do must return the context's error when its caller gives up, not the error of the "+
				"interrupted write")
	})
}

// A caller with a deadline: the call ends when the deadline passes.
func TestTheCallersDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, server := newPipe()
		defer c.Close()
		defer server.conn.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		go server.readCommand(t) // and never answer

		start := time.Now()
		_, err := c.Do(ctx, "STOCK sku-7")
		assert.ErrorIs(t, err, context.DeadlineExceeded,
			"a call whose deadline passes returns context.DeadlineExceeded")
		assert.Equal(t, 5*time.Second, time.Since(start), "the call ends exactly at the caller's deadline")
	})
}

// A slow server that answers after two minutes, for a caller without a
// deadline: the answer must be read. Only the caller's context ends a call.
func TestASlowAnswerForAPatientCaller(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, server := newPipe()
		defer c.Close()
		defer server.conn.Close()
		served := make(chan struct{})
		go func() {
			defer close(served)
			server.readCommand(t)
			<-time.After(2 * time.Minute) // the fake clock: a slow warehouse, no real waiting
			server.conn.Write([]byte("OK 7\n"))
		}()
		defer func() { server.conn.Close(); <-served }()

		n, err := c.Stock(context.Background(), "sku-7")
		require.NoError(t, err,
			"a caller without a deadline waits for the answer: a fixed deadline on the connection "+
				"gives up on slow answers the caller is willing to wait for")
		assert.Equal(t, 7, n, "the slow answer is read")
	})
}
