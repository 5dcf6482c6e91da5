package errgroupcancel

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var errInvalidEmail = errors.New("invalid email")

func export(n int) []Record {
	rs := make([]Record, n)
	for i := range rs {
		rs[i] = Record{ID: i + 1, Email: fmt.Sprintf("customer%d@example.com", i+1)}
	}
	return rs
}

// database is a fake customer table.
type database struct {
	mu     sync.Mutex
	stored map[int]bool
}

func (db *database) save(r Record) {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.stored == nil {
		db.stored = make(map[int]bool)
	}
	db.stored[r.ID] = true
}

func (db *database) count() int {
	db.mu.Lock()
	defer db.mu.Unlock()
	return len(db.stored)
}

func TestImportEverything(t *testing.T) {
	defer goleak.VerifyNone(t)

	var db database
	err := Import(context.Background(), export(50), 3, func(ctx context.Context, r Record) error {
		db.save(r)
		return nil
	})

	require.NoError(t, err, "every record is valid")
	assert.Equal(t, 50, db.count(), "every record is stored")
}

func TestImportStopsAtBadRecord(t *testing.T) {
	defer goleak.VerifyNone(t)

	records := export(50)
	records[6].Email = "not-an-email" // record 7

	var db database
	err := Import(context.Background(), records, 3, func(ctx context.Context, r Record) error {
		switch {
		case r.ID == 7:
			return errInvalidEmail
		case r.ID > 7:
			// The database is slow for the later records: they are still
			// being written when the import is cancelled.
			<-ctx.Done()
			return ctx.Err()
		}
		db.save(r)
		return nil
	})

	require.ErrorIs(t, err, errInvalidEmail, "the import fails with the bad record's error")
	assert.Contains(t, err.Error(), "record 7", "the error names the bad record")
	assert.Equal(t, 6, db.count(), "the records before the bad one are stored, the later ones are not")
}
