package textdiff

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestUnified(t *testing.T) {
	a := "package p\n\nfunc (c *C) Inc() {\n\tc.v++\n}\n"
	b := "package p\n\nfunc (c *C) Inc() {\n\tc.mu.Lock()\n\tdefer c.mu.Unlock()\n\tc.v++\n}\n"
	var w bytes.Buffer
	assert.True(t, Unified(&w, "yours", "solution", a, b, 1))
	assert.Equal(t, `--- yours
+++ solution
@@ -3,2 +3,4 @@
 func (c *C) Inc() {
+	c.mu.Lock()
+	defer c.mu.Unlock()
 	c.v++
`, w.String())
}

func TestEqual(t *testing.T) {
	var w bytes.Buffer
	assert.False(t, Unified(&w, "a", "b", "x\n", "x\n", 3))
	assert.Empty(t, w.String())
}

func TestFarApartChangesMakeTwoHunks(t *testing.T) {
	a := "1\n2\n3\n4\n5\n6\n7\n8\n9\n"
	b := "1\nTWO\n3\n4\n5\n6\n7\nEIGHT\n9\n"
	var w bytes.Buffer
	Unified(&w, "a", "b", a, b, 1)
	assert.Equal(t, "--- a\n+++ b\n@@ -1,3 +1,3 @@\n 1\n-2\n+TWO\n 3\n@@ -7,3 +7,3 @@\n 7\n-8\n+EIGHT\n 9\n", w.String())
}
