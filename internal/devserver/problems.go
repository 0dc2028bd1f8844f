package devserver

import (
	"errors"
	"io/fs"
	"net/url"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/dossier-dev/dossier/internal/diag"
)

// A Problem is a build problem or warning as the overlay shows it: where it
// is, the lines around it, and a link that opens the file in the editor.
type Problem struct {
	Text  string      `json:"text"` // path:line:col: message
	Path  string      `json:"path,omitempty"`
	Line  int         `json:"line,omitempty"`
	Col   int         `json:"col,omitempty"`
	Msg   string      `json:"msg"`
	Frame []FrameLine `json:"frame,omitempty"` // the lines around Line
	Edit  string      `json:"edit,omitempty"`  // opens the file at the line in the editor
}

// A FrameLine is one line of a code frame; Mark is set on the problem's.
type FrameLine struct {
	N    int    `json:"n"`
	Text string `json:"text"`
	Mark bool   `json:"mark,omitempty"`
}

// DefaultEditor opens a file in VS Code, as Vite's launch-editor does for
// its overlay. {path} is the absolute path of the file, without a leading
// slash; {line} and {col} its position.
const DefaultEditor = "vscode://file/{path}:{line}:{col}"

// frameLines is how many lines of context a code frame shows each side.
const frameLines = 2

// describe turns problems into what the overlay shows.
func (s *Server) describe(l diag.List) []Problem {
	out := make([]Problem, 0, len(l))
	for _, d := range l {
		p := Problem{Text: d.String(), Path: d.Path, Line: d.Line, Col: d.Col, Msg: d.Msg}
		if d.Path != "" && d.Line > 0 {
			p.Frame = frame(s.cfg.FS, d.Path, d.Line)
			p.Edit = s.editLink(d)
		}
		out = append(out, p)
	}
	return out
}

// frame returns the lines of the file at p around line.
func frame(fsys fs.FS, p string, line int) []FrameLine {
	if fsys == nil {
		return nil
	}
	b, err := fs.ReadFile(fsys, p)
	if err != nil || len(b) > 4<<20 {
		return nil
	}
	lines := strings.Split(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n")
	var out []FrameLine
	for n := max(1, line-frameLines); n <= min(len(lines), line+frameLines); n++ {
		out = append(out, FrameLine{N: n, Text: lines[n-1], Mark: n == line})
	}
	return out
}

// editLink fills the editor URL template for d, or returns "" when links
// are off or the site's directory is not known.
func (s *Server) editLink(d diag.Diagnostic) string {
	tmpl := s.cfg.Editor
	if tmpl == "" || tmpl == "none" || s.cfg.Dir == "" {
		return ""
	}
	// vscode://file/home/ed/x.md:3:1 and vscode://file/C:/x.md:3:1: the
	// path without a leading slash.
	abs := strings.TrimPrefix(filepath.ToSlash(filepath.Join(s.cfg.Dir, filepath.FromSlash(d.Path))), "/")
	col := max(d.Col, 1)
	return strings.NewReplacer(
		"{path}", (&url.URL{Path: abs}).EscapedPath(),
		"{line}", strconv.Itoa(d.Line),
		"{col}", strconv.Itoa(col),
	).Replace(tmpl)
}

// diagList returns the problems of a build error.
func diagList(err error) diag.List {
	var l diag.List
	if errors.As(err, &l) {
		return l
	}
	return diag.List{{Msg: err.Error()}}
}

// PageOf returns the URL path, relative to the site's root, of the page
// that shows the content file p, or false for a file no one page shows
// (site.yaml, an original, a template). langs are the site's languages;
// the first is at the root.
func PageOf(p string, langs []string) (string, bool) {
	rel, ok := strings.CutPrefix(p, "content/")
	if !ok || path.Ext(rel) != ".md" {
		return "", false
	}
	dir, name := path.Split(strings.TrimSuffix(rel, ".md"))
	prefix := ""
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		lang := name[i+1:]
		name = name[:i]
		for j, l := range langs {
			if j > 0 && strings.EqualFold(l, lang) {
				prefix = strings.ToLower(l) + "/"
			}
		}
		if prefix == "" {
			return "", false
		}
	}
	switch dir {
	case "":
		if name == "home" {
			return prefix, true
		}
	case "events/", "sources/", "entities/":
		return prefix + dir + name + "/", true
	case "discrepancies/":
		return prefix + "discrepancies/#" + name, true
	case "pages/":
		return prefix + name + "/", true
	}
	return "", false
}
