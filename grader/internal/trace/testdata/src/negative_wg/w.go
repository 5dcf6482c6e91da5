package negativewg

import "sync"

// Run calls Done twice for one Add.
func Run() {
	var wg sync.WaitGroup
	wg.Add(1)
	func() {
		defer wg.Done()
		wg.Done()
	}()
	wg.Wait()
}
