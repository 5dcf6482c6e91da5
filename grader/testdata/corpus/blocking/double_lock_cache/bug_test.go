package doublelockcache

import "testing"

func TestGetHitAndMiss(t *testing.T) {
	loads := 0
	c := New(func(key string) (string, error) {
		loads++
		return "sha256:" + key, nil
	})
	c.Set("alpine", "sha256:cached")
	if v, _ := c.Get("alpine"); v != "sha256:cached" {
		t.Fatalf("hit: got %q", v)
	}
	v, err := c.Get("busybox")
	if err != nil || v != "sha256:busybox" {
		t.Fatalf("miss: got %q, %v", v, err)
	}
	if loads != 1 {
		t.Fatalf("loads = %d, want 1", loads)
	}
}
