// Kata 30 "unix_peercred": this is the file to fix.
//
// A local status daemon listens on a Unix-domain socket. Only processes
// running as one allowed user may talk to it: the kernel tells the daemon
// who is on the other end of each connection (SO_PEERCRED), so no password
// is needed. A client sends commands, one per line; the daemon answers
// each with one line. All writes to a connection go through one writer
// goroutine per connection, so that replies never interleave.
package unixpeercred

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
)

// Server is the status daemon.
type Server struct {
	allowedUID int
	ln         *net.UnixListener
	handlers   sync.WaitGroup
}

// Listen starts a daemon on the socket file at path that accepts only
// clients running as allowedUID.
func Listen(path string, allowedUID int) (*Server, error) {
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		return nil, err
	}
	s := &Server{allowedUID: allowedUID, ln: ln}
	s.handlers.Go(s.acceptLoop)
	return s, nil
}

// Close stops accepting clients and waits for the connection handlers.
func (s *Server) Close() error {
	err := s.ln.Close()
	s.handlers.Wait()
	return err
}

func (s *Server) acceptLoop() {
	for {
		conn, err := s.ln.AcceptUnix()
		if err != nil {
			if !errors.Is(err, net.ErrClosed) {
				fmt.Println("accept:", err)
			}
			return
		}
		s.handlers.Go(func() { s.handle(conn) })
	}
}

func (s *Server) handle(conn *net.UnixConn) {
	defer conn.Close()

	uid, err := peerUID(conn)
	if err != nil || uid != s.allowedUID {
		fmt.Fprintln(conn, "DENIED")
		return
	}

	out := make(chan string)
	go writeLines(conn, out)

	out <- fmt.Sprintf("HELLO uid=%d", uid)
	sc := bufio.NewScanner(conn)
	for sc.Scan() {
		out <- reply(strings.TrimSpace(sc.Text()))
	}
}

// writeLines writes every line it receives to conn. Once a write has
// failed, it drops the lines it receives: the client cannot read them.
func writeLines(conn net.Conn, lines <-chan string) {
	var err error
	for line := range lines {
		if err == nil {
			_, err = fmt.Fprintln(conn, line)
		}
	}
}

func reply(cmd string) string {
	switch cmd {
	case "PING":
		return "PONG"
	case "STATUS":
		return "OK disks=healthy backups=fresh"
	default:
		return "ERR unknown command " + cmd
	}
}
