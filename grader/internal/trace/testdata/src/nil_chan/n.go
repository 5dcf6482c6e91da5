package nilchan

// Bus forwards events; its channel is never made.
type Bus struct{ events chan string }

// Publish sends an event.
func (b *Bus) Publish(e string) { b.events <- e }
