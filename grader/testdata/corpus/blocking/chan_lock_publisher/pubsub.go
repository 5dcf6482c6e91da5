// Package chanlockpublisher fans container stats out to subscribers, after Docker's pubsub.
package chanlockpublisher

import "sync"

// Publisher sends every stat to every subscriber.
type Publisher struct {
	mu          sync.Mutex
	subscribers []chan int
	delivered   int
}

// Subscribe returns a channel of stats.
func (p *Publisher) Subscribe() chan int {
	ch := make(chan int)
	p.mu.Lock()
	p.subscribers = append(p.subscribers, ch)
	p.mu.Unlock()
	return ch
}

// Publish delivers v to every subscriber.
func (p *Publisher) Publish(v int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, ch := range p.subscribers {
		ch <- v
	}
}

// Ack records that a subscriber handled a stat.
func (p *Publisher) Ack() {
	p.mu.Lock()
	p.delivered++
	p.mu.Unlock()
}

// Close ends every subscription.
func (p *Publisher) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, ch := range p.subscribers {
		close(ch)
	}
}
