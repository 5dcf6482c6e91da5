package panicclose

// Stop closes done, twice.
func Stop(done chan struct{}) {
	close(done)
	close(done)
}
