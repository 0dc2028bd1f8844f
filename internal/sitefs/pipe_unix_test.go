//go:build unix

package sitefs

import (
	"errors"
	"path/filepath"
	"syscall"
	"testing"
)

// TestNamedPipeRefused checks that a named pipe is refused without being
// opened: opening it would wait for a writer forever.
func TestNamedPipeRefused(t *testing.T) {
	site := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(site, "pipe"), 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	f, err := Open(site)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	_, errRead := f.ReadFile("pipe")
	_, errOpen := f.Open("pipe")
	for _, err := range []error{errRead, errOpen} {
		var nr *NotRegularError
		if !errors.As(err, &nr) || err.Error() != "pipe: not a regular file (a named pipe); remove it or replace it with a file" {
			t.Errorf("error %v, want the pipe refused", err)
		}
	}
}
