//go:build unix && !solaris && !aix

package output

import "golang.org/x/sys/unix"

// lock takes the lock of the directory dir, where the output directory
// base is, waiting for another build that holds it: builds beside each
// other would take each other's temporary directories for stale ones.
// The kernel releases it when the process ends, killed or not.
func lock(dir, base string) (unlock func(), err error) {
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	for {
		err = unix.Flock(fd, unix.LOCK_EX)
		if err != unix.EINTR {
			break
		}
	}
	if err != nil {
		unix.Close(fd)
		return nil, err
	}
	return func() { unix.Close(fd) }, nil
}
