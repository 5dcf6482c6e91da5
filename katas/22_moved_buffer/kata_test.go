package movedbuffer

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestShipUploadsEveryFrameIntact(t *testing.T) {
	var records []string
	for i := range 20 {
		records = append(records, fmt.Sprintf("request %02d served", i))
	}

	var uploaded []string // only the uploader goroutine appends
	Ship(records, func(frame []byte) {
		uploaded = append(uploaded, string(frame))
	})

	want := make([]string, len(records))
	for i, rec := range records {
		want[i] = fmt.Sprintf("%d %s\n", len(rec), rec)
	}
	assert.Equal(t, want, uploaded, "every record should be uploaded once, framed and intact, in order")
}

func TestShipEmpty(t *testing.T) {
	calls := 0
	Ship(nil, func([]byte) { calls++ })
	assert.Zero(t, calls, "no records, no uploads")
}
