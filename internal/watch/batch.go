package watch

import (
	"slices"
	"time"
)

// A clock makes timers. Tests use a fake one, so that batching can be
// tested without sleeping.
type clock interface {
	Now() time.Time
	// Timer returns a channel that receives once, after d, and a function
	// that stops the timer.
	Timer(d time.Duration) (<-chan time.Time, func() bool)
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Timer(d time.Duration) (<-chan time.Time, func() bool) {
	t := time.NewTimer(d)
	return t.C, t.Stop
}

// A batcher turns a stream of changed paths into batches.
//
// The first change after a quiet spell starts work almost at once: its
// batch is cut as soon as no change has arrived for lead (a few
// milliseconds), which is enough to gather the events of one save (an
// editor's rename, create and write come within a millisecond) and no
// more than an editor would notice. Changes that go on arriving after that
// first batch are a burst (a git checkout is hundreds of files; a save
// several events): they are batched until none has arrived for quiet, or
// maxWait after the first of them if changes never stop. A first batch
// that names a path that is gone, or a directory, waits for quiet too: an
// editor that renames the file away before writing the new one may be
// halfway through its save (a build then would report the file missing),
// and editors do not make directories, while a checkout or a copy of a tree
// does, and goes on. While the reader
// is busy (building), new changes join the batch waiting for it, so a
// reader that is slower than the changes sees one batch per build, never a
// backlog: a checkout of 500 files is one or two builds.
type batcher struct {
	lead, quiet, maxWait time.Duration
	clock                clock
	// unsettled reports whether a changed path is not there now, or is a
	// directory; nil for a batcher that never asks.
	unsettled func(p string) bool
}

// run batches the paths from in onto out until done is closed, then
// closes out.
func (b batcher) run(in <-chan string, out chan<- []string, done <-chan struct{}) {
	defer close(out)
	var (
		pending = map[string]bool{} // changes since the last batch was cut
		first   time.Time           // when the first of pending arrived
		last    time.Time           // when the latest change arrived; zero before any
		leading bool                // pending started after a quiet spell: cut it after lead
		fire    <-chan time.Time    // when to cut pending into a batch
		stop    func() bool
		ready   []string // a batch the reader has not taken yet
	)
	for {
		var send chan<- []string
		if ready != nil {
			send = out
		}
		select {
		case <-done:
			if stop != nil {
				stop()
			}
			return
		case p := <-in:
			now := b.clock.Now()
			if len(pending) == 0 {
				first = now
				leading = last.IsZero() || now.Sub(last) >= b.quiet
			}
			last = now
			pending[p] = true
			if stop != nil {
				stop()
			}
			wait := b.quiet
			if leading {
				wait = b.lead
			}
			wait = max(min(wait, b.maxWait-now.Sub(first)), 0)
			fire, stop = b.clock.Timer(wait)
		case <-fire:
			fire, stop = nil, nil
			if leading && b.anyUnsettled(pending) {
				leading = false
				wait := max(min(b.quiet-b.lead, b.maxWait-b.clock.Now().Sub(first)), 0)
				fire, stop = b.clock.Timer(wait)
				continue
			}
			for p := range pending {
				ready = append(ready, p)
			}
			slices.Sort(ready)
			ready = slices.Compact(ready)
			pending = map[string]bool{}
		case send <- ready:
			ready = nil
		}
	}
}

// anyUnsettled reports whether a path of pending is unsettled.
func (b batcher) anyUnsettled(pending map[string]bool) bool {
	if b.unsettled == nil {
		return false
	}
	for p := range pending {
		if b.unsettled(p) {
			return true
		}
	}
	return false
}
