package testifyfail

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSum(t *testing.T) {
	assert.Equal(t, 6, Sum([]int{1, 2, 3}), "every number should be added")
	if Sum(nil) != 0 {
		t.Errorf("Sum(nil) = %d", Sum(nil))
	}
}
