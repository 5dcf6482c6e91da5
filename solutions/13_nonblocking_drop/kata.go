// Kata 13: nonblocking_drop.
//
// This is the file to fix. A bank's payment service must keep an audit trail
// of every action a clerk takes. Handlers hand entries to an Auditor, whose
// background goroutine writes them to the (slow) audit store, so that a
// handler never waits on the store directly.
package nonblockingdrop

import "context"

// Entry is one line of the audit trail.
type Entry struct {
	Clerk  string
	Action string
}

// Store writes one entry to durable storage. It may be slow.
type Store func(Entry)

// Auditor forwards entries to a Store from a background goroutine.
type Auditor struct {
	entries chan Entry
	done    chan struct{}
}

// NewAuditor starts an Auditor that writes to store, with room for buffer
// entries waiting to be written.
func NewAuditor(store Store, buffer int) *Auditor {
	a := &Auditor{
		entries: make(chan Entry, buffer),
		done:    make(chan struct{}),
	}
	go func() {
		defer close(a.done)
		for e := range a.entries {
			store(e)
		}
	}()
	return a
}

// Record hands e to the background writer. Every entry must reach the store:
// the audit trail may not have gaps. Record returns ctx's error, without
// recording e, if ctx is done first.
func (a *Auditor) Record(ctx context.Context, e Entry) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	// Wait for room in the buffer (back-pressure from the slow store) rather
	// than dropping the entry; give up only when the caller does.
	select {
	case a.entries <- e:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Close waits until every recorded entry has been written, then stops the
// background writer. Record must not be called after Close.
func (a *Auditor) Close() {
	close(a.entries)
	<-a.done
}
