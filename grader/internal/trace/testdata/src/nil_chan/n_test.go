package nilchan

import "testing"

func TestPublish(t *testing.T) {
	var b Bus
	b.Publish("x")
}
