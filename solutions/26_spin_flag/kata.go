// Kata 26 "spin_flag": this is the file to fix.
//
// A command-line tool that is also built for WebAssembly, to run in the
// browser, loads its configuration in the background while it sets up the
// rest of the program, then waits for the configuration before it serves
// the first request.
package spinflag

import (
	"bufio"
	"io"
	"strings"
)

// Config is the loaded configuration.
type Config struct {
	Values map[string]string
}

// Loader loads the configuration on its own goroutine.
//
// ready is closed once cfg and err are set. A receive from ready blocks:
// the waiter is parked, and the only thread is free for the loader. Closing
// the channel wakes every waiter, now and later, and the loader's writes
// happen before any receive that sees the close.
type Loader struct {
	ready chan struct{}
	cfg   *Config
	err   error
}

// Load starts reading the configuration ("key=value" lines) from r in the
// background: r is a file, a pipe from another process, or a response body.
func Load(r io.Reader) *Loader {
	l := &Loader{ready: make(chan struct{})}
	go func() {
		cfg := &Config{Values: map[string]string{}}
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			key, value, ok := strings.Cut(strings.TrimSpace(sc.Text()), "=")
			if ok {
				cfg.Values[key] = value
			}
		}
		l.cfg, l.err = cfg, sc.Err()
		close(l.ready)
	}()
	return l
}

// Wait blocks until the configuration is loaded and returns it, or the
// error that stopped the loading.
func (l *Loader) Wait() (*Config, error) {
	<-l.ready
	return l.cfg, l.err
}
