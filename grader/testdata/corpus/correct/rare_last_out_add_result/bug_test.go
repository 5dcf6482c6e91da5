package rarelastoutaddresult

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestCrawl(t *testing.T) {
	pages := map[string]string{"/": "<html>home</html>", "/about": "<html>about us</html>"}
	c := Start([]string{"/", "/about"}, func(u string) int { return len(pages[u]) })
	assert.Equal(t, map[string]int{"/": 17, "/about": 21}, c.Wait())
}
