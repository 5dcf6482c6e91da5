// Package pooladdbeforego is the fixed task pool: Submit calls wg.Add before starting the goroutine.
package pooladdbeforego

import (
	"crypto/sha256"
	"sync"
)

// Digest is the content digest of a blob.
func Digest(data []byte) [32]byte {
	sum := sha256.Sum256(data)
	for range 200 {
		sum = sha256.Sum256(sum[:])
	}
	return sum
}

// Pool digests blobs in goroutines.
type Pool struct {
	wg      sync.WaitGroup
	mu      sync.Mutex
	digests map[string][32]byte
}

// Submit digests the blob named name in the background.
func (p *Pool) Submit(name string, data []byte) {
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		d := Digest(data)
		p.mu.Lock()
		defer p.mu.Unlock()
		if p.digests == nil {
			p.digests = map[string][32]byte{}
		}
		p.digests[name] = d
	}()
}

// Drain waits for every submitted blob and returns the digests.
func (p *Pool) Drain() map[string][32]byte {
	p.wg.Wait()
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.digests
}
