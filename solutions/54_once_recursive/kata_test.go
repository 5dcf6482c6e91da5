package oncerecursive

import (
	"errors"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// settingsFile is a fake settings file that counts how often it is read.
type settingsFile struct {
	mu    sync.Mutex
	text  string
	err   error
	reads int
}

func (f *settingsFile) read() (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reads++
	return f.text, f.err
}

func (f *settingsFile) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.reads
}

const serviceConf = `
# the order service
host = orders.internal
port = 8080
url = http://${host}:${port}/api
base = /srv/orders
data = ${base}/data
cache = ${data}/cache
greeting = hello
`

var want = map[string]string{
	"host":     "orders.internal",
	"port":     "8080",
	"url":      "http://orders.internal:8080/api",
	"base":     "/srv/orders",
	"data":     "/srv/orders/data",
	"cache":    "/srv/orders/data/cache",
	"greeting": "hello",
}

func TestSettingsAreReadOnFirstUse(t *testing.T) {
	f := &settingsFile{text: serviceConf}
	s := NewSettings(f.read)
	assert.Zero(t, f.count(), "the settings are loaded on first use, not when the service starts")

	v, err := s.Get("greeting")
	require.NoError(t, err)
	assert.Equal(t, "hello", v, "a plain value is returned as it is")
	assert.Equal(t, 1, f.count(), "the first Get reads the file")

	_, err = s.Get("port")
	require.NoError(t, err)
	assert.Equal(t, 1, f.count(), "later Gets do not read the file again")
}

func TestReferencesAreExpanded(t *testing.T) {
	f := &settingsFile{text: serviceConf}
	s := NewSettings(f.read)

	// The first Get of the service, at start-up, wants the URL: a value
	// that uses other settings, so the loading itself must look them up.
	url, err := s.Get("url")
	require.NoError(t, err)
	assert.Equal(t, "http://orders.internal:8080/api", url,
		"${host} and ${port} in a value are replaced by those settings; the loading must look them up without calling Get, which is still inside once.Do")
	for name, value := range want {
		v, err := s.Get(name)
		require.NoError(t, err, "the setting %s exists", name)
		assert.Equal(t, value, v, "the setting %s is fully expanded, however deep its references go", name)
	}
	assert.Equal(t, 1, f.count(), "the settings file is read once")
}

// Many requests arrive while the service starts: they all want settings at
// once, and the file must be read once, by one of them.
func TestManyFirstGetsAtOnce(t *testing.T) {
	f := &settingsFile{text: serviceConf}
	s := NewSettings(f.read)

	start := make(chan struct{})
	var wg sync.WaitGroup
	got := make([]map[string]string, 8)
	for i := range got {
		wg.Go(func() {
			<-start
			got[i] = map[string]string{}
			for name := range want {
				v, err := s.Get(name)
				if err == nil {
					got[i][name] = v
				}
			}
		})
	}
	close(start)
	wg.Wait()

	assert.Equal(t, 1, f.count(), "the settings file is read once, however many goroutines ask at the same time")
	for i := range got {
		assert.Equal(t, want, got[i], "request %d sees every setting fully expanded", i)
	}
}

func TestUnknownSettings(t *testing.T) {
	f := &settingsFile{text: "name = shop\nlog = /var/log/${name}${suffix}\n"}
	s := NewSettings(f.read)

	v, err := s.Get("log")
	require.NoError(t, err)
	assert.Equal(t, "/var/log/shop", v, "a reference to an unknown setting expands to nothing")
	_, err = s.Get("suffix")
	assert.ErrorIs(t, err, ErrUnknown, "a setting that is not in the file is unknown")
}

func TestAFileThatCannotBeRead(t *testing.T) {
	errDisk := errors.New("disk on fire")
	f := &settingsFile{err: errDisk}
	s := NewSettings(f.read)

	_, err := s.Get("port")
	assert.ErrorIs(t, err, errDisk, "the error of the read is returned")
	_, err = s.Get("host")
	assert.ErrorIs(t, err, errDisk, "every Get returns the error of the one read")
	assert.Equal(t, 1, f.count(), "the file is read once, even when that read fails")
}
