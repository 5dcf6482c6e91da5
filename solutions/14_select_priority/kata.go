// Kata 14: select_priority.
//
// This is the file to fix. A bank sends outgoing payments in batches through
// a clearing system that closes at the daily cut-off. A Sender takes queued
// payments one by one and sends them, until cut-off is announced.
package selectpriority

// Payment is one queued outgoing payment.
type Payment struct {
	ID    string
	Cents int64
}

// Send runs until cut-off is closed or payments is closed and drained,
// calling send for each payment in queue order.
//
// Once cut-off has been closed, Send must not send another payment, even if
// more are queued: anything still queued waits for the next business day.
func Send(cutoff <-chan struct{}, payments <-chan Payment, send func(Payment)) {
	for {
		// select picks at random among ready cases, so check the cut-off on
		// its own first: it wins whenever it is closed.
		select {
		case <-cutoff:
			return
		default:
		}

		select {
		case <-cutoff:
			return
		case p, ok := <-payments:
			if !ok {
				return
			}
			send(p)
		}
	}
}
