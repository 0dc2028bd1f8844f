package watch

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

// fakeClock lets a test decide when time passes and timers fire.
type fakeClock struct {
	now     time.Time
	created chan *fakeTimer // each timer the batcher makes, in order
}

type fakeTimer struct {
	d       time.Duration
	c       chan time.Time
	stopped bool
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2022, 1, 5, 12, 0, 0, 0, time.UTC), created: make(chan *fakeTimer, 1000)}
}

// Now is called only by the batcher's goroutine, while the test waits on
// created; the channel orders the accesses.
func (c *fakeClock) Now() time.Time { return c.now }

func (c *fakeClock) Timer(d time.Duration) (<-chan time.Time, func() bool) {
	t := &fakeTimer{d: d, c: make(chan time.Time, 1)}
	c.created <- t
	return t.c, func() bool { t.stopped = true; return true }
}

// harness runs a batcher with a fake clock.
type harness struct {
	t     *testing.T
	clock *fakeClock
	in    chan string
	out   chan []string
	done  chan struct{}
	timer *fakeTimer // the latest timer
}

func newHarness(t *testing.T, gone ...string) *harness {
	h := &harness{t: t, clock: newFakeClock(), in: make(chan string), out: make(chan []string), done: make(chan struct{})}
	b := batcher{lead: 5 * time.Millisecond, quiet: 75 * time.Millisecond, maxWait: time.Second, clock: h.clock,
		unsettled: func(p string) bool { return slices.Contains(gone, p) }}
	go b.run(h.in, h.out, h.done)
	t.Cleanup(func() {
		close(h.done)
		for range h.out { // wait for the batcher to end
		}
	})
	return h
}

// change sends a change after advance has passed, and returns the delay of
// the timer the batcher set for it.
func (h *harness) change(advance time.Duration, p string) time.Duration {
	h.clock.now = h.clock.now.Add(advance)
	h.in <- p
	h.timer = <-h.clock.created
	return h.timer.d
}

// fire lets the latest timer go off.
func (h *harness) fire() {
	h.timer.c <- h.clock.now
}

func TestBatchStartsTheFirstBatchAtOnce(t *testing.T) {
	// A save after a quiet spell: its events (rename, create, write) come
	// within a millisecond, and the batch is cut 5 ms after the last.
	h := newHarness(t)
	for i, p := range []string{"content/a.md", "content/a.md", "content/a.md"} {
		if d := h.change(200*time.Microsecond, p); d != 5*time.Millisecond {
			t.Fatalf("change %d: timer %v, want the lead 5ms", i, d)
		}
	}
	h.fire()
	if got := <-h.out; !slices.Equal(got, []string{"content/a.md"}) {
		t.Fatalf("got %q", got)
	}
	// The next save, a second later, is again the first of a burst.
	if d := h.change(time.Second, "content/b.md"); d != 5*time.Millisecond {
		t.Fatalf("timer %v, want the lead 5ms", d)
	}
	h.fire()
	if got := <-h.out; !slices.Equal(got, []string{"content/b.md"}) {
		t.Fatalf("got %q", got)
	}
}

func TestBatchWaitsWhenAFileIsGone(t *testing.T) {
	// vim renamed a.md away and has not written the new one yet: the
	// first batch waits for the quiet period, as the rest of a burst.
	h := newHarness(t, "content/a.md")
	if d := h.change(0, "content/a.md"); d != 5*time.Millisecond {
		t.Fatalf("timer %v, want the lead 5ms", d)
	}
	h.clock.now = h.clock.now.Add(5 * time.Millisecond)
	h.fire()
	h.timer = <-h.clock.created
	if h.timer.d != 70*time.Millisecond {
		t.Fatalf("timer %v, want the 70ms left of the quiet period", h.timer.d)
	}
	select {
	case got := <-h.out:
		t.Fatalf("sent %q at once", got)
	default:
	}
	// Still gone after the quiet period: it was deleted, and is sent.
	h.fire()
	if got := <-h.out; !slices.Equal(got, []string{"content/a.md"}) {
		t.Fatalf("got %q", got)
	}
}

func TestBatchCoalescesABurst(t *testing.T) {
	// A git checkout: hundreds of files, some of them more than once. The
	// first files go at once; the rest of the burst, still arriving, waits
	// for the quiet period and is one batch.
	h := newHarness(t)
	if d := h.change(0, "content/events/e000.md"); d != 5*time.Millisecond {
		t.Fatalf("first change: timer %v, want the lead 5ms", d)
	}
	h.clock.now = h.clock.now.Add(5 * time.Millisecond)
	h.fire()
	if got := <-h.out; !slices.Equal(got, []string{"content/events/e000.md"}) {
		t.Fatalf("first batch %q", got)
	}
	var want []string
	for i := 1; i < 300; i++ {
		p := fmt.Sprintf("content/events/e%03d.md", i)
		want = append(want, p)
		if d := h.change(100*time.Microsecond, p); d != 75*time.Millisecond {
			t.Fatalf("change %d: timer %v, want the quiet period 75ms", i, d)
		}
		h.change(0, p)
	}
	h.fire()
	got := <-h.out
	if !slices.Equal(got, want) {
		t.Fatalf("got a batch of %d paths, want the 299 paths once each", len(got))
	}
	// Every earlier timer was stopped, so nothing else can fire.
	if len(h.clock.created) != 0 {
		t.Fatalf("%d timers left", len(h.clock.created))
	}
}

func TestBatchWaitsAtMostMaxWait(t *testing.T) {
	// After the first batch, a change every 50 ms never leaves 75 ms of
	// quiet: the batch is sent one second after its first change all the
	// same.
	h := newHarness(t)
	h.change(0, "content/x.md")
	h.fire()
	<-h.out
	h.change(10*time.Millisecond, "content/a.md")
	for i := 1; i <= 18; i++ {
		if d := h.change(50*time.Millisecond, "content/a.md"); d != 75*time.Millisecond {
			t.Fatalf("at %d ms: timer %v, want 75ms", i*50, d)
		}
	}
	// At 970 ms: 30 ms left.
	if d := h.change(70*time.Millisecond, "content/b.md"); d != 30*time.Millisecond {
		t.Fatalf("timer %v, want the 30ms left of MaxWait", d)
	}
	h.fire()
	if got := <-h.out; !slices.Equal(got, []string{"content/a.md", "content/b.md"}) {
		t.Fatalf("got %q", got)
	}
	// The next change, 10 ms later, is still the burst: the full quiet
	// period.
	if d := h.change(10*time.Millisecond, "content/c.md"); d != 75*time.Millisecond {
		t.Fatalf("timer %v, want 75ms", d)
	}
}

func TestBatchJoinsChangesWhileReaderIsBusy(t *testing.T) {
	// The reader is building: batches cut meanwhile become one.
	h := newHarness(t)
	h.change(0, "content/a.md")
	h.fire()
	h.change(time.Second, "content/b.md")
	h.fire()
	h.change(time.Second, "templates/x.html")
	h.change(time.Millisecond, "content/a.md")
	h.fire()
	if got := <-h.out; !slices.Equal(got, []string{"content/a.md", "content/b.md", "templates/x.html"}) {
		t.Fatalf("got %q", got)
	}
}
