package browsertest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
)

// A PDF's page count is read from its page tree, whichever order /Type and /Count come in.
func TestPDFPages(t *testing.T) {
	for _, tc := range []struct {
		pdf  string
		want int
	}{
		{"1 0 obj << /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >> endobj", 2},
		{"2 0 obj << /Count 9 /Kids [] /Type /Pages >> endobj 5 0 obj << /Type /Pages /Count 3 >> endobj", 9},
	} {
		p := filepath.Join(t.TempDir(), "x.pdf")
		assert.NoError(t, os.WriteFile(p, []byte(tc.pdf), 0o644))
		assert.Equal(t, tc.want, PDFPages(t, p), tc.pdf)
	}
}
