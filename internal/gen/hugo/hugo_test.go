package hugo

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/synth"
)

// generated writes a small synthetic dossier and its Hugo site.
func generated(t *testing.T) (src, dst string) {
	t.Helper()
	src, dst = filepath.Join(t.TempDir(), "dossier"), filepath.Join(t.TempDir(), "hugo")
	if err := synth.Generate(src, synth.Options{Events: 40, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	if err := Write(src, dst); err != nil {
		t.Fatal(err)
	}
	return src, dst
}

// hugoFile reads a converted file: its front matter and body.
func hugoFile(t *testing.T, name string) (map[string]any, []byte) {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	front, body, _, ok := content.SplitFrontMatter(b)
	if !ok {
		t.Fatalf("%s has no front matter", name)
	}
	fm := map[string]any{}
	if err := yaml.Unmarshal(front, &fm); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return fm, body
}

func TestWriteKeepsBodiesAndRewritesFrontMatter(t *testing.T) {
	src, dst := generated(t)
	root := filepath.Join(src, content.Dir)
	n := 0
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".md" {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		_, want, _, _ := content.SplitFrontMatter(b)
		fm, got := hugoFile(t, filepath.Join(dst, "content", filepath.FromSlash(target(rel))))
		if !bytes.Equal(got, want) {
			t.Errorf("%s: the body differs from the dossier's", rel)
		}
		if s, _ := fm["title"].(string); s == "" {
			t.Errorf("%s: no title in %v", rel, fm)
		}
		if strings.HasPrefix(rel, "events/") || strings.HasPrefix(rel, "sources/") {
			if d, _ := fm["date"].(string); len(d) != len("2001-05-03") {
				t.Errorf("%s: date %v, want a full date", rel, fm["date"])
			}
		}
		if _, ok := fm["aliases"]; ok {
			t.Errorf("%s: aliases at the top, where Hugo takes them for redirects", rel)
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 40 {
		t.Fatalf("only %d Markdown files compared", n)
	}
	if _, err := os.Stat(filepath.Join(dst, "static", "originals", "src-00000.txt")); err != nil {
		t.Errorf("the originals are not static files: %v", err)
	}
}

func TestTranslationTakesItsOriginalsFrontMatter(t *testing.T) {
	_, dst := generated(t)
	matches, err := filepath.Glob(filepath.Join(dst, "content", "events", "*.fr.md"))
	if err != nil || len(matches) == 0 {
		t.Fatalf("no translated event: %v", err)
	}
	tr, _ := hugoFile(t, matches[0])
	orig, _ := hugoFile(t, strings.TrimSuffix(matches[0], ".fr.md")+".md")
	if tr["date"] == nil || tr["date"] != orig["date"] {
		t.Errorf("the translation's date is %v, its original's %v", tr["date"], orig["date"])
	}
	if tr["title"] == orig["title"] {
		t.Errorf("the translation has its original's title %v, not its own", tr["title"])
	}
}

func TestDates(t *testing.T) {
	for in, want := range map[any]string{1975: "1975-01-01", "1975": "1975-01-01", "1975-03": "1975-03-01", "1975-03-04": "1975-03-04"} {
		if got, err := hugoDate(in); err != nil || got != want {
			t.Errorf("hugoDate(%v) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := hugoDate("soon"); err == nil {
		t.Error(`hugoDate("soon") is not an error`)
	}
}

// TestHugoBuildsIt runs Hugo, where it is installed, on a converted
// dossier: every event has its page, in both languages when translated,
// with its table, highlighted code and related events.
func TestHugoBuildsIt(t *testing.T) {
	bin, err := exec.LookPath("hugo")
	if err != nil {
		t.Skip("hugo is not on PATH (apt-get install hugo); the converted site is not built")
	}
	src, dst := generated(t)
	out := filepath.Join(t.TempDir(), "public")
	if b, err := exec.Command(bin, "--quiet", "-s", dst, "-d", out).CombinedOutput(); err != nil {
		t.Fatalf("hugo: %v\n%s", err, b)
	}
	events, err := os.ReadDir(filepath.Join(src, content.Dir, "events"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		name := strings.TrimSuffix(e.Name(), ".md")
		dir := filepath.Join(out, "events", name)
		if base, lang, ok := strings.Cut(name, "."); ok {
			dir = filepath.Join(out, lang, "events", base)
		}
		page, err := os.ReadFile(filepath.Join(dir, "index.html"))
		if err != nil {
			t.Errorf("no page for %s: %v", e.Name(), err)
			continue
		}
		for _, want := range []string{"<table>", `class="highlight"`, "<h2>Related</h2>"} {
			if !bytes.Contains(page, []byte(want)) {
				t.Errorf("%s: its page has no %s", e.Name(), want)
			}
		}
	}
}

func TestWriteIsDeterministic(t *testing.T) {
	src, dst := generated(t)
	again := filepath.Join(t.TempDir(), "again")
	if err := Write(src, again); err != nil {
		t.Fatal(err)
	}
	n := 0
	err := filepath.WalkDir(dst, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dst, p)
		a, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		b, err := os.ReadFile(filepath.Join(again, rel))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs between two runs (%v)", rel, err)
		}
		n++
		return nil
	})
	if err != nil || n == 0 {
		t.Fatalf("compared %d files: %v", n, err)
	}
}
