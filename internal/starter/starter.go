// Package starter writes a new dossier to start from, as `hugo new site`
// and `zola init` do: every kind of content file once, each commented so
// that an editor learns the format from it, building with no problem and
// no warning. The theme is built in, so the starter has content/ only.
package starter

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

//go:embed site
var site embed.FS

// Files returns the starter site, rooted at the site's directory.
func Files() fs.FS {
	sub, err := fs.Sub(site, "site")
	if err != nil {
		panic(err) // the directory is embedded above
	}
	return sub
}

// Write writes the starter dossier into dir and returns the paths written.
// dir must not exist or be empty: Write never replaces a file.
func Write(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if len(entries) > 0 {
		return nil, fmt.Errorf("%s is not empty; choose a new directory, and dossier init writes the starter dossier there", dir)
	}
	var written []string
	err = fs.WalkDir(Files(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := filepath.Join(dir, filepath.FromSlash(p))
		if d.IsDir() {
			return os.MkdirAll(name, 0o755)
		}
		b, err := fs.ReadFile(Files(), p)
		if err != nil {
			return err
		}
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return err
		}
		if _, err := f.Write(b); err != nil {
			f.Close()
			return err
		}
		written = append(written, name)
		return f.Close()
	})
	return written, err
}
