// Package watch reports changes to a site's files, in batches, in a way that
// survives real editors.
//
// A Watcher watches some directories below a root (for a site: content,
// templates and static) and sends, on Changes, batches of the paths that
// changed, relative to the root and slash-separated, such as
// "content/events/x.md". A path is in a batch when a file or directory was
// created, written, removed or renamed there.
//
// What it takes care of:
//
//   - fsnotify does not recurse, so every directory is watched on its own:
//     the whole tree at start, and each new directory as it appears. A new
//     directory is walked at once, because files created in it before its
//     watch existed send no event. The watches of a removed or renamed
//     directory are dropped (a renamed directory would otherwise go on
//     reporting changes under its old name).
//   - One save is several events, and a git checkout is hundreds. The first
//     change after a quiet spell is sent once no other has arrived for
//     Options.Lead, a few milliseconds, so a save starts its build at once
//     (unless a file of it is missing, as halfway through an atomic save,
//     or it is a new directory, as in a checkout);
//     the changes that follow it are batched until none has arrived for
//     Options.Quiet. While the reader is busy, further changes join one
//     waiting batch (see batcher).
//   - Chmod-only events (touch, a virus scanner, Spotlight) are dropped, and
//     so are editors' temporary and backup files (see Ignored). Atomic saves
//     (write a temporary file, rename it over the original), sed -i and
//     in-place writes all end with an event on the real file.
//   - When the system's inotify limits are reached, the Watcher says so,
//     says how to raise them, and polls instead. Options.Poll polls from
//     the start, for network and VM file systems where inotify sees nothing.
//
// A directory that is itself a symbolic link is not followed.
package watch

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Defaults for Options.
const (
	DefaultLead         = 5 * time.Millisecond
	DefaultQuiet        = 75 * time.Millisecond
	DefaultMaxWait      = 1 * time.Second
	DefaultPollInterval = 250 * time.Millisecond
)

// Options change how a Watcher works. The zero value is ready to use.
type Options struct {
	// Poll finds changes by scanning the files every PollInterval instead
	// of asking the operating system to report them.
	Poll         bool
	PollInterval time.Duration // default DefaultPollInterval
	// Lead is how long no change must arrive before the first batch after
	// a quiet spell is sent, Quiet the same for the batches that follow it
	// while changes go on, and MaxWait how long the first change of a
	// batch waits at most.
	Lead    time.Duration // default DefaultLead
	Quiet   time.Duration // default DefaultQuiet
	MaxWait time.Duration // default DefaultMaxWait
	// Logf, when set, receives messages for the person running the
	// program, such as the fall back to polling and how to avoid it.
	Logf func(format string, args ...any)

	clock clock                                       // tests replace the clock
	add   func(w *fsnotify.Watcher, dir string) error // and fsnotify's Add
}

// Each calls f with each batch of changes, one call at a time, until ctx
// is done or changes is closed. Batches that arrive while f runs wait for
// it, joined into one by the Watcher. It is the rebuild loop of `dossier
// serve` and `dossier build -watch`.
func Each(ctx context.Context, changes <-chan []string, f func(changed []string)) {
	for {
		select {
		case <-ctx.Done():
			return
		case batch, ok := <-changes:
			if !ok {
				return
			}
			f(batch)
		}
	}
}

// EachNewest is Each for work that a newer change makes stale, such as
// the rest of a preview's build once its first page is served: a batch
// that arrives while f runs cancels the context f was given, and once f
// returns, the next call gets that batch joined with the one f had (f may
// have stopped before it was done with it). It ends, after f returns,
// when ctx is done or changes is closed.
func EachNewest(ctx context.Context, changes <-chan []string, f func(ctx context.Context, changed []string)) {
	var batch []string
	for {
		if batch == nil {
			select {
			case <-ctx.Done():
				return
			case b, ok := <-changes:
				if !ok {
					return
				}
				batch = join(b, nil)
			}
		}
		if ctx.Err() != nil {
			return
		}
		fctx, cancel := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() {
			defer close(done)
			f(fctx, batch)
		}()
		var newer []string
		closed := false
	running:
		for {
			select {
			case <-done:
				break running
			case b, ok := <-changes:
				if !ok {
					changes, closed = nil, true // a nil channel is never ready
				} else {
					newer = join(newer, b)
				}
				cancel()
			}
		}
		cancel()
		if closed {
			return
		}
		if newer == nil {
			batch = nil
		} else {
			batch = join(batch, newer)
		}
	}
}

