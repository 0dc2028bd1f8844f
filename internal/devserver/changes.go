package devserver

import (
	"bytes"
	"slices"

	"github.com/dossier-dev/dossier/internal/ghpages"
)

// Changes says which files a build changed, of those it made first: the
// files every page loads (static/, the stylesheet of highlighted code) and
// the pages open in a browser. The reload script reads it to update an
// open page without a full navigation: a page whose HTML, stylesheets and
// scripts are the same as before has nothing to do; one whose HTML alone
// changed fetches it and swaps its body in place; one whose stylesheet or
// script changed reloads. It compares with one build only, Since: a page
// of another build reloads.
type Changes struct {
	Since string `json:"since"` // the id of the build compared with
	// Changed and Same are URL paths (the base and the file's name, such
	// as /repo/events/x/index.html) of the files compared: changed or new,
	// and as they were. A file in neither was not compared; while the
	// build makes the rest (State.Making), more may be (compareMore).
	Changed []string `json:"changed"`
	Same    []string `json:"same"`
}

// changesSince compares the files made first, first, with what build prev
// serves under the same names (what a page of prev was given, made first
// or not). It returns nil before the first good build.
func changesSince(prev *served, first map[string][]byte, base string) *Changes {
	if prev == nil {
		return nil
	}
	c := &Changes{Since: prev.id, Changed: []string{}, Same: []string{}}
	for name, b := range first {
		if old, ok := prev.files.files.get(name); ok && bytes.Equal(old, b) {
			c.Same = append(c.Same, base+name)
		} else {
			c.Changed = append(c.Changed, base+name)
		}
	}
	slices.Sort(c.Changed)
	slices.Sort(c.Same)
	return c
}

// compareMore adds to the changes of build n, served already, those of the
// files made first after it was served (the other pages open in a
// browser, after a quick build of one page), and tells the pages: those
// that the changes did not name wait for it.
func (s *Server) compareMore(prev *served, n int, files map[string][]byte, baseURL string) {
	more := changesSince(prev, files, ghpages.BasePath(baseURL))
	if more == nil {
		return
	}
	s.publish(func() {
		g := s.good
		if g == nil || g.n != n || g.changes == nil {
			return
		}
		// A copy: the state sent before holds the old one.
		c := &Changes{Since: g.changes.Since, Changed: slices.Clone(g.changes.Changed), Same: slices.Clone(g.changes.Same)}
		known := func(p string) bool { return slices.Contains(c.Changed, p) || slices.Contains(c.Same, p) }
		for _, p := range more.Changed {
			if !known(p) {
				c.Changed = append(c.Changed, p)
			}
		}
		for _, p := range more.Same {
			if !known(p) {
				c.Same = append(c.Same, p)
			}
		}
		slices.Sort(c.Changed)
		slices.Sort(c.Same)
		g.changes = c
	})
}
