// Kata 44: multi close.
//
// Merge is the heart of a log shipper: it tails the logs of several services
// and forwards all their lines onto one stream for the central log store.
// This is the file to fix: make the tests in kata_test.go pass without
// changing them.
package multiclose

import "sync"

// Merge forwards every line received on any of the tails onto the returned
// channel, which is closed once every tail has been closed and drained.
func Merge(tails ...<-chan string) <-chan string {
	out := make(chan string)
	var wg sync.WaitGroup
	for _, tail := range tails {
		wg.Go(func() {
			for line := range tail {
				out <- line
			}
		})
	}
	// Exactly one goroutine closes out, and only after every forwarder
	// has finished sending.
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}
