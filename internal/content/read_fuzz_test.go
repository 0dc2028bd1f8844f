package content

import (
	"bytes"
	"strings"
	"testing"

	"github.com/dossier-dev/dossier/internal/linear"
)

// FuzzFrontMatter checks the reading of a Markdown file: checkText never
// places a problem outside the file, SplitFrontMatter gives back the file
// it split, with the right body line, and both do linear work (the input
// four times over may allocate about four times as much, not sixteen).
// The seed corpus is in testdata/fuzz/FuzzFrontMatter; run it with
// make fuzz.
func FuzzFrontMatter(f *testing.F) {
	f.Add([]byte("---\ntitle: x\n---\nText.\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		read := func(b []byte) func() {
			return func() {
				text, err := checkText(b)
				if err != nil {
					re, ok := isReadError(err)
					if !ok {
						t.Fatalf("checkText(%q): %v, not a readError", b, err)
					}
					if re.line > bytes.Count(b, []byte("\n"))+1 {
						t.Fatalf("checkText(%q): problem on line %d, past the end", b, re.line)
					}
					return
				}
				front, body, bodyLine, ok := SplitFrontMatter(text)
				if !ok {
					return
				}
				head := text[:len(text)-len(body)]
				if !bytes.HasPrefix(head, []byte("---\n")) || !bytes.HasPrefix(head[4:], front) {
					t.Fatalf("SplitFrontMatter(%q): front %q is not what follows the first ---", text, front)
				}
				if closing := strings.TrimRight(strings.TrimSuffix(string(head[4+len(front):]), "\n"), " \t"); closing != "---" {
					t.Fatalf("SplitFrontMatter(%q): closed by %q", text, closing)
				}
				if want := bytes.Count(head, []byte("\n")) + 1; body != nil && bodyLine != want {
					t.Fatalf("SplitFrontMatter(%q): body on line %d, want %d", text, bodyLine, want)
				}
			}
		}
		once := linear.Allocated(read(b))
		if got := linear.Allocated(read(bytes.Repeat(b, 4))); got > 8*once+1<<16 {
			t.Fatalf("not linear: %d bytes allocated for %d bytes of input, %d for four times as much:\n%q", once, len(b), got, b)
		}
	})
}
