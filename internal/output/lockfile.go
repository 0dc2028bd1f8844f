package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"
)

// How a lock file is kept fresh, and when one is taken for stale.
const (
	lockRefresh = 10 * time.Second
	lockStale   = 2 * time.Minute
)

// lockFile takes a lock by creating the file path, which must not exist,
// for systems without a lock the kernel releases when the process ends:
// while the lock is held its time is touched every lockRefresh, so that
// a file not touched for lockStale was left by a build that was killed,
// and is taken over. It waits for a live holder to finish.
func lockFile(path string) (unlock func(), err error) {
	for {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			fmt.Fprintf(f, "%d\n", os.Getpid())
			f.Close()
			done := make(chan struct{})
			go func() {
				t := time.NewTicker(lockRefresh)
				defer t.Stop()
				for {
					select {
					case <-done:
						return
					case now := <-t.C:
						_ = os.Chtimes(path, now, now)
					}
				}
			}()
			return func() { close(done); _ = os.Remove(path) }, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, err
		}
		// A file left by a killed build is removed. (Two builds that find
		// it stale at once may both go on; a kernel's lock, where there
		// is one, has no such window.)
		if fi, err := os.Stat(path); err == nil && time.Since(fi.ModTime()) > lockStale {
			_ = os.Remove(path)
			continue
		}
		time.Sleep(100 * time.Millisecond)
	}
}
