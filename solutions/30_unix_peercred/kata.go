// Kata 30 "unix_peercred": this is the file to fix.
//
// svcd is a local service-control daemon. It listens on a Unix-domain
// socket and asks for no password: the kernel tells it who is on the other
// end of each connection (SO_PEERCRED on Linux, LOCAL_PEERCRED on macOS),
// and the user directory says whether that uid may connect and whether it
// is an admin. A client sends one command per line (WHOAMI, RESTART name);
// the daemon answers each with one line that names the client's uid and
// pid, for the audit trail.
package unixpeercred

import (
	"bufio"
	"fmt"
	"net"
	"strings"
	"sync"
)

// Peer is who the kernel says is on the other end of a connection.
type Peer struct {
	UID int
	PID int
}

// Account is what the user directory knows about a uid.
type Account struct {
	Name  string
	Admin bool // may restart services
}

// Directory looks a uid up in the user database (NSS, LDAP, ...), which can
// take a while. ok is false for a uid that may not connect.
type Directory func(uid int) (acct Account, ok bool)

// Server is the daemon.
type Server struct {
	ln       *net.UnixListener
	lookup   Directory
	handlers sync.WaitGroup
}

// Serve starts serving the clients that connect to ln (the socket that
// systemd opened for the daemon) and admits those whose uid lookup knows.
func Serve(ln *net.UnixListener, lookup Directory) *Server {
	s := &Server{ln: ln, lookup: lookup}
	s.handlers.Go(s.acceptLoop)
	return s
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
			return // the listener was closed
		}
		peer, err := peerCred(conn)
		if err != nil {
			conn.Close()
			continue
		}
		// Each handler gets the credentials of its own connection. A field
		// of the server would be shared by every handler: the next accept
		// overwrites it while earlier handlers still read it.
		s.handlers.Go(func() { s.serve(conn, peer) })
	}
}

func (s *Server) serve(conn *net.UnixConn, peer Peer) {
	defer conn.Close()

	acct, ok := s.lookup(peer.UID)
	if !ok {
		fmt.Fprintln(conn, "DENIED")
		return
	}
	who := fmt.Sprintf("%s uid=%d pid=%d", acct.Name, peer.UID, peer.PID)
	fmt.Fprintln(conn, "HELLO", who)

	sc := bufio.NewScanner(conn)
	for sc.Scan() {
		cmd, arg, _ := strings.Cut(strings.TrimSpace(sc.Text()), " ")
		switch {
		case cmd == "WHOAMI":
			fmt.Fprintln(conn, who)
		case cmd == "RESTART" && acct.Admin:
			fmt.Fprintf(conn, "RESTARTED %s for %s\n", arg, who)
		case cmd == "RESTART":
			fmt.Fprintf(conn, "FORBIDDEN %s may not restart %s\n", who, arg)
		default:
			fmt.Fprintln(conn, "ERR unknown command", cmd)
		}
	}
}
