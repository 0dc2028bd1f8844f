// Package heapfloor lets a short-lived process allocate up to a floor
// before the garbage collector first runs.
//
// Go's collector starts with a heap goal of 4 MB and doubles it as the
// live heap grows, so a process that builds a small site in a fifth of a
// second collects many times, though it will exit holding all it made:
// `dossier build` of the shipped dossier spent about a tenth of its wall
// time so. esbuild turns the collector off for its one-shot builds; a
// dossier may be large enough to need it, so Set turns it off only until
// the process's memory reaches the floor, then gives the collector back
// its usual pace (GOGC=100): a build that stays under the floor never
// collects, and a larger one collects as it would have, from the floor.
package heapfloor

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
)

// Set turns the collector off until the Go runtime's memory reaches floor
// bytes, and back to GOGC=100 after the first collection that this, or
// anything else, starts. It does nothing when GOGC or GOMEMLIMIT is set
// in the environment: whoever set them has chosen. It is for commands
// that do one job and exit, not for a server.
func Set(floor int64) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(floor)
	// The cleanup of an object nothing holds runs after the first
	// collection; the object must have pointers, or it could share a
	// block with others (the tiny allocator) and outlive the collection.
	type sentinel struct{ _ *int }
	runtime.AddCleanup(&sentinel{}, func(struct{}) {
		debug.SetGCPercent(100)
		debug.SetMemoryLimit(math.MaxInt64)
	}, struct{}{})
}
