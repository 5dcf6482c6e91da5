package hangspin

// Wait spins until ready is set.
func Wait(ready *bool) {
	for !*ready {
	}
}
