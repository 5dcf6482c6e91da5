// Kata 04: WaitGroup passed by value.
//
// This is the file to fix. The tests in kata_test.go describe what Broadcast must do.
package wgbyvalue

import (
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Message is a notification for one user.
type Message struct {
	UserID int
	Email  string
	Text   string
}

// Receipt confirms that a message was handed to the mail server.
type Receipt struct {
	UserID int
	MsgID  string
}

// Dispatcher sends notifications and keeps the receipts.
type Dispatcher struct {
	mu       sync.Mutex
	receipts []Receipt
}

// send pretends to hand a message to the mail server.
func send(m Message) Receipt {
	domain := m.Email[strings.IndexByte(m.Email, '@')+1:]
	return Receipt{UserID: m.UserID, MsgID: fmt.Sprintf("<%d.%d@%s>", m.UserID, len(m.Text), domain)}
}

// deliver sends one message and records its receipt.
func (d *Dispatcher) deliver(m Message, wg *sync.WaitGroup) {
	defer wg.Done()
	r := send(m)
	d.mu.Lock()
	defer d.mu.Unlock()
	d.receipts = append(d.receipts, r)
}

// Broadcast sends all the messages concurrently and returns their receipts,
// sorted by user ID.
func (d *Dispatcher) Broadcast(msgs []Message) []Receipt {
	var wg sync.WaitGroup
	for _, m := range msgs {
		wg.Add(1)
		go d.deliver(m, &wg)
	}
	wg.Wait()

	d.mu.Lock()
	defer d.mu.Unlock()
	out := slices.Clone(d.receipts)
	slices.SortFunc(out, func(a, b Receipt) int { return a.UserID - b.UserID })
	return out
}
