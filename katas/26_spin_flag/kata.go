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
	"sync/atomic"
)

// Config is the loaded configuration.
type Config struct {
	Values map[string]string
}

// Loader loads the configuration on its own goroutine.
type Loader struct {
	ready atomic.Bool // set once cfg and err are
	cfg   *Config
	err   error
}

// Load starts reading the configuration ("key=value" lines) from r in the
// background: r is a file, a pipe from another process, or a response body.
func Load(r io.Reader) *Loader {
	l := &Loader{}
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
		// The flag is atomic: whoever sees it set also sees cfg and err.
		l.ready.Store(true)
	}()
	return l
}

// Wait blocks until the configuration is loaded and returns it, or the
// error that stopped the loading.
func (l *Loader) Wait() (*Config, error) {
	for !l.ready.Load() {
		// The loader is still at work.
	}
	return l.cfg, l.err
}
