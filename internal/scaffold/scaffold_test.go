package scaffold

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dossier-dev/dossier/internal/diag"
	"github.com/dossier-dev/dossier/internal/sitegen"
)

var today = time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)

// copySite copies the real dossier's input into a temporary directory.
func copySite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, sub := range []string{"content", "templates", "static"} {
		if out, err := exec.Command("cp", "-r", filepath.Join("..", "..", sub), dir).CombinedOutput(); err != nil {
			t.Fatalf("cp: %v\n%s", err, out)
		}
	}
	return dir
}

// problems builds the site and returns the problems in file.
func problems(t *testing.T, dir, file string) []string {
	t.Helper()
	_, err := sitegen.Build(os.DirFS(dir), sitegen.Options{})
	var l diag.List
	if err != nil && !errors.As(err, &l) {
		t.Fatal(err)
	}
	var out []string
	for _, d := range l {
		if d.Path == file {
			out = append(out, d.String())
		} else {
			t.Errorf("problem in another file: %s", d)
		}
	}
	return out
}

// TestNewFilesAreComplete writes a file of each kind into the real dossier
// and checks that the build finds every key present and known: what it
// reports is only what the editor has to fill in. Filled in, the file
// builds.
func TestNewFilesAreComplete(t *testing.T) {
	for _, tc := range []struct {
		kind, id string
		want     []string // the problems of the new file, as written
		fill     map[string]string
	}{
		{
			kind: "event", id: "talks-begin",
			want: []string{
				"date 2026-03-14 is after the period",
				"sources is empty",
			},
			fill: map[string]string{
				"date: 2026-03-14":    "date: 2022-01-06",
				"sources: []":         "sources: [secretariat-statement]",
				"The first paragraph": "Talks began [@secretariat-statement] with [[csto]]. The first paragraph",
			},
		},
		{
			kind: "source", id: "new-report",
			want: []string{`original "originals/new-report.txt" does not exist`},
			fill: map[string]string{"original: originals/new-report.txt": "original: originals/000_a3e25cdaae424bf3.txt"},
		},
		{kind: "entity", id: "almaty-region"},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			dir := copySite(t)
			name, err := Write(dir, tc.kind, tc.id, today)
			if err != nil {
				t.Fatal(err)
			}
			rel := "content/" + Kinds[tc.kind] + "/" + tc.id + ".md"
			if name != filepath.Join(dir, filepath.FromSlash(rel)) {
				t.Fatalf("wrote %s", name)
			}
			got := problems(t, dir, rel)
			if len(got) != len(tc.want) {
				t.Fatalf("problems:\n%s\nwant %d: %q", strings.Join(got, "\n"), len(tc.want), tc.want)
			}
			for i, w := range tc.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("problem %d: %s\nwant %q", i, got[i], w)
				}
			}
			b, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			text := string(b)
			front := strings.Split(text, "---\n")[1]
			for line := range strings.Lines(front) {
				if l := strings.TrimSpace(line); l != "" && !strings.HasPrefix(l, "#") && !strings.Contains(l, " # ") {
					t.Errorf("a key without a comment: %q", line)
				}
			}
			for old, new := range tc.fill {
				if !strings.Contains(text, old) {
					t.Fatalf("no %q in\n%s", old, text)
				}
				text = strings.Replace(text, old, new, 1)
			}
			if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			if got := problems(t, dir, rel); len(got) > 0 {
				t.Errorf("filled in, it still has problems:\n%s\n\n%s", strings.Join(got, "\n"), text)
			}
		})
	}
}

func TestWriteRefusesToOverwrite(t *testing.T) {
	dir := t.TempDir()
	name, err := Write(dir, "entity", "csto", today)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(dir, "entity", "csto", today); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("second Write: %v, want fs.ErrExist", err)
	}
	if b, _ := os.ReadFile(name); string(b) != "mine" {
		t.Fatalf("the file was replaced: %q", b)
	}
}

func TestWriteRejectsBadInput(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range [][2]string{
		{"event", "Bad_Id"},
		{"event", "../escape"},
		{"event", ""},
		{"person", "x"},
	} {
		if _, err := Write(dir, tc[0], tc[1], today); err == nil {
			t.Errorf("Write(%q, %q) succeeded", tc[0], tc[1])
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		t.Errorf("wrote %v", entries)
	}
}

func TestTextQuotesValuesFromTheID(t *testing.T) {
	b, err := Text("entity", "null", today)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `name: "Null"`) {
		t.Errorf("got\n%s", b)
	}
	b, _ = Text("event", "troops-arrive", today)
	if !strings.Contains(string(b), `title: "Troops arrive"`) || !strings.Contains(string(b), "date: 2026-03-14") {
		t.Errorf("got\n%s", b)
	}
}
