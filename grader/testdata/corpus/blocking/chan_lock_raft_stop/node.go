// Package chanlockraftstop is the proposal loop of a consensus node, after etcd's raft.Node.
package chanlockraftstop

import "sync"

// Node applies proposals in its own goroutine.
type Node struct {
	mu      sync.Mutex
	applied []string
	propc   chan string
	stopc   chan struct{}
	done    chan struct{}
}

// StartNode starts the node's loop.
func StartNode() *Node {
	n := &Node{propc: make(chan string), stopc: make(chan struct{}), done: make(chan struct{})}
	go n.run()
	return n
}

func (n *Node) run() {
	defer close(n.done)
	for {
		select {
		case p := <-n.propc:
			n.mu.Lock()
			n.applied = append(n.applied, p)
			n.mu.Unlock()
		case <-n.stopc:
			return
		}
	}
}

// Propose submits p; it reports false once the node is stopped.
func (n *Node) Propose(p string) bool {
	select {
	case n.propc <- p:
		return true
	case <-n.done:
		return false
	}
}

// Stop stops the loop and returns what was applied.
func (n *Node) Stop() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.stopc <- struct{}{}
	<-n.done
	return n.applied
}
