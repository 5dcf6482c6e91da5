// Package handout renders the workshop handouts: one page per kata, an overview of the course,
// and one all-in-one printable page, as Markdown or as a self-contained HTML site.
//
// A kata's handout has one source, its README.md, with a header built from the kata metadata
// (track, difficulty, concepts, declared failure); nothing is written twice by hand. The HTML is
// rendered with goldmark, code is highlighted with chroma using inline styles, and the CSS is
// embedded in each page, so the site works offline with no fonts or scripts from elsewhere. The
// print CSS puts each kata on one A4 page and never cuts a code block.
package handout
