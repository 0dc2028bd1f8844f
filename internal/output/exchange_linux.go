package output

import "golang.org/x/sys/unix"

// exchange swaps the directories a and b in one atomic step.
func exchange(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	if err == unix.ENOSYS || err == unix.EINVAL {
		return exchangeByRenames(a, b)
	}
	return err
}
