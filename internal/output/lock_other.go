//go:build !(unix && !solaris && !aix) && !windows

package output

import "path/filepath"

// lock takes the lock of the output directory base in dir, waiting for
// another build that holds it, with a lock file (see lockFile): these
// systems have no flock.
func lock(dir, base string) (unlock func(), err error) {
	return lockFile(filepath.Join(dir, "."+base+".lock"))
}
