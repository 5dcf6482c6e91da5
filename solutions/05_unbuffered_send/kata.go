// Kata 05: unbuffered send.
//
// This is the file to fix. The tests in kata_test.go describe what Boot must do.
package unbufferedsend

import (
	"fmt"
	"strings"
)

// Service is one part of the application that must be started at boot.
type Service struct {
	Name string
	Port int
}

// Boot starts the services in order and returns the boot log, one line per event.
//
// Log lines travel over a channel to a collector goroutine, the same way the
// running application ships them to its log sink.
func Boot(services []Service) []string {
	lines := make(chan string)
	var bootLog []string
	collected := make(chan struct{})

	go func() {
		defer close(collected)
		for l := range lines {
			bootLog = append(bootLog, l)
		}
	}()

	lines <- fmt.Sprintf("boot: starting %d services", len(services))

	for _, s := range services {
		lines <- fmt.Sprintf("start %s on :%d", s.Name, s.Port)
	}
	names := make([]string, len(services))
	for i, s := range services {
		names[i] = s.Name
	}
	lines <- "boot: ready (" + strings.Join(names, ", ") + ")"

	close(lines)
	<-collected
	return bootLog
}
