//go:build !unix

package main

import "os"

// peakMB is 0 where the system does not report a process's peak memory to
// Go.
func peakMB(*os.ProcessState) float64 { return 0 }
