// Kata 65: debounce timer.
//
// Autosave saves a note in a notes app once the user stops typing. This is
// the file to fix: make the tests in kata_test.go pass without changing them.
package debouncetimer

import (
	"sync"
	"time"
)

// Autosave saves the latest text of a note once no edit has come for a
// quiet period. Edit and Close may be called from any goroutine: the
// editor's window and the sync client that merges remote changes both edit
// the note.
type Autosave struct {
	quiet time.Duration
	save  func(text string) // writes the note to disk

	mu     sync.Mutex
	text   string // the latest text
	dirty  bool   // text has not been saved yet
	closed bool
}

// New returns an Autosave that calls save once no edit has come for quiet.
func New(quiet time.Duration, save func(text string)) *Autosave {
	return &Autosave{quiet: quiet, save: save}
}

// Edit records the note's new text. It returns at once: the note is saved
// later, once the user has paused for the quiet period, and only once for
// the whole burst of edits before the pause.
func (a *Autosave) Edit(text string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return
	}
	a.text = text
	a.dirty = true
	time.AfterFunc(a.quiet, a.flush)
}

// flush saves the latest text, unless it is saved already.
func (a *Autosave) flush() {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed || !a.dirty {
		return
	}
	a.dirty = false
	a.save(a.text)
}

// Close saves an unsaved edit at once and stops the autosave: no save
// happens after Close returns, and later edits are ignored.
func (a *Autosave) Close() {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return
	}
	a.closed = true
	if a.dirty {
		a.dirty = false
		a.save(a.text)
	}
}
