// Kata 18: hit_counter.
//
// This is the file to fix. A small bakery's website counts how many times its
// home page was viewed and shows the number at the bottom of the page. The
// HTTP server runs every request in its own goroutine.
package hitcounter

import (
	"fmt"
	"net/http"
)

// HitCounter is an http.Handler that counts the requests it serves.
type HitCounter struct {
	hits int64
}

// ServeHTTP counts the request and greets the visitor with the running total.
func (h *HitCounter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.hits++
	n := h.hits
	fmt.Fprintf(w, "Welcome to the bakery! You are visitor number %d.\n", n)
}

// Hits returns how many requests have been served so far.
func (h *HitCounter) Hits() int64 {
	return h.hits
}
