package bufferedburst

import (
	"fmt"
	"testing"
	"testing/synctest"

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
