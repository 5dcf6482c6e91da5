package chanjanitornostop

import (
	"testing"
	"time"
)

func TestSetGet(t *testing.T) {
	c := New(time.Hour)
	defer c.Close()
	c.Set("token", "abc")
	if v, ok := c.Get("token"); !ok || v != "abc" {
		t.Fatalf("Get = %q, %v", v, ok)
	}
	if _, ok := c.Get("missing"); ok {
		t.Fatal("missing key found")
	}
}
