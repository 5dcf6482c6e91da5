// Package chanctxlostparent runs a set of controllers until the caller's context ends, like a
// Kubernetes controller manager.
package chanctxlostparent

import (
	"context"
	"sync"
)

// Controller handles items from its queue until ctx is done.
type Controller struct {
	Name  string
	Queue chan string
	Done  []string
}

func (c *Controller) run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case item := <-c.Queue:
			c.Done = append(c.Done, item)
		}
	}
}

// Manager owns controllers.
type Manager struct {
	Controllers []*Controller
}

// Run starts every controller and returns when they have all stopped.
func (m *Manager) Run(parent context.Context) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var wg sync.WaitGroup
	for _, c := range m.Controllers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.run(ctx)
		}()
	}
	wg.Wait()
	return parent.Err()
}
