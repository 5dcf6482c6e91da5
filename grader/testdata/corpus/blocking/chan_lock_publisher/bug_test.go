package chanlockpublisher

import "testing"

func TestPublishToSubscriber(t *testing.T) {
	p := &Publisher{}
	ch := p.Subscribe()
	sum := make(chan int)
	go func() {
		total := 0
		for v := range ch {
			total += v
			p.Ack()
		}
		sum <- total
	}()
	for _, v := range []int{10, 20, 30} {
		p.Publish(v)
	}
	p.Close()
	if got := <-sum; got != 60 {
		t.Fatalf("sum = %d, want 60", got)
	}
}
