package panicclose

import "testing"

func TestStop(t *testing.T) { Stop(make(chan struct{})) }
