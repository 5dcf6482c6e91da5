package leakcheckinjected

import "sync"

// Tally counts votes in a goroutine and reads the count without waiting for it.
func Tally() int {
	votes := 0
	var wg sync.WaitGroup
	wg.Go(func() { votes++ })
	n := votes
	wg.Wait()
	return n
}
