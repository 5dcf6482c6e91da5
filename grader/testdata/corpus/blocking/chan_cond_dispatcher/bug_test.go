package chanconddispatcher

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestSubmitAndRun(t *testing.T) {
	d := New()
	type out struct{ jobs, events []string }
	done := make(chan out)
	go func() {
		j, e := d.Run(2)
		done <- out{j, e}
	}()
	d.Submit("build")
	d.Submit("push")
	got := <-done
	assert.Equal(t, []string{"build", "push"}, got.jobs)
	assert.Len(t, got.events, 2)
}
