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
// A batch is sent once no change has arrived for quiet (a save is usually
// several events; a git checkout is hundreds), or maxWait after its first
// change if changes never stop. While the reader is busy (building), new
// changes join the batch waiting for it, so a reader that is slower than
// the changes sees one batch per build, never a backlog.
type batcher struct {
	quiet, maxWait time.Duration
	clock          clock
}

// run batches the paths from in onto out until done is closed, then
// closes out.
func (b batcher) run(in <-chan string, out chan<- []string, done <-chan struct{}) {
	defer close(out)
	var (
		pending = map[string]bool{} // changes since the last batch was cut
		first   time.Time           // when the first of pending arrived
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
			}
			pending[p] = true
			if stop != nil {
				stop()
			}
			wait := max(min(b.quiet, b.maxWait-now.Sub(first)), 0)
			fire, stop = b.clock.Timer(wait)
		case <-fire:
			fire, stop = nil, nil
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
