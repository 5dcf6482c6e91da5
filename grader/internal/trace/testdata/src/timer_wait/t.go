package timerwait

import "time"

// Poll waits for a reply, giving up after a minute.
func Poll(reply <-chan string) string {
	select {
	case r := <-reply:
		return r
	case <-time.After(time.Minute):
		return "timeout"
	}
}
