package rangeunclosed

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestBuildInvoice(t *testing.T) {
	// goleak fails the test if a goroutine started during the test is still around at its end.
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())

	lines := []Line{
		{Item: "coffee beans", Cents: 1290, Category: "food"},
		{Item: "The Go Programming Language", Cents: 3999, Category: "books"},
		{Item: "desk lamp", Cents: 4500, Category: "standard"},
	}

	inv := BuildInvoice(lines)

	require.Len(t, inv.Lines, len(lines), "one taxed line per order line")
	for i, want := range []int{70, 219, 900} {
		assert.Equal(t, lines[i], inv.Lines[i].Line, "line %d must be the order's line %d", i, i)
		assert.Equal(t, want, inv.Lines[i].TaxCents, "tax of %s", lines[i].Item)
	}
	assert.Equal(t, 1290+70+3999+219+4500+900, inv.TotalCents, "the total includes every line and its tax")
}

func TestBuildEmptyInvoice(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())

	inv := BuildInvoice(nil)

	assert.Empty(t, inv.Lines, "no order lines, no invoice lines")
	assert.Zero(t, inv.TotalCents, "an empty order costs nothing")
}
