// Kata 26 "spin_flag": this is the file to fix.
//
// A command-line tool that is also built for WebAssembly loads its
// configuration in the background while it sets up the rest of the
// program, then waits for the configuration before it serves the first
// request.
package spinflag

import "strings"

// Config is the loaded configuration.
type Config struct {
	Values map[string]string
}

// Loader loads the configuration on its own goroutine.
//
// ready is closed once cfg is set: closing a channel is a synchronising
// event (the write to cfg happens before any receive that sees the close),
// and a receive blocks without burning the only thread, unlike a spin on a
// plain bool.
type Loader struct {
	ready chan struct{}
	cfg   *Config
}

// Load starts loading the configuration from its text form ("key=value"
// lines) in the background.
func Load(text string) *Loader {
	l := &Loader{ready: make(chan struct{})}
	go func() {
		cfg := &Config{Values: map[string]string{}}
		for line := range strings.Lines(text) {
			key, value, ok := strings.Cut(strings.TrimSpace(line), "=")
			if ok {
				cfg.Values[key] = value
			}
		}
		l.cfg = cfg
		close(l.ready)
	}()
	return l
}

// Wait blocks until the configuration is loaded and returns it.
func (l *Loader) Wait() *Config {
	<-l.ready
	return l.cfg
}
