package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dossier-dev/dossier/internal/sitegen"
)

func TestNew(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := runCmd("new", "-src", dir, "event", "troops-arrive")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	name := filepath.Join(dir, "content", "events", "troops-arrive.md")
	if !strings.Contains(out, name) {
		t.Errorf("output %q does not name %s", out, name)
	}
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if today := time.Now().Format(time.DateOnly); !strings.Contains(string(b), "date: "+today) {
		t.Errorf("no date %s:\n%s", today, b)
	}
	// A second time: refused, and the file is untouched.
	if err := os.WriteFile(name, []byte("edited"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = runCmd("new", "-src", dir, "event", "troops-arrive")
	if code != exitContent || !strings.Contains(errOut, "exists already") {
		t.Errorf("second new: exit %d, %q", code, errOut)
	}
	if b, _ := os.ReadFile(name); string(b) != "edited" {
		t.Errorf("the file was replaced")
	}
	for _, args := range [][]string{
		{"new"},
		{"new", "event"},
		{"new", "person", "x"},
		{"new", "event", "Bad Id"},
		{"new", "event", "a", "b"},
	} {
		if code, _, _ := runCmd(args...); code != exitUsage {
			t.Errorf("%q: exit %d, want %d", args, code, exitUsage)
		}
	}
	if code, _, errOut := runCmd("new", "-h"); code != 0 || !strings.Contains(errOut, "event|source|entity") {
		t.Errorf("new -h: %d %q", code, errOut)
	}
}

// TestNewEventPreviews: `dossier new event` in the real dossier writes a
// draft dated inside its period; the preview's build (drafts on) has no
// problem, and a normal build leaves the draft out.
func TestNewEventPreviews(t *testing.T) {
	dir := copySite(t)
	if code, _, errOut := runCmd("new", "-src", dir, "event", "talks-begin"); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	b, err := os.ReadFile(filepath.Join(dir, "content", "events", "talks-begin.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "\ndraft: true ") || !strings.Contains(string(b), "\ndate: 2022-01-02 ") {
		t.Errorf("not a draft at the period's start (site.yaml: 2022-01-02 to 2022-01-11):\n%s", b)
	}
	const page = "events/talks-begin/index.html"
	res, err := sitegen.Build(os.DirFS(dir), sitegen.Options{Drafts: true})
	if err != nil {
		t.Fatalf("the preview has problems:\n%v", err)
	}
	if !strings.Contains(string(res.Files[page]), "Draft — not published") {
		t.Errorf("the preview's %s is missing or not marked as a draft", page)
	}
	// The new file's warnings: the missing sources, and the placeholder
	// paragraphs that cite nothing yet.
	var warns []string
	for _, w := range res.Warnings {
		if w.Path == "content/events/talks-begin.md" && !strings.Contains(w.Msg, "this paragraph cites no source") {
			warns = append(warns, w.String())
		}
	}
	if want := "content/events/talks-begin.md: sources is empty: every event cites at least one source"; len(warns) != 1 || warns[0] != want {
		t.Errorf("warnings of the new file: %q, want %q", warns, want)
	}
	res, err = sitegen.Build(os.DirFS(dir), sitegen.Options{})
	if err != nil {
		t.Fatalf("the build has problems:\n%v", err)
	}
	if _, ok := res.Files[page]; ok {
		t.Errorf("the build publishes the draft")
	}
	for name, b := range res.Files {
		if strings.Contains(string(b), "talks-begin") || strings.Contains(string(b), "Talks begin") {
			t.Errorf("%s names the draft", name)
		}
	}
}
