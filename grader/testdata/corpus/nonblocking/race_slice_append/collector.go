// Package racesliceappend gathers health-check failures from parallel probes.
package racesliceappend

import "fmt"

// Probe checks one endpoint.
type Probe func(endpoint string) error

// Failures runs probe against every endpoint in parallel and returns the failures.
func Failures(endpoints []string, probe Probe) []string {
	var failures []string
	done := make(chan struct{})
	for _, ep := range endpoints {
		go func() {
			defer func() { done <- struct{}{} }()
			if err := probe(ep); err != nil {
				failures = append(failures, fmt.Sprintf("%s: %v", ep, err))
			}
		}()
	}
	for range endpoints {
		<-done
	}
	return failures
}
