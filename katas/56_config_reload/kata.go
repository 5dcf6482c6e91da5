// Kata 56: a configuration reloaded in place.
//
// Gateway is an API gateway: it forwards each request to the backend that
// its configuration names, with the API key of that backend. The operator
// reloads the configuration while requests are being served. This is the
// file to fix: make the tests in kata_test.go pass without changing them.
package configreload

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Config says where the gateway forwards requests, and with which key.
type Config struct {
	Backend string // host:port of the backend
	APIKey  string // the key that this backend accepts
}

// Backend is a connection to one backend.
type Backend interface {
	Call(apiKey, request string) (string, error)
}

// DialFunc connects to the backend at addr.
type DialFunc func(addr string) (Backend, error)

// Gateway forwards requests to the configured backend.
type Gateway struct {
	dial DialFunc
	cfg  *Config
}

// NewGateway returns a gateway that starts with the configuration cfg.
func NewGateway(cfg Config, dial DialFunc) *Gateway {
	return &Gateway{dial: dial, cfg: &cfg}
}

// Forward sends request to the configured backend and returns its answer.
// Requests call Forward concurrently, and while the operator reloads.
func (g *Gateway) Forward(request string) (string, error) {
	b, err := g.dial(g.cfg.Backend)
	if err != nil {
		return "", fmt.Errorf("forward: %w", err)
	}
	return b.Call(g.cfg.APIKey, request)
}

// Config returns the configuration in force.
func (g *Gateway) Config() Config {
	return *g.cfg
}

// Reload reads a new configuration, one "key = value" per line (keys:
// backend, api_key), and puts it in force. A key left out keeps its value.
// On an error nothing changes. The operator reloads one file at a time.
func (g *Gateway) Reload(r io.Reader) error {
	backend, apiKey := g.cfg.Backend, g.cfg.APIKey
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, value, ok := strings.Cut(line, "=")
		if !ok {
			return fmt.Errorf("reload: %q is not key = value", line)
		}
		switch key, value = strings.TrimSpace(key), strings.TrimSpace(value); key {
		case "backend":
			backend = value
		case "api_key":
			apiKey = value
		default:
			return fmt.Errorf("reload: unknown key %q", key)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("reload: %w", err)
	}
	g.cfg.Backend = backend
	g.cfg.APIKey = apiKey
	return nil
}
