package sitegen

import (
	"bytes"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-dev/dossier/internal/diag"
)

// halfSaved is a site whose file name is read (ReadFile, as the build
// reads files) half-written the first time,
// as a build that reads it while an editor saves it in place does: the
// editor has finished by the time the build ends, and Changed says so.
type halfSaved struct {
	m       fstest.MapFS
	name    string
	full    []byte
	begins  int
	torn    bool // name was read half since Begin
	settled bool // the editor has finished
}

func (h *halfSaved) read(name string, f func() error) error {
	if name != h.name || h.settled {
		return f()
	}
	h.m[name] = &fstest.MapFile{Data: torn(h.full)}
	err := f()
	h.m[name] = &fstest.MapFile{Data: h.full}
	h.torn, h.settled = true, true
	return err
}

// torn is the start of a file, up to the middle of its front matter.
func torn(b []byte) []byte { return b[:bytes.Index(b, []byte("figures:"))+3] }

func (h *halfSaved) Open(name string) (fs.File, error) { return h.m.Open(name) }

func (h *halfSaved) ReadFile(name string) ([]byte, error) {
	var b []byte
	err := h.read(name, func() (err error) { b, err = h.m.ReadFile(name); return })
	return b, err
}

func (h *halfSaved) Begin()             { h.begins++; h.torn = false }
func (h *halfSaved) Skipped() diag.List { return nil }
func (h *halfSaved) Changed() []string {
	if h.torn {
		return []string{h.name}
	}
	return nil
}

// TestRetriesAHalfSavedFile: a build that fails on a file that changed
// while it was read builds again, once, and succeeds; a build that fails
// on a file that did not change reports at once.
func TestRetriesAHalfSavedFile(t *testing.T) {
	m := loadSite(t)
	const name = "content/home.md"
	h := &halfSaved{m: m, name: name, full: m[name].Data}
	res, err := Build(h, Options{})
	if err != nil {
		t.Fatalf("the build was not retried: %v", err)
	}
	if h.begins != 2 || !strings.Contains(string(res.Files["index.html"]), "The tiny dossier") {
		t.Errorf("%d builds, want 2; home page %q", h.begins, res.Files["index.html"])
	}

	// Broken for good: one build, and its problems.
	m = loadSite(t)
	m[name] = &fstest.MapFile{Data: torn(m[name].Data)}
	h = &halfSaved{m: m, name: name, settled: true}
	if _, err := Build(h, Options{}); err == nil || !strings.Contains(err.Error(), name+":") {
		t.Errorf("a broken file: %v", err)
	}
	if h.begins != 1 {
		t.Errorf("a broken file that did not change was built %d times, want once", h.begins)
	}
}
