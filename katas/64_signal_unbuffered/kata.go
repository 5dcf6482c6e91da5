// Kata 64: signal unbuffered.
//
// Run is the main loop of a reverse proxy's daemon: SIGHUP reloads its route
// table, SIGTERM or an interrupt (Ctrl-C) shuts it down gracefully. This is
// the file to fix: make the tests in kata_test.go pass without changing them.
package signalunbuffered

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

// App is the part of the daemon that does the work.
type App interface {
	// Ready tells the supervisor (systemd's READY=1) that the daemon is up
	// and listening for signals.
	Ready()
	// Reload re-reads the route table. It takes a while: it checks every
	// backend before it switches the traffic over.
	Reload() error
	// Shutdown drains the open connections and stops the listeners.
	Shutdown() error
}

// Logger receives one line per event.
type Logger func(format string, args ...any)

// Run serves until SIGTERM or an interrupt arrives, then shuts the app down.
// Every SIGHUP reloads the routes; a reload that fails keeps the old ones.
// Several SIGHUPs that arrive during one reload need only one more reload:
// it reads the newest route table anyway.
func Run(app App, logf Logger) error {
	sigs := make(chan os.Signal)
	signal.Notify(sigs, syscall.SIGHUP, syscall.SIGTERM, os.Interrupt)
	defer signal.Stop(sigs)

	app.Ready()
	reloads := 0
	for sig := range sigs {
		switch sig {
		case syscall.SIGHUP:
			reloads++
			if err := app.Reload(); err != nil {
				logf("reload %d failed, keeping the old routes: %v", reloads, err)
				continue
			}
			logf("reload %d: routes updated", reloads)
		default:
			logf("%v: shutting down after %d reloads", sig, reloads)
			if err := app.Shutdown(); err != nil {
				return fmt.Errorf("shutdown: %w", err)
			}
			return nil
		}
	}
	return nil
}
