//go:build !linux

package output

// Elsewhere than on Linux, os.Root writes a build's files.

func openDir(string) int { return -1 }

func closeDir(int) {}

func writeNew(w *Writer, name string, b []byte) (fileID, bool, error) {
	return writeRooted(w, name, b)
}
