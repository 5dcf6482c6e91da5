package chanwgresults

import (
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestFetchAll(t *testing.T) {
	defer goleak.VerifyNone(t)
	got := FetchAll([]string{"nginx:1.27", "redis:7"}, func(ref string) string {
		return "manifest " + ref
	})
	require.Equal(t, []string{"manifest nginx:1.27", "manifest redis:7"}, got)
}
