package selectempty

import "testing"

func TestServe(t *testing.T) {
	Serve()
}
