package orderstartbeforeinit

import "testing"

func TestStatus(t *testing.T) {
	s := NewServer(Config{Name: "apiserver", Port: 6443})
	defer s.Stop()
	if got := <-s.Status; got != "apiserver listening on :6443" {
		t.Fatalf("status = %q", got)
	}
}
