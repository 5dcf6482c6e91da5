package movedbuffer

import (
	"bytes"
	"fmt"
	"runtime"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// goroutineID returns the id of the calling goroutine, from the first line
// of its stack trace ("goroutine 42 [running]:").
func goroutineID() uint64 {
	buf := make([]byte, 64)
	buf = buf[:runtime.Stack(buf, false)]
	buf = bytes.TrimPrefix(buf, []byte("goroutine "))
	id, _ := strconv.ParseUint(string(buf[:bytes.IndexByte(buf, ' ')]), 10, 64)
	return id
}

func TestShipUploadsEveryFrameIntact(t *testing.T) {
	var records []string
	for i := range 100 {
		records = append(records, fmt.Sprintf("request %03d served", i))
	}

	shipper := goroutineID()
	inline := 0           // uploads run on the goroutine that called Ship
	var uploaded []string // only the uploader goroutine appends
	Ship(records, func(frame []byte) {
		if goroutineID() == shipper {
			inline++
		}
		uploaded = append(uploaded, string(frame))
	})

	assert.Zero(t, inline,
		"upload should run on its own goroutine: calling it from Ship makes every slow upload hold up the framing of the next records")

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
