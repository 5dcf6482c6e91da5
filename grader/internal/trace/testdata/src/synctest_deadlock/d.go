package synctestdeadlock

// Collect waits for n results that nobody sends.
func Collect(results chan int, n int) int {
	sum := 0
	for range n {
		sum += <-results
	}
	return sum
}
