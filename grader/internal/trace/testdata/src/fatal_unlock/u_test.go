package fatalunlock

import (
	"sync"
	"testing"
)

func TestRelease(t *testing.T) {
	var mu sync.Mutex
	Release(&mu)
}
