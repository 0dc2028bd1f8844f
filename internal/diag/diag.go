// Package diag carries problems found in a dossier's input, each with the
// place it was found, so that an editor can jump straight to it.
package diag

import (
	"cmp"
	"fmt"
	"path"
	"slices"
	"strings"
)

// A Diagnostic is one problem at one place. Line and Col are 1-based; zero
// means unknown, and the position is then printed as far as it is known.
type Diagnostic struct {
	Path string // slash-separated, relative to the site root, e.g. content/events/x.md
	Line int
	Col  int
	Msg  string
}

func (d Diagnostic) String() string {
	switch {
	case d.Line > 0 && d.Col > 0:
		return fmt.Sprintf("%s:%d:%d: %s", d.Path, d.Line, d.Col, d.Msg)
	case d.Line > 0:
		return fmt.Sprintf("%s:%d: %s", d.Path, d.Line, d.Msg)
	case d.Path != "":
		return fmt.Sprintf("%s: %s", d.Path, d.Msg)
	}
	return d.Msg
}

// List collects diagnostics. Its zero value is ready to use. A List with
// entries is an error.
type List []Diagnostic

// Add appends a diagnostic built from a format string.
func (l *List) Add(path string, line, col int, format string, args ...any) {
	*l = append(*l, Diagnostic{Path: path, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)})
}

// Append adds all of other to l.
func (l *List) Append(other List) { *l = append(*l, other...) }

// Sort orders the list by path, line and column, and removes exact duplicates.
func (l List) Sort() List {
	slices.SortStableFunc(l, func(a, b Diagnostic) int {
		return cmp.Or(
			strings.Compare(a.Path, b.Path),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Col, b.Col),
			strings.Compare(a.Msg, b.Msg),
		)
	})
	return slices.Compact(l)
}

// Err returns the list, sorted, as an error, or nil when it is empty.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l.Sort()
}

func (l List) Error() string {
	var b strings.Builder
	for i, d := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.String())
	}
	return b.String()
}

// GitHub writes d as a GitHub Actions workflow command, which GitHub shows
// on the line of the file in a pull request: level is "error" or
// "warning"; dir is the site's directory relative to the repository root.
func (d Diagnostic) GitHub(level, dir string) string {
	var props []string
	if d.Path != "" {
		props = append(props, "file="+escapeProperty(path.Join(dir, d.Path)))
	}
	if d.Line > 0 {
		props = append(props, fmt.Sprintf("line=%d", d.Line))
	}
	if d.Col > 0 {
		props = append(props, fmt.Sprintf("col=%d", d.Col))
	}
	return fmt.Sprintf("::%s %s::%s", level, strings.Join(props, ","), escapeData(d.Msg))
}

// escapeData and escapeProperty escape as GitHub's toolkit does
// (@actions/core, command.ts).
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
