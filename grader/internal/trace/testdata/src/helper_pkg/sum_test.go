package helperpkg

import (
	"testing"

	"gokatas/grader/internal/trace/testdata/src/helper_pkg/internal/check"
)

func TestSum(t *testing.T) {
	check.Equal(t, Sum([]int{1, 2, 3}), 6)
}
