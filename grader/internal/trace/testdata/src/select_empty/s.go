package selectempty

import "sync"

// Serve starts a server goroutine that parks forever, and waits for it.
func Serve() {
	var wg sync.WaitGroup
	wg.Go(func() {
		select {}
	})
	wg.Wait()
}