// join returns the paths of a followed by those of b it does not hold;
// never nil, which EachNewest takes for no batch.
func join(a, b []string) []string {
	out := make([]string, 0, len(a)+len(b))
	seen := make(map[string]bool, len(a)+len(b))
	for _, l := range [][]string{a, b} {
		for _, p := range l {
			if !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	return out
}

// A Watcher reports changes below some directories of a root.
type Watcher struct {
	root    string
	dirs    []string // watched directories below root, e.g. "content"
	opts    Options
	raw     chan string // changed paths, relative to root, before batching
	changes chan []string
	done    chan struct{}
	wg      sync.WaitGroup
	polling atomic.Bool
	closing sync.Once

	// Used only by the goroutine that reads fsnotify, after New.
	fsn     *fsnotify.Watcher
	watched map[string]bool // directories watched, as OS paths
}

// New watches the directories dirs (slash-separated, relative to root) and
// everything below them. A directory that does not exist yet is watched
// from the moment it is created.
func New(root string, dirs []string, opts Options) (*Watcher, error) {
	if fi, err := os.Stat(root); err != nil {
		return nil, err
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("%s is not a directory", root)
	}
	if opts.PollInterval <= 0 {
		opts.PollInterval = DefaultPollInterval
	}
	if opts.Lead <= 0 {
		opts.Lead = DefaultLead
	}
	if opts.Quiet <= 0 {
		opts.Quiet = DefaultQuiet
	}
	if opts.MaxWait <= 0 {
		opts.MaxWait = DefaultMaxWait
	}
	opts.Lead = min(opts.Lead, opts.Quiet)
	if opts.Logf == nil {
		opts.Logf = func(string, ...any) {}
	}
	if opts.clock == nil {
		opts.clock = realClock{}
	}
	if opts.add == nil {
		opts.add = (*fsnotify.Watcher).Add
	}
	w := &Watcher{
		root:    filepath.Clean(root),
		dirs:    dirs,
		opts:    opts,
		raw:     make(chan string),
		changes: make(chan []string),
		done:    make(chan struct{}),
	}

	var run func()
	if !opts.Poll {
		if err := w.startNotify(); err != nil {
			w.fallBack(err)
		} else {
			run = w.notify
		}
	}
	if run == nil {
		w.polling.Store(true)
		snap := w.scan()
		run = func() { w.poll(snap) }
	}
	b := batcher{lead: opts.Lead, quiet: opts.Quiet, maxWait: opts.MaxWait, clock: opts.clock, unsettled: w.unsettled}
	w.wg.Go(func() { b.run(w.raw, w.changes, w.done) })
	w.wg.Go(run)
	return w, nil
}

// Changes returns the channel on which batches of changed paths arrive,
// sorted and without duplicates. It is closed by Close.
func (w *Watcher) Changes() <-chan []string { return w.changes }

// Polling reports whether the Watcher scans for changes rather than being
// told of them.
func (w *Watcher) Polling() bool { return w.polling.Load() }

// Close stops watching and closes Changes.
func (w *Watcher) Close() error {
	w.closing.Do(func() { close(w.done) })
	w.wg.Wait()
	return nil
}

// unsettled reports whether the changed path rel is not there now, or is
// a directory (see batcher).
func (w *Watcher) unsettled(rel string) bool {
	if rel == "." {
		return true
	}
	fi, err := os.Lstat(filepath.Join(w.root, filepath.FromSlash(rel)))
	return errors.Is(err, fs.ErrNotExist) || err == nil && fi.IsDir()
}

// send passes one changed path to the batcher.
func (w *Watcher) send(rel string) {
	select {
	case w.raw <- rel:
	case <-w.done:
	}
}

// rel returns name relative to the root, slash-separated, and whether it is
// in one of the watched directories and not ignored. dir says whether name
// is a directory, which vim's probe never is.
func (w *Watcher) rel(name string, dir bool) (string, bool) {
	r, err := filepath.Rel(w.root, name)
	if err != nil || r == "." || strings.HasPrefix(r, "..") {
		return "", false
	}
	r = filepath.ToSlash(r)
	in := false
	for _, d := range w.dirs {
		if r == d || strings.HasPrefix(r, d+"/") {
			in = true
			break
		}
	}
	if !in {
		return "", false
	}
	parts := strings.Split(r, "/")
	for _, part := range parts {
		if Ignored(part) {
			return "", false
		}
	}
	if !dir && Probe(parts[len(parts)-1]) {
		return "", false
	}
	return r, true
}

// errLimit is returned when a watch cannot be added because a system limit
// is reached.
type errLimit struct{ err error }

func (e errLimit) Error() string { return e.err.Error() }
func (e errLimit) Unwrap() error { return e.err }

// startNotify creates the fsnotify watcher and watches the tree.
func (w *Watcher) startNotify() error {
	fsn, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	w.fsn = fsn
	w.watched = map[string]bool{}
	// The root itself, to see the watched directories being created,
	// removed or renamed.
	if err := w.addDir(w.root); err != nil {
		fsn.Close()
		return err
	}
	for _, d := range w.dirs {
		if err := w.addTree(filepath.Join(w.root, filepath.FromSlash(d)), false); err != nil {
			fsn.Close()
			return err
		}
	}
	return nil
}

func (w *Watcher) addDir(dir string) error {
	if err := w.opts.add(w.fsn, dir); err != nil {
		if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EMFILE) {
			return errLimit{err}
		}
		if errors.Is(err, fs.ErrNotExist) {
			return nil // gone already; its parent reports that
		}
		return err
	}
	w.watched[dir] = true
	return nil
}

// addTree watches dir and every directory below it. With emit, it also
// reports every file and directory found, since they may have been created
// before the watch existed.
func (w *Watcher) addTree(dir string, emit bool) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // removed while we walked, or not created yet
			}
			return err
		}
		rel, ok := w.rel(p, d.IsDir())
		if !ok && p != dir {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if err := w.addDir(p); err != nil {
				return err
			}
		}
		if emit && ok && p != dir {
			w.send(rel)
		}
		return nil
	})
}

