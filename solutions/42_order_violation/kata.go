// Kata 42: order violation.
//
// Greeter is the front page of a small web service: it greets visitors with
// the wording of its configuration, which it fetches from a config server at
// start-up. This is the file to fix: make the tests in kata_test.go pass
// without changing them.
package orderviolation

import (
	"fmt"
	"sync"
)

// Config is the part of the service's configuration that the greeter uses.
type Config struct {
	Greeting string
	Closing  string
}

// Greeter greets visitors with the configured wording.
type Greeter struct {
	// config fetches the configuration on its first call; every call, from
	// any goroutine, waits for that fetch to finish and returns its result.
	config func() Config
	wg     sync.WaitGroup
}

// NewGreeter returns a greeter that gets its configuration from fetch.
// Fetching can take a while: the config server is far away.
func NewGreeter(fetch func() Config) *Greeter {
	return &Greeter{config: sync.OnceValue(fetch)}
}

// Start fetches the configuration in the background, so that the service
// can start listening at once.
func (g *Greeter) Start() {
	g.wg.Go(func() {
		g.config()
	})
}

// Greet answers a visitor's request. Requests may arrive as soon as Start
// has returned: the first ones wait until the configuration is there.
func (g *Greeter) Greet(name string) string {
	cfg := g.config()
	return fmt.Sprintf("%s, %s! %s", cfg.Greeting, name, cfg.Closing)
}

// Close waits for the background work started by Start.
func (g *Greeter) Close() {
	g.wg.Wait()
}
