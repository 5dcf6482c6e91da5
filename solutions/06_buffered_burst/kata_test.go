package bufferedburst

import (
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func station(n int) []Sensor {
	sensors := make([]Sensor, n)
	for i := range sensors {
		sensors[i] = Sensor{Name: fmt.Sprintf("probe-%02d", i+1), Value: 10 + float64(i)/2}
	}
	return sensors
}

func TestPollSmallStation(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		sensors := station(3)

		got := Poll(sensors)

		assert.Equal(t, []Reading{
			{Sensor: "probe-01", Value: 10},
			{Sensor: "probe-02", Value: 10.5},
			{Sensor: "probe-03", Value: 11},
		}, got, "one reading per sensor, sorted by sensor name")
	})
}

func TestPollFullStation(t *testing.T) {
	// Inside the bubble a poll that can never finish is reported at once as a deadlock.
	synctest.Test(t, func(t *testing.T) {
		sensors := station(10)

		got := Poll(sensors)

		require.Len(t, got, len(sensors), "every sensor of the station must be read")
		for i, r := range got {
			assert.Equal(t, sensors[i].Name, r.Sensor, "readings must be sorted by sensor name")
			assert.Equal(t, sensors[i].Value, r.Value, "value of %s", sensors[i].Name)
		}
	})
}

func TestPollLargeSite(t *testing.T) {
	// A site with far more probes than any buffer a learner would pick. Poll runs in a goroutine
	// so that a Poll that blocks forever is reported with an explanation.
	synctest.Test(t, func(t *testing.T) {
		sensors := station(3000)
		var got []Reading
		done := make(chan struct{})
		go func() {
			defer close(done)
			got = Poll(sensors)
		}()
		select {
		case <-done:
		case <-time.After(time.Hour):
			require.Fail(t, "Poll never returns for a site with 3000 probes: a bigger buffer only moves the limit; "+
				"the channel needs room for every sensor, or a receiver that runs while they send")
		}
		require.Len(t, got, len(sensors), "every sensor of the station must be read")
	})
}
