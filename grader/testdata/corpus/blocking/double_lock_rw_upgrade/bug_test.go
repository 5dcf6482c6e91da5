package doublelockrwupgrade

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestResolveFillsCache(t *testing.T) {
	calls := 0
	r := NewResolver(func(host string) []string {
		calls++
		return []string{"10.0.0.1"}
	})
	require.Equal(t, []string{"10.0.0.1"}, r.Resolve("etcd-0"))
	require.Equal(t, []string{"10.0.0.1"}, r.Resolve("etcd-0"))
	require.Equal(t, 1, calls)
}
