package synctestleak

// Generate sends numbers until someone says stop; nobody does.
func Generate(out chan<- int, quit <-chan struct{}) {
	for i := 0; ; i++ {
		select {
		case out <- i:
		case <-quit:
			return
		}
	}
}
