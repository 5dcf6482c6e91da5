package grade

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLeakCheckFixtureIsCurrent: the trace fixture leakcheck_injected carries a copy of the file
// this package adds to a package without TestMain, so that the diagnosis is tested on what the
// grader really injects. After a change to leakCheckSource, copy it there again and re-record
// the fixture (see grader/internal/trace/trace_test.go).
func TestLeakCheckFixtureIsCurrent(t *testing.T) {
	path := filepath.Join("..", "trace", "testdata", "src", "leakcheck_injected", leakCheckName)
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, fmt.Sprintf(leakCheckSource, "leakcheckinjected"), string(data),
		"%s is stale: write leakCheckSource there again and re-record the trace fixtures", path)
}
