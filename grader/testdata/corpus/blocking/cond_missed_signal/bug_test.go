package condmissedsignal

import "testing"

func TestCacheSyncedGate(t *testing.T) {
	for range 500 {
		g := NewGate()
		informer := make(map[string]int)
		go func() {
			informer["pods"] = 3 // initial list
			g.Open()
		}()
		g.Wait()
		if informer["pods"] != 3 {
			t.Fatal("gate opened before the initial list")
		}
	}
}
