// Package linear helps fuzz tests check that work grows linearly with the
// input: a parser given its input four times over may allocate about four
// times as much, not sixteen.
package linear

import "runtime"

// Allocated returns the bytes f allocates.
func Allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}
