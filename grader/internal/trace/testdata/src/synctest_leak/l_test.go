package synctestleak

import (
	"testing"
	"testing/synctest"
)

func TestGenerate(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		out, quit := make(chan int), make(chan struct{})
		go Generate(out, quit)
		<-out
	})
}
