package scaffold

import (
	"errors"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dossier-dev/dossier/internal/content"
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

// build builds the site and returns its files and the problems and
// warnings in file; it fails the test on a problem in another file.
func build(t *testing.T, dir, file string, drafts bool) (files map[string][]byte, problems, warnings []string) {
	t.Helper()
	res, err := sitegen.Build(os.DirFS(dir), sitegen.Options{Drafts: drafts})
	var l diag.List
	if err != nil && !errors.As(err, &l) {
		t.Fatal(err)
	}
	if res != nil {
		files = res.Files
		for _, w := range res.Warnings {
			if w.Path == file {
				warnings = append(warnings, w.String())
			}
		}
	}
	for _, d := range l {
		if d.Path == file {
			problems = append(problems, d.String())
		} else {
			t.Errorf("problem in another file: %s", d)
		}
	}
	return files, problems, warnings
}

// uncited is the warning for a paragraph that cites nothing, such as the
// placeholder text of a new file.
const uncited = "this paragraph cites no source"

// TestNewFilesAreComplete writes a file of each kind into the real dossier.
// The file is a draft: the preview (drafts on) shows it with no problem,
// only warnings for what the editor has to fill in, and a build leaves it
// out. Filled in and published, it builds. Every key is present and known.
func TestNewFilesAreComplete(t *testing.T) {
	for _, tc := range []struct {
		kind, id string
		page     string   // the page of the file, once published
		inList   string   // for a file shown on a list page: what shows it there
		warn     []string // the warnings of the new file in the preview, besides its uncited placeholder paragraphs
		fill     map[string]string
	}{
		{
			kind: "event", id: "talks-begin", page: "events/talks-begin/index.html",
			warn: []string{"sources is empty"},
			fill: map[string]string{
				"sources: []":         "sources: [secretariat-statement]",
				"The first paragraph": "Talks began [@secretariat-statement] with [[csto]]. The first paragraph",
			},
		},
		{
			kind: "source", id: "new-report", page: "sources/new-report/index.html",
			warn: []string{`original "originals/new-report.txt" does not exist`},
			fill: map[string]string{"original: originals/new-report.txt": "original: originals/000_a3e25cdaae424bf3.txt"},
		},
		{kind: "entity", id: "almaty-region", page: "entities/almaty-region/index.html"},
		{kind: "discrepancy", id: "who-knew", page: "discrepancies/index.html", inList: `id="who-knew"`},
		{kind: "page", id: "credits", page: "credits/index.html"},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			dir := copySite(t)
			cfg, err := content.LoadConfig(os.DirFS(dir))
			if err != nil {
				t.Fatal(err)
			}
			// Today is after the period: the file is dated at its start.
			name, err := Write(dir, tc.kind, tc.id, Day(cfg.Period, today), "secretariat-statement", "csto-letter-to-un")
			if err != nil {
				t.Fatal(err)
			}
			rel := "content/" + Kinds[tc.kind] + "/" + tc.id + ".md"
			if name != filepath.Join(dir, filepath.FromSlash(rel)) {
				t.Fatalf("wrote %s", name)
			}
			files, probs, warns := build(t, dir, rel, true)
			if len(probs) > 0 {
				t.Fatalf("the preview has problems:\n%s", strings.Join(probs, "\n"))
			}
			if tc.inList != "" {
				if !strings.Contains(string(files[tc.page]), tc.inList) {
					t.Errorf("the preview's %s does not show the draft", tc.page)
				}
			} else if !strings.Contains(string(files[tc.page]), "Draft — not published") {
				t.Errorf("the preview's %s is not marked as a draft", tc.page)
			}
			warns = slices.DeleteFunc(warns, func(w string) bool { return strings.Contains(w, uncited) })
			if len(warns) != len(tc.warn) {
				t.Fatalf("warnings:\n%s\nwant %d: %q", strings.Join(warns, "\n"), len(tc.warn), tc.warn)
			}
			for i, w := range tc.warn {
				if !strings.Contains(warns[i], w) {
					t.Errorf("warning %d: %s\nwant %q", i, warns[i], w)
				}
			}
			files, probs, _ = build(t, dir, rel, false)
			if len(probs) > 0 {
				t.Fatalf("the build has problems:\n%s", strings.Join(probs, "\n"))
			}
			if b, ok := files[tc.page]; ok && (tc.inList == "" || strings.Contains(string(b), tc.inList)) {
				t.Errorf("the build publishes the draft on %s", tc.page)
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
			tc.fill = maps.Clone(tc.fill)
			if tc.fill == nil {
				tc.fill = map[string]string{}
			}
			var draftLine string
			for line := range strings.Lines(front) {
				if strings.HasPrefix(line, "draft: true ") {
					draftLine = line
				}
			}
			if draftLine == "" {
				t.Fatalf("no draft: true line in\n%s", front)
			}
			tc.fill[draftLine] = "" // publish it
			for old, new := range tc.fill {
				if !strings.Contains(text, old) {
					t.Fatalf("no %q in\n%s", old, text)
				}
				text = strings.Replace(text, old, new, 1)
			}
			if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			files, probs, warns = build(t, dir, rel, false)
			warns = slices.DeleteFunc(warns, func(w string) bool { return strings.Contains(w, uncited) })
			if len(probs)+len(warns) > 0 {
				t.Errorf("filled in, it still has problems:\n%s\n\n%s", strings.Join(append(probs, warns...), "\n"), text)
			}
			if b, ok := files[tc.page]; !ok || strings.Contains(string(b), "Draft — not published") {
				t.Errorf("published, %s is missing or marked as a draft", tc.page)
			}
		})
	}
}

func TestDay(t *testing.T) {
	period := content.Period{Start: content.Date{Year: 2022, Month: 1, Day: 2, Precision: content.Day}, End: content.Date{Year: 2022, Month: 1, Precision: content.Month}}
	for _, tc := range []struct {
		today time.Time
		p     content.Period
		want  string
	}{
		{time.Date(2022, 1, 20, 23, 0, 0, 0, time.UTC), period, "2022-01-20"}, // inside
		{time.Date(2022, 1, 31, 9, 0, 0, 0, time.UTC), period, "2022-01-31"},  // the last day of a month-long end
		{time.Date(2022, 2, 1, 0, 0, 0, 0, time.UTC), period, "2022-01-02"},   // after
		{time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC), period, "2022-01-02"},   // before
		{today, content.Period{}, "2026-03-14"},                               // no site.yaml
	} {
		if got := Day(tc.p, tc.today).Format(time.DateOnly); got != tc.want {
			t.Errorf("Day(%v, %s) = %s, want %s", tc.p, tc.today, got, tc.want)
		}
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
