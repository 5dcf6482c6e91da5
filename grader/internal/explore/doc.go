// Package explore perturbs the schedule of a package's goroutines, on a stock Go toolchain, to
// bring out the concurrency bugs that lucky schedules hide.
//
// Instrument rewrites a Go file (located with go/ast, inserted on the same lines, each
// insertion followed by a /*line*/ directive, so every reported position is the original one)
// to call a scheduling point around each concurrency operation: channel sends, receives,
// selects and closes; Lock, Unlock, RLock, RUnlock, TryLock; WaitGroup Add, Done, Wait and Go;
// Cond Wait, Signal and Broadcast; Once.Do; sync/atomic operations; go statements. Overlay does
// it for a whole package in the build overlay (never the files on disk) and adds RuntimeFile,
// which defines the point.
//
// A run is perturbed by giving it a Schedule (Env): a seed, which chooses its GOMAXPROCS (1, 2
// or 4), the probability with which a point yields, which half of the points are active and
// how many times each yields. Without the environment variable every point returns at once,
// so the instrumented binary also serves plain runs. A seed replays its schedule's choices, not
// the whole interleaving: the operating system still schedules the threads, so a replay
// reproduces a failure often, not always (docs/performance.md has the figure).
package explore
