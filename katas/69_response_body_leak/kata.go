// Kata 69: response body leak.
//
// An uptime monitor probes the health pages of a company's backends, once a
// round, for as long as the service runs, and reports which of them are up.
// This is the file to fix: make the tests in kata_test.go pass without
// changing them.
package responsebodyleak

import (
	"fmt"
	"net/http"
	"time"
)

// Result is the outcome of one probe.
type Result struct {
	URL    string
	Up     bool  // the backend answered 200 OK
	Status int   // the HTTP status, 0 if there was no answer
	Err    error // why the backend is down, if it is
}

// Monitor probes backends over HTTP.
type Monitor struct {
	client *http.Client
}

// NewMonitor returns a monitor whose probes give up after timeout.
func NewMonitor(timeout time.Duration) *Monitor {
	return &Monitor{client: &http.Client{Timeout: timeout}}
}

// Run probes every URL, one after the other, each time a tick arrives, and
// hands the round's results to report. It returns when ticks is closed. In
// production ticks is a time.Ticker's channel and Run lives as long as the
// service.
func (m *Monitor) Run(ticks <-chan time.Time, urls []string, report func([]Result)) {
	for range ticks {
		results := make([]Result, 0, len(urls))
		for _, url := range urls {
			resp, err := m.client.Get(url)
			if err != nil {
				results = append(results, Result{URL: url, Err: err})
				continue
			}
			r := Result{URL: url, Status: resp.StatusCode, Up: resp.StatusCode == http.StatusOK}
			if !r.Up {
				r.Err = fmt.Errorf("%s answered %s", url, resp.Status)
			}
			results = append(results, r)
		}
		report(results)
	}
}
