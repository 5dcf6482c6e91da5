package dropatscope

import (
	"fmt"
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
