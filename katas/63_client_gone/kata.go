// Kata 63: client gone.
//
// ExportHandler streams a customer's order history as CSV, for the "download
// my orders" button of a web shop. The orders live in a slow warehouse
// database that hands them out one page at a time. This is the file to fix:
// make the tests in kata_test.go pass without changing them.
package clientgone

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// Order is one line of the export.
type Order struct {
	ID    string
	Cents int64
}

// Store reads a customer's orders one page at a time, starting at cursor ""
// and ending with next == "". A page can take long to load; Page stops early
// and returns ctx's error when ctx is done.
type Store interface {
	Page(ctx context.Context, customer, cursor string) (orders []Order, next string, err error)
}

// ExportHandler serves GET /export?customer=ID.
type ExportHandler struct {
	Store   Store
	Timeout time.Duration // the most a whole export may take
}

func (h *ExportHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	customer := r.URL.Query().Get("customer")
	if customer == "" {
		http.Error(w, "missing customer", http.StatusBadRequest)
		return
	}

	// A big export takes a while: give it a deadline of its own.
	ctx, cancel := context.WithTimeout(context.Background(), h.Timeout)
	defer cancel()

	w.Header().Set("Content-Type", "text/csv")
	fmt.Fprintln(w, "id,cents")
	flusher, _ := w.(http.Flusher)
	cursor := ""
	for {
		orders, next, err := h.Store.Page(ctx, customer, cursor)
		if err != nil {
			// The header has gone out: all we can do is say the file is cut short.
			fmt.Fprintf(w, "# export incomplete: %v\n", err)
			return
		}
		for _, o := range orders {
			fmt.Fprintf(w, "%s,%d\n", o.ID, o.Cents)
		}
		if flusher != nil {
			flusher.Flush() // the customer sees the download progress
		}
		if next == "" {
			return
		}
		cursor = next
	}
}
