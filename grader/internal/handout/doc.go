// Package handout renders the workshop handouts: one page per kata, an overview of the course,
// and one all-in-one printable page, as Markdown or as a self-contained HTML site.
//
// A kata's handout has one source, its README.md, with a header built from the kata metadata
// (track, difficulty, concepts, declared failure); nothing is written twice by hand. The HTML is
// rendered with goldmark; fenced Go code is highlighted with the standard library's go/scanner
// (highlight.go), and the CSS is embedded in each page, so the site works offline with no fonts
// or scripts from elsewhere. The print CSS puts each kata on one A4 page and never cuts a code
// block. (A syntax-highlighting library was used before; its start-up cost, about 35 ms of
// registering lexers and styles, was paid by every grader command, handouts or not.)
package handout
