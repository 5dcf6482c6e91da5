package capturederr

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var errUnreachable = errors.New("host unreachable")

// fleet is a fake set of servers: pushing to a host in down fails.
type fleet struct {
	mu     sync.Mutex
	down   []string
	pushed []string
}

func (f *fleet) push(host, release string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.pushed = append(f.pushed, host+"@"+release)
	if slices.Contains(f.down, host) {
		return errUnreachable
	}
	return nil
}

var hosts = []string{"web-1", "web-2", "web-3", "db-1", "cache-1"}

func TestDeployEverywhere(t *testing.T) {
	f := &fleet{}
	err := Deploy(hosts, "v1.4.2", f.push)

	assert.NoError(t, err, "every host is up, so the deploy succeeds")
	assert.ElementsMatch(t,
		[]string{"web-1@v1.4.2", "web-2@v1.4.2", "web-3@v1.4.2", "db-1@v1.4.2", "cache-1@v1.4.2"},
		f.pushed, "the release is pushed to every host exactly once")
}

func TestDeployReportsFailedHosts(t *testing.T) {
	f := &fleet{down: []string{"web-2", "db-1"}}
	err := Deploy(hosts, "v1.4.3", f.push)

	require.Error(t, err, "two hosts are down, so the deploy must fail")
	assert.ErrorIs(t, err, errUnreachable, "the error wraps the reason a push failed")
	msg := err.Error()
	assert.True(t, strings.Contains(msg, "web-2") || strings.Contains(msg, "db-1"),
		"the error names a host that failed, got %q", msg)
	assert.Len(t, f.pushed, len(hosts), "a failed host does not stop the pushes to the others")
}
