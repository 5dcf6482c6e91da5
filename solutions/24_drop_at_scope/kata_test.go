package dropatscope

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func invoices(n int) [][]string {
	batches := make([][]string, n)
	for i := range batches {
		batches[i] = []string{fmt.Sprintf("INV-%d-a", i), fmt.Sprintf("INV-%d-b", i)}
	}
	return batches
}

func TestExportHoldsOneConnectionAtATime(t *testing.T) {
	pool := &Pool{}
	require.NoError(t, Export(pool, invoices(5)), "the export should succeed")

	assert.Len(t, pool.Sent(), 5, "every batch should be sent")
	assert.Equal(t, "batch 4: INV-4-a,INV-4-b", pool.Sent()[4], "batches should be sent in order")
	assert.Zero(t, pool.Out(), "every connection should be back in the pool after the export")
	assert.Equal(t, 1, pool.Peak(),
		"an exporter should hold one connection at a time: each batch's connection should go back before the next batch")
}

func TestConcurrentExportersStayWithinThePoolLimit(t *testing.T) {
	const exporters = 3 // the pool is sized for one connection per exporter
	pool := &Pool{}

	var wg sync.WaitGroup
	errs := make([]error, exporters)
	for i := range exporters {
		wg.Go(func() { errs[i] = Export(pool, invoices(4)) })
	}
	wg.Wait()

	for i, err := range errs {
		assert.NoError(t, err, "exporter %d should succeed", i)
	}
	assert.Len(t, pool.Sent(), exporters*4, "every batch of every exporter should be sent")
	assert.Zero(t, pool.Out(), "every connection should be back in the pool")
	assert.LessOrEqual(t, pool.Peak(), exporters,
		"%d exporters should never hold more than %d connections at once", exporters, exporters)
}

// The accounting system rejects the third batch: Export must stop there,
// say which batch failed, and give back the connection of the failed batch
// as well as the others.
func TestExportGivesTheConnectionBackWhenASendFails(t *testing.T) {
	rejected := errors.New("accounting system: invoice rejected")
	pool := &Pool{}
	var outDuringSend []int
	pool.Deliver = func(payload string) error {
		outDuringSend = append(outDuringSend, pool.Out())
		if strings.HasPrefix(payload, "batch 2:") {
			return rejected
		}
		return nil
	}

	err := Export(pool, invoices(5))
	require.Error(t, err, "Export should report the failed batch, not return nil: the caller must know that invoices were not sent")
	assert.ErrorIs(t, err, rejected, "Export should return the delivery error of the failed batch")
	assert.ErrorContains(t, err, "batch 2", "the error should name the failed batch")
	assert.Len(t, pool.Sent(), 2, "the batches before the failed one should be sent, and none after it")
	assert.Zero(t, pool.Out(),
		"a batch whose Send fails must still give its connection back: an early return skips a Release that is not deferred")
	assert.Equal(t, []int{1, 1, 1}, outDuringSend, "while a batch is being sent, the exporter should hold exactly one connection")
	assert.Equal(t, 1, pool.Peak(), "an exporter should hold one connection at a time, also when a batch fails")
}
