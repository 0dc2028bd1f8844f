//go:build unix

package content

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestNamedPipe checks that a real named pipe is refused, not opened:
// opening one waits for a writer, forever.
func TestNamedPipe(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "content", "events"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "content", "events", "e.md"), 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	_, err := readText(os.DirFS(dir), "content/events/e.md", MaxMarkdownSize)
	if re, ok := isReadError(err); !ok || !strings.Contains(re.msg, "a named pipe") {
		t.Errorf("error %v, want a named pipe refused", err)
	}
}
