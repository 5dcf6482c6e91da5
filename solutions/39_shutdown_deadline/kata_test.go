package shutdowndeadline

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const (
	// stuckTo is a customer whose mail server never answers: the fake
	// provider holds a mail to it until the test closes release.
	stuckTo = "stuck@example.com"
	// refusedTo is an address the provider refuses.
	refusedTo = "nobody@example.invalid"
)

// provider is a fake mail service. Every mail takes latency of (fake) time
// to send, except a mail to stuckTo, which waits until release is closed.
type provider struct {
	latency time.Duration
	release chan struct{}

	mu      sync.Mutex
	sent    []string
	waiters map[int]chan struct{} // closed once that many mails are taken
}

func newProvider(latency time.Duration) *provider {
	return &provider{latency: latency, release: make(chan struct{})}
}

func (p *provider) Send(m Mail) error {
	switch m.To {
	case stuckTo:
		<-p.release
	case refusedTo:
		return errors.New("550 mailbox unavailable")
	default:
		if p.latency > 0 {
			<-time.After(p.latency)
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sent = append(p.sent, m.To)
	if ch, ok := p.waiters[len(p.sent)]; ok {
		close(ch)
		delete(p.waiters, len(p.sent))
	}
	return nil
}

// waitDelivered waits until the provider has taken n mails, however long
// the workers take, so that no test ends while they are still sending.
func (p *provider) waitDelivered(n int) {
	p.mu.Lock()
	if len(p.sent) >= n {
		p.mu.Unlock()
		return
	}
	if p.waiters == nil {
		p.waiters = map[int]chan struct{}{}
	}
	ch, ok := p.waiters[n]
	if !ok {
		ch = make(chan struct{})
		p.waiters[n] = ch
	}
	p.mu.Unlock()
	<-ch
}

// delivered counts the mails the provider has taken.
func (p *provider) delivered() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.sent)
}

func confirmation(i int) Mail {
	return Mail{To: fmt.Sprintf("customer%d@example.com", i), Subject: "Your order", Body: "Thank you!"}
}

// result is what one call to Shutdown returned, when (in the bubble's fake
// time), and how many mails the provider had taken by then.
type result struct {
	err       error
	at        time.Time
	delivered int
}

// shutdownAsync calls o.Shutdown(ctx) in a goroutine; its result arrives on
// the channel.
func shutdownAsync(ctx context.Context, o *Outbox, p *provider) <-chan result {
	res := make(chan result, 1)
	go func() {
		err := o.Shutdown(ctx)
		res <- result{err: err, at: time.Now(), delivered: p.delivered()}
	}()
	return res
}

// returned reports whether Shutdown has returned, without waiting.
func returned(res <-chan result) (result, bool) {
	select {
	case r := <-res:
		return r, true
	default:
		return result{}, false
	}
}

// withStuckMail starts an Outbox with two workers, one of them busy with a
// mail that never goes through, and three more mails queued.
func withStuckMail(t *testing.T, p *provider) *Outbox {
	t.Helper()
	o := New(p, 2, 10)
	require.NoError(t, o.Enqueue(Mail{To: stuckTo, Subject: "Your order"}), "an open outbox takes mail")
	synctest.Wait() // a worker has taken the stuck mail
	for i := range 3 {
		require.NoError(t, o.Enqueue(confirmation(i)), "an open outbox with room takes mail")
	}
	return o
}

func TestSendsEveryQueuedMail(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := newProvider(0)
		o := New(p, 3, 20)
		for i := range 10 {
			require.NoError(t, o.Enqueue(confirmation(i)), "an open outbox with room takes mail")
		}
		require.NoError(t, o.Enqueue(Mail{To: refusedTo}), "an open outbox with room takes mail")

		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		assert.NoError(t, o.Shutdown(ctx), "nothing is stuck: Shutdown must return nil once every mail is sent")
		assert.Equal(t, 10, p.delivered(), "every queued mail must be sent before Shutdown returns nil")
		assert.EqualValues(t, 10, o.Sent(), "Sent counts the mails the provider took")
		assert.EqualValues(t, 1, o.Failed(), "Failed counts the mails the provider refused")
		assert.ErrorIs(t, o.Enqueue(confirmation(99)), ErrClosed, "after Shutdown the outbox takes no more mail")
		p.waitDelivered(10)
	})
}

func TestAFullQueueRefusesMail(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := newProvider(0)
		o := New(p, 1, 2)
		require.NoError(t, o.Enqueue(Mail{To: stuckTo}), "an open outbox takes mail")
		synctest.Wait() // the only worker is busy with the stuck mail
		require.NoError(t, o.Enqueue(confirmation(1)), "the queue has room for two mails")
		require.NoError(t, o.Enqueue(confirmation(2)), "the queue has room for two mails")
		assert.ErrorIs(t, o.Enqueue(confirmation(3)), ErrQueueFull, "a full queue refuses mail at once")

		close(p.release)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		assert.NoError(t, o.Shutdown(ctx), "nothing is stuck any more: Shutdown must return nil")
		assert.Equal(t, 3, p.delivered(), "every queued mail must be sent before Shutdown returns nil")
		p.waitDelivered(3)
	})
}

