// Package chansendnoreceiver starts an API server the way a container daemon does.
package chansendnoreceiver

import (
	"errors"
	"fmt"
)

// Config is the server configuration.
type Config struct {
	Addr    string
	MaxConn int
}

// Server reports fatal errors on errCh once it is serving.
type Server struct {
	cfg   Config
	errCh chan error
	conns chan string
}

// NewServer returns a server that is not started yet.
func NewServer(cfg Config) *Server {
	return &Server{cfg: cfg, errCh: make(chan error), conns: make(chan string)}
}

func (s *Server) validate() error {
	if s.cfg.Addr == "" {
		return errors.New("no listen address")
	}
	if s.cfg.MaxConn <= 0 {
		return fmt.Errorf("max connections must be positive, got %d", s.cfg.MaxConn)
	}
	return nil
}

// Start validates the config and starts serving in the background.
func (s *Server) Start() error {
	if err := s.validate(); err != nil {
		s.errCh <- err // tell the supervisor
		return err
	}
	go s.serve()
	return nil
}

func (s *Server) serve() {
	for c := range s.conns {
		_ = c
	}
	s.errCh <- errors.New("listener closed")
}

// Wait returns the error that stopped the server.
func (s *Server) Wait() error { return <-s.errCh }
