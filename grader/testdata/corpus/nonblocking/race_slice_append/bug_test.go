package racesliceappend

import (
	"errors"
	"testing"
)

func TestFailuresCollected(t *testing.T) {
	endpoints := []string{"db:5432", "cache:6379", "queue:5672", "search:9200"}
	got := Failures(endpoints, func(string) error { return errors.New("connection refused") })
	if len(got) != len(endpoints) {
		t.Fatalf("got %d failures, want %d: %v", len(got), len(endpoints), got)
	}
}
