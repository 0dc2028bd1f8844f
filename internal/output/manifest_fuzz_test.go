package output

import (
	"bytes"
	"io/fs"
	"testing"

	"github.com/dossier-dev/dossier/internal/linear"
)

// FuzzManifest checks the manifest parser, which reads a file anyone can
// edit: it never panics, accepts only paths inside the directory, gives
// them sorted, reports every problem on a line of the input, and does
// linear work (the input four times over may allocate about four times as
// much, plus the sort). A manifest that dossier writes parses back to its
// names. The seed corpus is in testdata/fuzz/FuzzManifest; run it with
// make fuzz.
func FuzzManifest(f *testing.F) {
	files := map[string][]byte{"index.html": []byte("<p>"), "css/site.css": nil, "a b/c.txt": []byte("x")}
	names := []string{"a b/c.txt", "css/site.css", "index.html"}
	f.Add(manifestText(names, files, Info{BaseURL: "https://example.org/", Offline: true}))
	f.Fuzz(func(t *testing.T, b []byte) {
		parse := func(b []byte) func() {
			return func() {
				m, probs := parseManifest(b)
				lines := bytes.Count(b, []byte("\n")) + 1
				for i, l := range m {
					if !fs.ValidPath(l.name) || l.name == Manifest { // ValidPath refuses .. elements
						t.Fatalf("accepted %q", l.name)
					}
					if i > 0 && m[i-1].name > l.name {
						t.Fatalf("not sorted: %q before %q", m[i-1].name, l.name)
					}
					if l.line < 1 || l.line > lines {
						t.Fatalf("%q on line %d of %d", l.name, l.line, lines)
					}
				}
				if len(probs) > lines+len(m) {
					t.Fatalf("%d problems for %d lines", len(probs), lines)
				}
			}
		}
		once := linear.Allocated(parse(b))
		if got := linear.Allocated(parse(bytes.Repeat(b, 4))); got > 10*once+1<<16 {
			t.Fatalf("not linear: %d bytes allocated for %d bytes of input, %d for four times as much:\n%q", once, len(b), got, b)
		}
	})
}

// TestManifestRoundTrip checks that a manifest dossier writes parses back
// to its names, without problems.
func TestManifestRoundTrip(t *testing.T) {
	files := map[string][]byte{"index.html": []byte("<p>"), "css/site.css": nil, "a b/c.txt": []byte("x")}
	names := []string{"a b/c.txt", "css/site.css", "index.html"}
	m, probs := parseManifest(manifestText(names, files, Info{BaseURL: "https://example.org/"}))
	if len(probs) > 0 || len(m) != len(names) {
		t.Fatalf("parsed %v, problems %q", m, probs)
	}
	for i, l := range m {
		if l.name != names[i] || l.sum != sumOf(files[l.name]) {
			t.Errorf("listing %d: %q %v, want %q", i, l.name, l.sum, names[i])
		}
	}
}
