// Package watchsendselect is the fixed watch filter: the send to the consumer also selects on ctx.Done().
package watchsendselect

import "context"

// Event is a change to a key.
type Event struct {
	Key   string
	Value string
}

// Watch forwards the events of key from feed until ctx is done.
func Watch(ctx context.Context, feed <-chan Event, key string) <-chan Event {
	out := make(chan Event)
	go func() {
		defer close(out)
		for {
			select {
			case <-ctx.Done():
				return
			case ev, ok := <-feed:
				if !ok {
					return
				}
				if ev.Key != key {
					continue
				}
				select {
				case out <- ev:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	return out
}
