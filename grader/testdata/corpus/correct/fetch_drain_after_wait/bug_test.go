package fetchdrainafterwait

import (
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestFetchAll(t *testing.T) {
	defer goleak.VerifyNone(t)
	got := FetchAll([]string{"nginx:1.27", "redis:7", "pause:3.10"}, func(ref string) string {
		return "manifest " + ref
	})
	require.Equal(t, []string{"manifest nginx:1.27", "manifest pause:3.10", "manifest redis:7"}, got)
}
