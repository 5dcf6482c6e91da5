// Kata 29 "echo_shutdown": this is the file to fix.
//
// A price-quote service built on echo counts the quotes it serves and,
// every few seconds, flushes the count to the metrics system. When the
// process is told to stop, Shutdown drains the HTTP server gracefully so
// that a rolling deploy never drops a request.
package echoshutdown

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
)

// Server is the quote service.
type Server struct {
	e        *echo.Echo
	quotes   atomic.Int64
	flushed  atomic.Int64
	interval time.Duration
	served   chan error

	// The background goroutines are owned by the server: stop cancels
	// them and bg waits for them, so Shutdown leaves nothing running.
	stop context.CancelFunc
	bg   sync.WaitGroup
}

// New builds the service; metrics are flushed every interval.
func New(interval time.Duration) *Server {
	s := &Server{e: echo.New(), interval: interval, served: make(chan error, 1)}
	s.e.HideBanner = true
	s.e.HidePort = true
	s.e.GET("/quote/:symbol", func(c echo.Context) error {
		s.quotes.Add(1)
		return c.JSON(http.StatusOK, map[string]any{"symbol": c.Param("symbol"), "cents": 4200})
	})
	return s
}

// Start serves HTTP on ln and starts the metrics flusher.
func (s *Server) Start(ln net.Listener) {
	s.e.Listener = ln
	go func() {
		err := s.e.Start("")
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		s.served <- err
	}()
	ctx, cancel := context.WithCancel(context.Background())
	s.stop = cancel
	s.bg.Go(func() { s.flushMetrics(ctx) })
}

// flushMetrics pushes the quote count to the metrics system every interval
// until ctx is cancelled, with a last flush on the way out.
func (s *Server) flushMetrics(ctx context.Context) {
	ticker := time.NewTicker(s.interval)
	defer ticker.Stop()
	for {
		select {
		case <-ticker.C:
			s.flushed.Store(s.quotes.Load())
		case <-ctx.Done():
			s.flushed.Store(s.quotes.Load())
			return
		}
	}
}

// Quotes reports how many quotes were served.
func (s *Server) Quotes() int64 { return s.quotes.Load() }

// Shutdown stops the service gracefully: in-flight requests finish, new
// ones are refused, and Shutdown returns once everything has stopped.
func (s *Server) Shutdown(ctx context.Context) error {
	defer func() {
		s.stop()
		s.bg.Wait()
	}()
	if err := s.e.Shutdown(ctx); err != nil {
		return err
	}
	return <-s.served
}