// A slow provider: the two workers need 20 seconds for the four mails, well
// within the deadline. Shutdown must wait for all of them, and no longer.
func TestShutdownWaitsForTheQueuedMail(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := newProvider(10 * time.Second)
		o := New(p, 2, 10)
		for i := range 4 {
			require.NoError(t, o.Enqueue(confirmation(i)), "an open outbox with room takes mail")
		}
		const deadline = time.Minute
		ctx, cancel := context.WithTimeout(context.Background(), deadline)
		defer cancel()
		start := time.Now()
		r := <-shutdownAsync(ctx, o, p)
		took := r.at.Sub(start)

		assert.NoError(t, r.err,
			"the workers needed 20s and the deadline was %v away, but Shutdown gave up after %v: only ctx says when to give up", deadline, took)
		assert.Equal(t, 4, r.delivered,
			"Shutdown returned after %v, before the workers had sent every queued mail: nil must mean every mail is sent", took)
		p.waitDelivered(4)
	})
}

// One worker is stuck on a mail. Shutdown must give up exactly at its
// deadline, whatever the deadline, and say so; the stuck worker goes on.
// Once the mail goes through, the workers finish and a second Shutdown
// returns nil.
func TestShutdownGivesUpAtItsDeadline(t *testing.T) {
	for _, deadline := range []time.Duration{time.Second, 3 * time.Minute} {
		t.Run(deadline.String(), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				p := newProvider(0)
				o := withStuckMail(t, p)
				ctx, cancel := context.WithTimeout(context.Background(), deadline)
				defer cancel()
				due, _ := ctx.Deadline()
				res := shutdownAsync(ctx, o, p)

				<-ctx.Done()    // fake time jumps to the deadline
				synctest.Wait() // Shutdown has had every chance to notice
				r, ok := returned(res)
				if ok {
					assert.False(t, r.at.Before(due),
						"Shutdown gave up %v before its deadline of %v, while a worker was still sending: only ctx says when to give up", due.Sub(r.at), deadline)
					assert.ErrorIs(t, r.err, context.DeadlineExceeded,
						"Shutdown gave up at its deadline: it must say so by returning ctx.Err()")
				} else {
					assert.Fail(t, "Shutdown ignored its deadline",
						"its ctx was done, and Shutdown was still waiting for a worker stuck on a mail; "+
							"by now the process manager kills the service. Neither wg.Wait nor a lone channel receive can be cancelled, "+
							"and checking ctx before or after the wait does not help")
					// Give it an hour more, then let the stuck mail go.
					late := time.NewTimer(time.Hour)
					select {
					case r = <-res:
						ok = true
						assert.Fail(t, "Shutdown returned late",
							"it returned %v after its deadline of %v: a timeout of its own, or a sleep between two looks at ctx, is not the caller's deadline", r.at.Sub(due), deadline)
					case <-late.C:
					}
					late.Stop()
				}

				close(p.release)
				if !ok {
					<-res
				}
				synctest.Wait()
				assert.Equal(t, 4, p.delivered(), "once the stuck mail went through, the workers must send the rest of the queue")
				p.waitDelivered(4)
				again, cancelAgain := context.WithTimeout(context.Background(), time.Minute)
				defer cancelAgain()
				assert.NoError(t, o.Shutdown(again), "a second Shutdown, once the workers have finished, must return nil")
			})
		})
	}
}

// The process manager may cancel the shutdown (a second SIGTERM) rather than
// set a deadline: Shutdown must give up then too, and not before.
func TestShutdownGivesUpWhenCancelled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := newProvider(0)
		o := withStuckMail(t, p)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		res := shutdownAsync(ctx, o, p)

		synctest.Wait()
		r, ok := returned(res)
		assert.False(t, ok,
			"Shutdown returned (error %v) while a worker was still sending and ctx was not done: it must wait for the workers or for ctx", r.err)
		if !ok {
			cancel() // the process manager will not wait any longer
			synctest.Wait()
			r, ok = returned(res)
			if assert.True(t, ok,
				"Shutdown ignored the cancel of its ctx: it was still waiting for a worker stuck on a mail") {
				assert.ErrorIs(t, r.err, context.Canceled, "Shutdown gave up on a cancel: it must say so by returning ctx.Err()")
			}
		}

		close(p.release)
		if !ok {
			<-res
		}
		p.waitDelivered(4)
	})
}
