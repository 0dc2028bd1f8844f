// Package cputime tells how much CPU time this process has used, for
// benchmarks that report CPU beside wall time: on a machine that other work
// slows down, CPU time says the same from one run to the next.
package cputime

import "time"

// Self returns the CPU time this process has used, user and system, and
// false where the system does not tell (then 0).
func Self() (time.Duration, bool) { return self() }
