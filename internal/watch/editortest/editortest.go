// Package editortest saves files the way real editors and tools do, event
// for event, so that tests can check a watcher sees every save.
//
// Each function saves data as the file name, which may or may not exist.
package editortest

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

// Vim saves as vim does with its defaults ('writebackup' on, 'backupcopy'
// auto): it writes its swap file .name.swp, checks that the directory is
// writable by creating and removing a file named 4913, renames the file to
// name~, writes a new file, and removes name~. On quitting it removes the
// swap file.
func Vim(name string, data []byte) error {
	dir, base := filepath.Split(name)
	swap := filepath.Join(dir, "."+base+".swp")
	if err := os.WriteFile(swap, []byte("b0VIM 9.1"), 0o600); err != nil {
		return err
	}
	probe := filepath.Join(dir, "4913")
	if err := os.WriteFile(probe, nil, 0o644); err != nil {
		return err
	}
	if err := os.Remove(probe); err != nil {
		return err
	}
	backup := name + "~"
	existed := true
	if err := os.Rename(name, backup); os.IsNotExist(err) {
		existed = false
	} else if err != nil {
		return err
	}
	if err := os.WriteFile(name, data, 0o644); err != nil {
		return err
	}
	if existed {
		if err := os.Remove(backup); err != nil {
			return err
		}
	}
	return os.Remove(swap)
}

// SedInPlace edits name as GNU sed -i 's/old/new/' does: it writes the
// result to a temporary file sedXXXXXX in the same directory and renames
// it over the file.
func SedInPlace(name, old, new string) error {
	b, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	// GNU sed names it with mkostemp("sedXXXXXX").
	var f *os.File
	for {
		const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
		tmp := []byte("sed")
		for range 6 {
			tmp = append(tmp, chars[rand.IntN(len(chars))])
		}
		f, err = os.OpenFile(filepath.Join(filepath.Dir(name), string(tmp)), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if !os.IsExist(err) {
			break
		}
	}
	if err != nil {
		return err
	}
	_, err = f.WriteString(strings.Replace(string(b), old, new, 1))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return err
	}
	return os.Rename(f.Name(), name)
}

// JetBrains saves as IntelliJ, GoLand and the other JetBrains IDEs do with
// "safe write": it writes name___jb_tmp___, renames the file to
// name___jb_old___, renames the new file into place, and removes the old.
func JetBrains(name string, data []byte) error {
	tmp, old := name+"___jb_tmp___", name+"___jb_old___"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	existed := true
	if err := os.Rename(name, old); os.IsNotExist(err) {
		existed = false
	} else if err != nil {
		return err
	}
	if err := os.Rename(tmp, name); err != nil {
		return err
	}
	if existed {
		return os.Remove(old)
	}
	return nil
}

// Emacs saves as emacs does: while the buffer is modified it holds a lock
// .#name (a symbolic link) and an auto-save file #name#; the first save
// renames the file to name~ and writes a new one; then both are removed.
func Emacs(name string, data []byte) error {
	dir, base := filepath.Split(name)
	lock := filepath.Join(dir, ".#"+base)
	auto := filepath.Join(dir, "#"+base+"#")
	if err := os.Symlink("user@host.1234:1700000000", lock); err != nil {
		return err
	}
	if err := os.WriteFile(auto, data, 0o644); err != nil {
		return err
	}
	if err := os.Rename(name, name+"~"); err != nil && !os.IsNotExist(err) {
		return err
	}
	if err := os.WriteFile(name, data, 0o644); err != nil {
		return err
	}
	if err := os.Remove(auto); err != nil {
		return err
	}
	return os.Remove(lock)
}

// InPlace saves as VS Code and most simple editors do: it truncates the
// file and writes the new text into it.
func InPlace(name string, data []byte) error {
	return os.WriteFile(name, data, 0o644)
}

// Atomic saves as many tools do: it writes a hidden temporary file beside
// name, then renames it over name.
func Atomic(name string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return err
	}
	return os.Rename(f.Name(), name)
}
