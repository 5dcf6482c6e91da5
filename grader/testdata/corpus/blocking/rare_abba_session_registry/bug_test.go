package rareabbasessionregistry

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestBroadcastWhileSessionCloses(t *testing.T) {
	reg := NewRegistry()
	alice := reg.Open("alice")
	bob := reg.Open("bob")
	done := make(chan struct{})
	go func() {
		bob.Close()
		close(done)
	}()
	reg.Broadcast("server restarting")
	<-done
	assert.Equal(t, []string{"server restarting"}, alice.Inbox())
}
