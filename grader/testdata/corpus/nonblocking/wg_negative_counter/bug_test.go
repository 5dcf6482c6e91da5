package wgnegativecounter

import (
	"errors"
	"testing"
)

func TestDeleteAllReportsConflicts(t *testing.T) {
	errConflict := errors.New("the object has been modified")
	err := DeleteAll([]string{"pod/a", "pod/b", "rs/web"}, func(o string) error {
		if o == "rs/web" {
			return errConflict
		}
		return nil
	})
	if !errors.Is(err, errConflict) {
		t.Fatalf("got %v", err)
	}
}
