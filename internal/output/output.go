// Package output writes a built site to disk atomically, and never removes
// a file it did not write.
//
// A build is written into a temporary directory beside the output
// directory, which then takes the output's place in one rename (an atomic
// exchange on Linux). Readers and the preview server never see half a
// site, and a failed build leaves the previous one untouched.
//
// Every output directory holds a manifest (.dossier-manifest) listing the
// files dossier wrote. A directory without one, unless empty, is not
// dossier's, and Write refuses to replace it: `-out content` or `-out .`
// cannot destroy work. Files that someone else put into an output directory
// (a CNAME, say) are not in the manifest, and are carried over into the new
// build.
//
// The manifest also records how the site was built (Info: its base URL,
// and whether it is the offline copy), in comment lines of its header, so
// that `dossier check` checks the site as it was built without being told
// again.
package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Manifest is the name of the file listing what dossier wrote.
const Manifest = ".dossier-manifest"

const manifestHeader = "# Written by dossier: the files below are replaced by the next build; any other file here is kept.\n"

// The header lines that record an Info.
const (
	baseURLKey = "# base-url: "
	offlineKey = "# offline: "
)

// Info is how a site was built, recorded in its manifest.
type Info struct {
	BaseURL string // the URL the site was built for
	Offline bool   // the copy to read from disk (file://)
}

// Write replaces dir with exactly files (by slash-separated path) plus the
// files in dir that dossier did not write.
func Write(dir string, files map[string][]byte) error {
	return WriteInfo(dir, files, Info{})
}

// WriteInfo is Write that also records info in the manifest, for ReadInfo.
func WriteInfo(dir string, files map[string][]byte, info Info) error {
	dir = filepath.Clean(dir)
	old, exists, err := readManifest(dir)
	if err != nil {
		return err
	}
	var foreign []string
	if exists {
		foreign, err = foreignFiles(dir, old)
		if err != nil {
			return err
		}
		var clash []string
		for _, f := range foreign {
			if _, ok := files[f]; ok {
				clash = append(clash, filepath.Join(dir, filepath.FromSlash(f)))
			}
		}
		if len(clash) > 0 {
			return fmt.Errorf("%s: the build would overwrite files that dossier did not write: %s; move them away first", dir, strings.Join(clash, ", "))
		}
	}

	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".tmp-")
	if err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	if err := writeTree(tmp, files, info); err != nil {
		_ = removeOurs(tmp, files)
		return err
	}
	if !exists {
		if err := os.Rename(tmp, dir); err != nil {
			_ = removeOurs(tmp, files)
			return err
		}
		return nil
	}
	if err := exchange(tmp, dir); err != nil {
		_ = removeOurs(tmp, files)
		return err
	}
	// tmp now holds the previous build. Carry the files that are not ours
	// over, then remove what we wrote last time.
	for _, f := range foreign {
		from := filepath.Join(tmp, filepath.FromSlash(f))
		to := filepath.Join(dir, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			return fmt.Errorf("keeping %s: %v (it is still in %s)", f, err, tmp)
		}
		if err := os.Rename(from, to); err != nil {
			return fmt.Errorf("keeping %s: %v (it is still in %s)", f, err, tmp)
		}
	}
	return removeOurs(tmp, old)
}

// readManifest reads dir's manifest. exists is false when dir does not
// exist or is empty; a non-empty directory without a manifest is an error.
func readManifest(dir string) (files map[string]bool, exists bool, err error) {
	fi, err := os.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		return nil, false, fmt.Errorf("%s is a symbolic link; point -out at a real directory", dir)
	}
	if !fi.IsDir() {
		return nil, false, fmt.Errorf("%s exists and is not a directory; choose another -out", dir)
	}
	b, err := os.ReadFile(filepath.Join(dir, Manifest))
	if errors.Is(err, fs.ErrNotExist) {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return nil, false, err
		}
		if len(entries) == 0 {
			// An empty directory is replaced; nothing is lost.
			return map[string]bool{}, true, nil
		}
		return nil, false, fmt.Errorf("%s exists, is not empty, and was not written by dossier (it has no %s): refusing to replace it; choose another -out, or move its contents away", dir, Manifest)
	}
	if err != nil {
		return nil, false, err
	}
	files = map[string]bool{}
	for line := range strings.Lines(string(b)) {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			files[line] = true
		}
	}
	return files, true, nil
}

// foreignFiles lists the files in dir that are not in its manifest.
func foreignFiles(dir string, ours map[string]bool) ([]string, error) {
	var foreign []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if rel != Manifest && !ours[rel] {
			foreign = append(foreign, rel)
		}
		return nil
	})
	return foreign, err
}

func writeTree(dir string, files map[string][]byte, info Info) error {
	names := make([]string, 0, len(files))
	for name := range files {
		if !fs.ValidPath(name) || name == Manifest {
			return fmt.Errorf("output: invalid file name %q", name)
		}
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, files[name], 0o644); err != nil {
			return err
		}
	}
	header := manifestHeader
	if info.BaseURL != "" {
		header += baseURLKey + info.BaseURL + "\n" + offlineKey + strconv.FormatBool(info.Offline) + "\n"
	}
	manifest := header + strings.Join(names, "\n") + "\n"
	return os.WriteFile(filepath.Join(dir, Manifest), []byte(manifest), 0o644)
}

// ReadInfo returns how the site in dir was built, as its manifest records
// it. ok is false when dir has no manifest, or one that records nothing
// (written by Write, or by an older dossier).
func ReadInfo(dir string) (info Info, ok bool, err error) {
	b, err := os.ReadFile(filepath.Join(dir, Manifest))
	if errors.Is(err, fs.ErrNotExist) {
		return Info{}, false, nil
	}
	if err != nil {
		return Info{}, false, err
	}
	for line := range strings.Lines(string(b)) {
		line = strings.TrimRight(line, "\r\n")
		if !strings.HasPrefix(line, "#") {
			break // the header is over
		}
		if v, found := strings.CutPrefix(line, baseURLKey); found {
			info.BaseURL, ok = v, true
		}
		if v, found := strings.CutPrefix(line, offlineKey); found {
			if info.Offline, err = strconv.ParseBool(v); err != nil {
				return Info{}, false, fmt.Errorf("%s: %q: %v", filepath.Join(dir, Manifest), line, err)
			}
		}
	}
	return info, ok, nil
}

// removeOurs removes the files listed in ours, the manifest, and the
// directories this leaves empty. Anything else stays, and so does dir.
func removeOurs[V any](dir string, ours map[string]V) error {
	var errs []error
	for name := range ours {
		if err := os.Remove(filepath.Join(dir, filepath.FromSlash(name))); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	if err := os.Remove(filepath.Join(dir, Manifest)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		errs = append(errs, err)
	}
	// Remove empty directories, deepest first; os.Remove fails on any
	// directory that still holds something, which is what we want.
	var dirs []string
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			dirs = append(dirs, p)
		}
		return nil
	})
	slices.Reverse(dirs)
	for _, d := range dirs {
		_ = os.Remove(d)
	}
	return errors.Join(errs...)
}
