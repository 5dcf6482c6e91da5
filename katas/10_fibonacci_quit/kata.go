// Kata 10: fibonacci_quit.
//
// This is the file to fix. Fibonacci hands out the first n Fibonacci numbers
// produced by a generator goroutine, in the style of the Go tour.
package fibonacciquit

// generate sends Fibonacci numbers on c until it is told to stop on quit.
func generate(c chan<- int, quit <-chan struct{}) {
	x, y := 0, 1
	for {
		select {
		case c <- x:
			x, y = y, x+y
		case <-quit:
			return
		}
	}
}

// Fibonacci returns the first n Fibonacci numbers, starting with 0, 1, 1, 2.
func Fibonacci(n int) []int {
	c := make(chan int)
	quit := make(chan struct{})
	go generate(c, quit)

	nums := make([]int, 0, n)
	for range n {
		nums = append(nums, <-c)
	}
	return nums
}
