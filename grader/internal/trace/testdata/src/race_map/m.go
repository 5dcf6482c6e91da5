package racemap

// Counter counts words, without a lock.
type Counter struct{ v map[string]int }

// Inc counts key once.
func (c *Counter) Inc(key string) { c.v[key]++ }

// Value returns the count of key.
func (c *Counter) Value(key string) int { return c.v[key] }
