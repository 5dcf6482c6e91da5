// Kata 27 "echo_stats": this is the file to fix.
//
// A small echo service counts how many requests each route received and
// serves the counts as JSON on /stats, so the on-call dashboard can show
// which endpoints are busy.
package echostats

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// Stats counts requests per route pattern (for example "/orders/:id").
type Stats struct {
	counts map[string]int
}

// NewStats returns an empty set of counters.
func NewStats() *Stats {
	return &Stats{counts: make(map[string]int)}
}

// Middleware counts every request by its route pattern, then calls the
// next handler.
func (s *Stats) Middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		s.counts[c.Path()]++
		return next(c)
	}
}

// Snapshot returns a copy of the counters.
func (s *Stats) Snapshot() map[string]int {
	snapshot := make(map[string]int, len(s.counts))
	for path, n := range s.counts {
		snapshot[path] = n
	}
	return snapshot
}

// Handler serves the counters as a JSON object.
func (s *Stats) Handler(c echo.Context) error {
	return c.JSON(http.StatusOK, s.Snapshot())
}

// NewServer wires the routes of the service.
func NewServer(s *Stats) *echo.Echo {
	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	e.Use(s.Middleware)

	e.GET("/orders/:id", func(c echo.Context) error {
		return c.String(http.StatusOK, "order "+c.Param("id"))
	})
	e.GET("/health", func(c echo.Context) error {
		return c.String(http.StatusOK, "ok")
	})
	e.GET("/stats", s.Handler)
	return e
}
