package content

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-dev/dossier/internal/diag"
)

const testSite = "title: T\ndescription: D\nbase_url: https://example.org/\nlanguages: [en]\nperiod: {start: 2022-01-01, end: 2022-01-31}\n"

const testSource = "---\ntitle: S\npublisher: P\nlanguage: en\npublished: {date: 2022-01-02, precision: day}\noriginal: originals/s.txt\n---\nText.\n"

// TestReadProblems lists the message for each file that cannot be read as
// text, with its place; each is the only problem of its site (no follow-on
// noise from the file's empty values).
func TestReadProblems(t *testing.T) {
	event := func(front string) string {
		return "---\ntitle: E\ndate: 2022-01-05\nsources: [s]\n" + front + "---\nText [@s].\n"
	}
	for _, c := range []struct {
		name  string
		files map[string]*fstest.MapFile
		want  string
	}{
		{"named pipe", map[string]*fstest.MapFile{"content/events/e.md": {Mode: fs.ModeNamedPipe}},
			"content/events/e.md: not a regular file (a named pipe); remove it or replace it with a file"},
		{"device", map[string]*fstest.MapFile{"content/home.md": {Mode: fs.ModeDevice | fs.ModeCharDevice}},
			"content/home.md: not a regular file (a device); remove it or replace it with a file"},
		{"original a pipe", map[string]*fstest.MapFile{"content/originals/s.txt": {Mode: fs.ModeNamedPipe}},
			"content/originals/s.txt: not a regular file (a named pipe); remove it or replace it with a file"},
		{"huge", map[string]*fstest.MapFile{"content/events/e.md": {Data: []byte(event("") + strings.Repeat("x", MaxMarkdownSize))}},
			"content/events/e.md: the file is 2097210 bytes, over the limit of 2 MB (2097152 bytes); split it, or keep long texts out of content/"},
		{"huge site.yaml", map[string]*fstest.MapFile{"content/site.yaml": {Data: []byte(testSite + "# " + strings.Repeat("x", MaxYAMLSize))}},
			"content/site.yaml: the file is 1048694 bytes, over the limit of 1 MB (1048576 bytes); split it, or keep long texts out of content/"},
		{"UTF-16", map[string]*fstest.MapFile{"content/events/e.md": {Data: []byte("\xff\xfe-\x00-\x00-\x00\n\x00")}},
			"content/events/e.md:1:1: the file is in UTF-16; save it as UTF-8"},
		{"second BOM", map[string]*fstest.MapFile{"content/events/e.md": {Data: []byte("\uFEFF\uFEFF" + event(""))}},
			"content/events/e.md:1:1: a second byte-order mark (U+FEFF) at the start of the file; remove it (save the file as UTF-8, with or without one mark)"},
		{"CR line ends", map[string]*fstest.MapFile{"content/events/e.md": {Data: []byte(strings.ReplaceAll(event(""), "\n", "\r"))}},
			"content/events/e.md:1:4: a carriage return (CR) without a line feed: the file has old Mac line ends; save it with LF (or CRLF) line ends"},
		{"NUL", map[string]*fstest.MapFile{"content/events/e.md": {Data: []byte(event("") + "ab\x00")}},
			"content/events/e.md:7:3: a NUL byte: the file is not UTF-8 text (UTF-16, or damaged); save it as UTF-8"},
		{"invalid UTF-8", map[string]*fstest.MapFile{"content/events/e.md": {Data: []byte("---\ntitle: caf\xe9\n")}},
			"content/events/e.md:2:11: invalid UTF-8 (byte 0xE9); save the file as UTF-8"},
		{"invalid UTF-8 in original", map[string]*fstest.MapFile{"content/originals/s.txt": {Data: []byte("Text.\n\xff\n")}},
			"content/originals/s.txt:2:1: invalid UTF-8 (byte 0xFF); save the file as UTF-8"},
		{"no front matter", map[string]*fstest.MapFile{"content/events/e.md": {Data: []byte("title: E\n")}},
			`content/events/e.md:1:1: missing front matter: the file must start with a line "---", then YAML keys, then another "---"`},
		{"front matter not closed", map[string]*fstest.MapFile{"content/events/e.md": {Data: []byte("---\ntitle: E\n\nText.\n")}},
			`content/events/e.md:1:1: the front matter is not closed: add a line "---" after its keys, before the text`},
		{"YAML syntax", map[string]*fstest.MapFile{"content/events/e.md": {Data: []byte(event("places: [a\n"))}},
			`content/events/e.md:5:10: invalid YAML: did not find expected ',' or ']'`},
		{"alias bomb", map[string]*fstest.MapFile{"content/events/e.md": {Data: []byte(event("tags: &a [x, x]\nactors: [*a, *a]\n"))}},
			`content/events/e.md:6:10: invalid YAML: aliases (*a) are not supported; write the value out in full`},
		{"missing site.yaml", map[string]*fstest.MapFile{"content/site.yaml": nil},
			"content/site.yaml: file is missing"},
		{"broken site.yaml", map[string]*fstest.MapFile{"content/site.yaml": {Data: []byte("title: T\ntitle: [x\n")}},
			"content/site.yaml:2:9: invalid YAML: did not find expected ',' or ']'"},
	} {
		t.Run(c.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"content/site.yaml":        {Data: []byte(testSite)},
				"content/sources/s.md":     {Data: []byte(testSource)},
				"content/originals/s.txt":  {Data: []byte("Text.\n")},
				"content/events/e.md":      {Data: []byte(event(""))},
				"content/events/other.md":  {Data: []byte(event(""))},
				"content/entities/x.md":    {Data: []byte("---\nname: X\nkind: place\n---\nX.\n")},
				"content/pages/about.md":   {Data: []byte("---\ntitle: About\n---\nAbout.\n")},
				"content/home.md":          {Data: []byte("---\ntitle: Home\n---\nHome.\n")},
				"content/membership.yaml":  nil,
				"content/discrepancies/.k": nil,
			}
			for name, f := range c.files {
				fsys[name] = f
			}
			for name, f := range fsys {
				if f == nil {
					delete(fsys, name)
				}
			}
			_, err := Load(fsys)
			var got diag.List
			errors.As(err, &got)
			if len(got) != 1 || got[0].String() != c.want {
				t.Errorf("got %d problems:\n%v\nwant:\n%s", len(got), err, c.want)
			}
		})
	}
}
