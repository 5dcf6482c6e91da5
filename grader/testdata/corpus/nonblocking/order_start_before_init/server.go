// Package orderstartbeforeinit is a server that reports its health in the background.
package orderstartbeforeinit

import "fmt"

// Config names the server.
type Config struct {
	Name string
	Port int
}

// Server publishes its status on Status.
type Server struct {
	name   string
	port   int
	Status chan string
	stop   chan struct{}
}

// NewServer creates the server and starts its health reporter.
func NewServer(cfg Config) *Server {
	s := &Server{Status: make(chan string), stop: make(chan struct{})}
	go s.report()
	s.name = cfg.Name
	s.port = cfg.Port
	return s
}

func (s *Server) report() {
	status := fmt.Sprintf("%s listening on :%d", s.name, s.port)
	for {
		select {
		case s.Status <- status:
		case <-s.stop:
			return
		}
	}
}

// Stop ends the reporter.
func (s *Server) Stop() { close(s.stop) }
