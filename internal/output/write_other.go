//go:build !linux

package output

import "errors"

// Elsewhere than on Linux, os.Root writes a build's files.

func openDir(string) int { return -1 }

func closeDir(int) {}

func writeNew(w *Writer, name string, b []byte) (fileID, bool, error) {
	return writeRooted(w, name, b)
}

// linkNew links nothing elsewhere than on Linux: AddLink writes the file.
func linkNew(*Writer, string, string, int64) (fileID, bool, error) {
	return fileID{}, false, errors.ErrUnsupported
}
