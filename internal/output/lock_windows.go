package output

import (
	"os"
	"path/filepath"

	"golang.org/x/sys/windows"
)

// lock takes the lock of the output directory base in dir, waiting for
// another build that holds it: builds beside each other would take each
// other's temporary directories for stale ones. Windows locks files, not
// directories: the lock is on an empty file .<base>.lock beside the output,
// which stays (removing it could let a third build lock a new file while a
// second holds the old one). The system releases the lock when the
// process ends, killed or not.
func lock(dir, base string) (unlock func(), err error) {
	f, err := os.OpenFile(filepath.Join(dir, "."+base+".lock"), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	h := windows.Handle(f.Fd())
	if err := windows.LockFileEx(h, windows.LOCKFILE_EXCLUSIVE_LOCK, 0, 1, 0, new(windows.Overlapped)); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		_ = windows.UnlockFileEx(h, 0, 1, 0, new(windows.Overlapped))
		f.Close()
	}, nil
}
