package rareconfigflagbeforevalue

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestEndpointFromTwoHandlers(t *testing.T) {
	l := NewLoader(func() Config { return Config{Endpoint: "https://billing.internal", Retries: 3} })
	other := make(chan string)
	go func() { other <- l.Endpoint() }()
	assert.Equal(t, "https://billing.internal", l.Endpoint())
	assert.Equal(t, "https://billing.internal", <-other)
}
