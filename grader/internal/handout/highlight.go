package handout

import (
	"bytes"
	"go/scanner"
	"go/token"
	"html/template"
	"io"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// codeRenderer renders fenced code blocks: Go is highlighted with the standard library's own
// scanner (keywords, literals, comments, as classes the page's CSS colours); anything else is
// shown as written.
type codeRenderer struct{}

func (codeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, renderFenced)
}

func renderFenced(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.FencedCodeBlock)
	var code bytes.Buffer
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		code.Write(seg.Value(source))
	}
	lang := string(n.Language(source))
	w.WriteString("<pre><code")
	if lang != "" {
		w.WriteString(` class="language-`)
		template.HTMLEscape(w, []byte(lang))
		w.WriteString(`"`)
	}
	w.WriteString(">")
	if lang == "go" {
		highlightGo(w, code.Bytes())
	} else {
		template.HTMLEscape(w, code.Bytes())
	}
	w.WriteString("</code></pre>\n")
	return ast.WalkSkipChildren, nil
}

// highlightGo writes src as HTML, each keyword, literal and comment in a span of its class.
// Text between tokens, and any token whose text the scanner reports differently (a raw string
// with carriage returns), is written as it is.
func highlightGo(w io.Writer, src []byte) {
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(src))
	var s scanner.Scanner
	s.Init(file, src, nil, scanner.ScanComments)
	done := 0
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		class := ""
		switch {
		case tok.IsKeyword():
			class = "kw"
		case tok == token.STRING || tok == token.CHAR:
			class = "str"
		case tok == token.INT || tok == token.FLOAT || tok == token.IMAG:
			class = "num"
		case tok == token.COMMENT:
			class = "com"
		}
		if class == "" {
			continue
		}
		text := lit
		if text == "" {
			text = tok.String()
		}
		off := file.Offset(pos)
		end := off + len(text)
		if off < done || end > len(src) || string(src[off:end]) != text {
			continue
		}
		template.HTMLEscape(w, src[done:off])
		io.WriteString(w, `<span class="`+class+`">`)
		template.HTMLEscape(w, src[off:end])
		io.WriteString(w, "</span>")
		done = end
	}
	template.HTMLEscape(w, src[done:])
}
