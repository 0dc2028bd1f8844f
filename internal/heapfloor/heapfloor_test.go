package heapfloor

import (
	"math"
	"runtime/debug"
	"testing"
	"time"
)

// gcPercent returns the collector's GOGC, leaving it as it is.
func gcPercent() int {
	p := debug.SetGCPercent(-1)
	debug.SetGCPercent(p)
	return p
}

// Under the floor the collector is off; allocating past it starts a
// collection, after which the collector runs at GOGC=100 with no limit.
func TestSet(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	defer debug.SetGCPercent(gcPercent())
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))

	Set(64 << 20)
	if p, lim := gcPercent(), debug.SetMemoryLimit(-1); p != -1 || lim != 64<<20 {
		t.Fatalf("after Set: GOGC %d, limit %d; want off, %d", p, lim, 64<<20)
	}
	var keep [][]byte
	deadline := time.Now().Add(10 * time.Second)
	for gcPercent() != 100 {
		if time.Now().After(deadline) {
			t.Fatal("GOGC is still off after allocating past the floor for 10 s")
		}
		// Garbage past the floor, in blocks the runtime must get anew.
		for range 64 {
			keep = append(keep, make([]byte, 1<<20))
		}
		keep = keep[:0]
		time.Sleep(time.Millisecond) // for the cleanup's goroutine
	}
	if lim := debug.SetMemoryLimit(-1); lim != math.MaxInt64 {
		t.Errorf("after the first collection: limit %d, want none", lim)
	}
}

// GOGC or GOMEMLIMIT in the environment is the user's choice: Set leaves
// the collector alone.
func TestSetRespectsEnvironment(t *testing.T) {
	for _, env := range []string{"GOGC", "GOMEMLIMIT"} {
		t.Setenv("GOGC", "")
		t.Setenv("GOMEMLIMIT", "")
		t.Setenv(env, "200")
		before := gcPercent()
		Set(64 << 20)
		if p := gcPercent(); p != before {
			t.Errorf("%s set: GOGC %d after Set, want %d", env, p, before)
		}
	}
}