// unwatch drops the watches of dir and of every directory below it.
func (w *Watcher) unwatch(dir string) {
	for d := range w.watched {
		if d == dir || strings.HasPrefix(d, dir+string(filepath.Separator)) {
			_ = w.fsn.Remove(d) // fails when the kernel dropped it already
			delete(w.watched, d)
		}
	}
}

// notify reads fsnotify's events until Close.
func (w *Watcher) notify() {
	defer w.fsn.Close()
	for {
		select {
		case <-w.done:
			return
		case ev, ok := <-w.fsn.Events:
			if !ok {
				return
			}
			if err := w.handle(ev); err != nil {
				w.fsn.Close()
				w.fallBack(err)
				w.polling.Store(true)
				snap := w.scan()
				w.send(".") // something may have been missed meanwhile
				w.poll(snap)
				return
			}
		case err, ok := <-w.fsn.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				// Too many events at once: some were lost. Report the
				// whole site, and watch any directory that was missed.
				for _, d := range w.dirs {
					_ = w.addTree(filepath.Join(w.root, filepath.FromSlash(d)), false)
				}
				w.send(".")
				continue
			}
			w.opts.Logf("watching for changes: %v", err)
		}
	}
}

// handle acts on one fsnotify event.
func (w *Watcher) handle(ev fsnotify.Event) error {
	if ev.Op == fsnotify.Chmod {
		return nil
	}
	// A directory is one being watched (it may be gone: removed or
	// renamed), or one that is there now.
	dir := w.watched[ev.Name]
	if !dir {
		fi, err := os.Lstat(ev.Name)
		dir = err == nil && fi.IsDir()
	}
	rel, ok := w.rel(ev.Name, dir)
	if !ok {
		return nil
	}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		w.unwatch(ev.Name)
	}
	if ev.Has(fsnotify.Create) {
		if fi, err := os.Lstat(ev.Name); err == nil && fi.IsDir() {
			if err := w.addTree(ev.Name, true); err != nil {
				var l errLimit
				if errors.As(err, &l) {
					return err
				}
				w.opts.Logf("watching %s: %v", ev.Name, err)
			}
		}
	}
	w.send(rel)
	return nil
}

