// Kata 39 "shutdown_deadline": this is the file to fix.
//
// A web shop sends its order confirmations through an Outbox: the checkout
// queues a mail and moves on, and a few workers hand the queued mails to the
// mail provider. On a rolling deploy the process manager calls Shutdown with
// a deadline, and kills the process hard once that deadline has passed.
// Make the tests in kata_test.go pass without changing them.
package shutdowndeadline

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
)

// Mail is one message to a customer.
type Mail struct {
	To      string
	Subject string
	Body    string
}

// Provider hands a mail to the mail service (SMTP, an HTTP API, ...).
type Provider interface {
	Send(m Mail) error
}

var (
	// ErrClosed is returned by Enqueue once Shutdown has been called.
	ErrClosed = errors.New("outbox: shut down")
	// ErrQueueFull is returned by Enqueue when the queue has no room left:
	// the checkout keeps the mail and tries again later.
	ErrQueueFull = errors.New("outbox: queue full")
)

// Outbox sends queued mails with a fixed number of workers.
type Outbox struct {
	provider Provider
	queue    chan Mail
	wg       sync.WaitGroup

	mu     sync.Mutex // guards closed and the close of queue
	closed bool

	sent   atomic.Int64
	failed atomic.Int64
}

// New starts an Outbox with the given number of workers and room for
// queueSize mails.
func New(p Provider, workers, queueSize int) *Outbox {
	o := &Outbox{provider: p, queue: make(chan Mail, queueSize)}
	for range workers {
		o.wg.Go(o.work)
	}
	return o
}

// work sends queued mails until the queue is closed and empty.
func (o *Outbox) work() {
	for m := range o.queue {
		if err := o.provider.Send(m); err != nil {
			o.failed.Add(1)
			continue
		}
		o.sent.Add(1)
	}
}

// Enqueue queues m for sending. It never blocks.
func (o *Outbox) Enqueue(m Mail) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.closed {
		return ErrClosed
	}
	select {
	case o.queue <- m:
		return nil
	default:
		return ErrQueueFull
	}
}

// Sent counts the mails the provider accepted.
func (o *Outbox) Sent() int64 { return o.sent.Load() }

// Failed counts the mails the provider refused.
func (o *Outbox) Failed() int64 { return o.failed.Load() }

// Shutdown stops taking mails and waits until the workers have sent every
// queued mail, then returns nil. If ctx is done first, Shutdown gives up at
// once and returns ctx.Err(); the workers go on in the background. Shutdown
// may be called again, for instance with a new deadline.
func (o *Outbox) Shutdown(ctx context.Context) error {
	o.mu.Lock()
	if !o.closed {
		o.closed = true
		close(o.queue)
	}
	o.mu.Unlock()

	// wg.Wait cannot be cancelled: wait in a goroutine of its own, which
	// closes done when the workers have finished, and race it against ctx.
	done := make(chan struct{})
	go func() {
		o.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
