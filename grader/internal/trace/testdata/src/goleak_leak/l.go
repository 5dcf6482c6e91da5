package goleakleak

// First returns the first answer; the others stay blocked.
func First(n int) int {
	ch := make(chan int)
	for i := range n {
		go func() { ch <- i }()
	}
	return <-ch
}
