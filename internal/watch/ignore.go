package watch

import (
	"regexp"
	"strings"
)

// sedTemp matches GNU sed's temporary files: "sed -i" writes the new text
// to sedXXXXXX beside the file, then renames it over the file.
var sedTemp = regexp.MustCompile(`^sed[A-Za-z0-9]{6}$`)

// vimSwap matches vim's swap files (.x.md.swp, then .swo, .swn, …) and the
// .swx it writes to probe a directory.
var vimSwap = regexp.MustCompile(`\.sw[nopx]$`)

// Ignored reports whether a file or directory named name (a base name, not
// a path) is one that editors and tools write while saving, or a hidden
// file. Changes to such files do not trigger a build; the build itself
// skips hidden files, and the others never become part of the site.
//
// Ignoring them never hides a save: every editor ends a save by writing,
// creating or renaming the real file, and that event is seen.
//
//	.*                 hidden files: vim's .x.md.swp, emacs' lock .#x.md, .DS_Store
//	*.swp, *.swx, …    vim's swap files, when 'directory' puts them elsewhere
//	*~                 backups: vim, emacs, gedit
//	#x.md#             emacs' auto-save files
//	*___jb_tmp___      JetBrains IDEs' safe write: new text, then
//	*___jb_old___      the previous file, removed after the swap
//	sedXXXXXX          GNU sed -i's temporary file
func Ignored(name string) bool {
	switch {
	case name == "":
		return false
	case name[0] == '.':
		return true
	case strings.HasSuffix(name, "~"):
		return true
	case strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"):
		return true
	case strings.HasSuffix(name, "___jb_tmp___"), strings.HasSuffix(name, "___jb_old___"):
		return true
	case vimSwap.MatchString(name):
		return true
	case sedTemp.MatchString(name):
		return true
	}
	return false
}

// Probe reports whether a file (not a directory) named name may be vim's
// probe that a directory is writable: 4913, then 5036, …, digits only,
// created and removed at once. A directory of that name (static/2024/) is
// not one, and is watched like any other.
func Probe(name string) bool { return name != "" && allDigits(name) }

func allDigits(s string) bool {
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
