package negativewg

import "testing"

func TestRun(t *testing.T) { Run() }
