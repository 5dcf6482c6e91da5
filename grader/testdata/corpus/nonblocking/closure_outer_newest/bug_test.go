package closureouternewest

import "testing"

type staticMirror []string

func (s staticMirror) List(found func(string)) {
	for _, v := range s {
		found(v)
	}
}

func TestNewest(t *testing.T) {
	mirrors := []Mirror{
		staticMirror{"v1.28.0", "v1.29.3"},
		staticMirror{"v1.30.1", "v1.29.9"},
		staticMirror{"v1.27.5"},
	}
	if got := Newest(mirrors); got != "v1.30.1" {
		t.Fatalf("Newest = %q, want v1.30.1", got)
	}
}
