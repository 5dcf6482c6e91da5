package fibonacciquit

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestFibonacciFirstTen(t *testing.T) {
	defer goleak.VerifyNone(t)

	got := Fibonacci(10)

	assert.Equal(t, []int{0, 1, 1, 2, 3, 5, 8, 13, 21, 34}, got,
		"the first ten Fibonacci numbers should come out in order")
}

func TestFibonacciZero(t *testing.T) {
	defer goleak.VerifyNone(t)

	got := Fibonacci(0)

	assert.Empty(t, got, "asking for no numbers should return none")
}
