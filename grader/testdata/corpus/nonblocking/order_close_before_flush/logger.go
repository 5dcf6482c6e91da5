// Package orderclosebeforeflush is an asynchronous audit logger.
package orderclosebeforeflush

import "sync"

// Logger writes entries from a background goroutine.
type Logger struct {
	entries chan string
	mu      sync.Mutex
	written []string
}

// NewLogger starts the writer.
func NewLogger() *Logger {
	l := &Logger{entries: make(chan string, 128)}
	go l.writer()
	return l
}

func (l *Logger) writer() {
	for e := range l.entries {
		l.mu.Lock()
		l.written = append(l.written, e)
		l.mu.Unlock()
	}
}

// Log queues an entry.
func (l *Logger) Log(e string) { l.entries <- e }

// Close stops accepting entries; everything logged before is written.
func (l *Logger) Close() { close(l.entries) }

// Written returns the entries written so far.
func (l *Logger) Written() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.written...)
}
