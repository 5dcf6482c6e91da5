package orderviolation

import (
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// configServer is a fake config server that counts the fetches it serves.
type configServer struct {
	fetches atomic.Int32
}

func (s *configServer) fetch() Config {
	s.fetches.Add(1)
	return Config{Greeting: "Welcome", Closing: "Enjoy your stay."}
}

func TestFirstVisitorGetsTheConfiguredGreeting(t *testing.T) {
	var srv configServer
	g := NewGreeter(srv.fetch)
	g.Start()

	// The first visitor arrives right after start-up.
	got := g.Greet("Ada")
	g.Close()

	assert.Equal(t, "Welcome, Ada! Enjoy your stay.", got,
		"every visitor, even the first one, must be greeted with the configured wording")
	assert.Equal(t, int32(1), srv.fetches.Load(), "the configuration is fetched once")
}

func TestLaterVisitorsGetTheConfiguredGreeting(t *testing.T) {
	var srv configServer
	g := NewGreeter(srv.fetch)
	g.Start()
	g.Close() // the configuration has arrived by now

	assert.Equal(t, "Welcome, Bob! Enjoy your stay.", g.Greet("Bob"),
		"a visitor who comes after start-up is greeted with the configured wording")
	assert.Equal(t, "Welcome, Cy! Enjoy your stay.", g.Greet("Cy"),
		"and so is the next one")
	assert.Equal(t, int32(1), srv.fetches.Load(), "the configuration is fetched once")
}