// fallBack explains why the Watcher polls.
func (w *Watcher) fallBack(err error) {
	every := w.opts.PollInterval
	switch {
	case errors.Is(err, syscall.ENOSPC):
		w.opts.Logf("%s", limitMessage("max_user_watches", "watches", 524288, every))
	case errors.Is(err, syscall.EMFILE):
		w.opts.Logf("%s", limitMessage("max_user_instances", "inotify instances", 1024, every))
	default:
		w.opts.Logf("cannot watch for changes (%v); looking for them every %s instead", err, every)
	}
}

// limitMessage says which inotify limit is reached and how to raise it.
func limitMessage(name, what string, suggest int, every time.Duration) string {
	key := "fs.inotify." + name
	current := ""
	if b, err := os.ReadFile("/proc/sys/fs/inotify/" + name); err == nil {
		current = fmt.Sprintf(" (now %s)", strings.TrimSpace(string(b)))
	}
	return fmt.Sprintf(`the system's limit on %s is reached: %s%s.
Looking for changes every %s instead, which is slower. To raise the limit:
	sudo sysctl %s=%d
and to keep it after a reboot:
	echo %s=%d | sudo tee /etc/sysctl.d/90-inotify.conf`,
		what, key, current, every, key, suggest, key, suggest)
}

// A stamp is what polling compares to see that a file changed.
type stamp struct {
	size  int64
	mtime int64       // nanoseconds
	mode  fs.FileMode // only the type: a chmod is not a change, as with fsnotify
}

// scan records a stamp for every file and directory watched.
func (w *Watcher) scan() map[string]stamp {
	snap := map[string]stamp{}
	for _, d := range w.dirs {
		_ = filepath.WalkDir(filepath.Join(w.root, filepath.FromSlash(d)), func(p string, e fs.DirEntry, err error) error {
			if err != nil {
				return nil // gone, or unreadable: reported as removed
			}
			rel, ok := w.rel(p, e.IsDir())
			if !ok {
				if e.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			fi, err := e.Info()
			if err != nil {
				return nil
			}
			st := stamp{size: fi.Size(), mtime: fi.ModTime().UnixNano(), mode: fi.Mode().Type()}
			if fi.IsDir() {
				st.size, st.mtime = 0, 0 // its files speak for it
			}
			snap[rel] = st
			return nil
		})
	}
	return snap
}

// poll scans every PollInterval until Close, reporting differences.
func (w *Watcher) poll(prev map[string]stamp) {
	t := time.NewTicker(w.opts.PollInterval)
	defer t.Stop()
	for {
		select {
		case <-w.done:
			return
		case <-t.C:
		}
		next := w.scan()
		var changed []string
		for p, st := range next {
			if old, ok := prev[p]; !ok || old != st {
				changed = append(changed, p)
			}
		}
		for p := range prev {
			if _, ok := next[p]; !ok {
				changed = append(changed, p)
			}
		}
		slices.Sort(changed)
		for _, p := range changed {
			w.send(p)
		}
		prev = next
	}
}
