package cputime

import (
	"runtime"
	"testing"
)

// TestSelfGrows spins for a while and checks that the CPU time grew.
func TestSelfGrows(t *testing.T) {
	before, ok := Self()
	if !ok {
		t.Skipf("%s does not tell a process its CPU time", runtime.GOOS)
	}
	x := 0
	for {
		for i := range 1 << 20 {
			x ^= i
		}
		if now, _ := Self(); now > before {
			break
		}
	}
	_ = x
}
