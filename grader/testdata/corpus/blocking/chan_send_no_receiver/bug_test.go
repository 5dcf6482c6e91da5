package chansendnoreceiver

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestStartRejectsBadConfig(t *testing.T) {
	s := NewServer(Config{Addr: ":2375"})
	err := s.Start()
	assert.ErrorContains(t, err, "max connections")
}

func TestServeUntilClosed(t *testing.T) {
	s := NewServer(Config{Addr: ":2375", MaxConn: 4})
	assert.NoError(t, s.Start())
	s.conns <- "client-1"
	close(s.conns)
	assert.EqualError(t, s.Wait(), "listener closed")
}
