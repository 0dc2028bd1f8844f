//go:build unix

package main

import (
	"os"
	"runtime"
	"syscall"
)

// peakMB is the peak memory (resident set) of a process that has ended,
// in megabytes.
func peakMB(ps *os.ProcessState) float64 {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0
	}
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		return float64(ru.Maxrss) / (1 << 20) // bytes there
	}
	return float64(ru.Maxrss) / 1024 // kilobytes
}
