package history

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestRepository commits two files on two days and changes one of them
// later: each file's date is its last commit's, by its path from the
// site's directory, which is a subdirectory of the repository.
func TestRepository(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("git is not installed; the history cannot be tested")
	}
	repo := t.TempDir()
	site := filepath.Join(repo, "site")
	run := func(date string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", repo}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=a", "GIT_AUTHOR_EMAIL=a@example.org", "GIT_COMMITTER_NAME=a",
			"GIT_COMMITTER_EMAIL=a@example.org", "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE=2030-01-01T00:00:00Z")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	write := func(name, text string) {
		t.Helper()
		p := filepath.Join(site, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if d, _, err := Start(site).Wait(); d != nil || err != nil {
		t.Fatalf("outside a repository: %v, %v; want no dates and no error", d, err)
	}
	if h := Head(site); h != "" {
		t.Fatalf("outside a repository, Head is %q", h)
	}
	run("", "init", "-q")
	write("content/events/a.md", "a")
	write("content/events/b.md", "b")
	write("templates/x.html", "x")
	run("2024-03-05T10:00:00+02:00", "add", ".")
	run("2024-03-05T10:00:00+02:00", "commit", "-qm", "one")
	write("content/events/b.md", "b2")
	run("2024-04-01T23:30:00-05:00", "commit", "-qam", "two")
	head := Head(site)
	write("content/events/c.md", "uncommitted")
	if h := Head(site); len(h) < 40 || h != head {
		t.Errorf("Head: %q, then after an edit %q; want one commit's name twice", head, h)
	}
	run("2024-04-01T23:30:00-05:00", "commit", "-q", "--amend", "-m", "two, amended")
	if h := Head(site); h == head {
		t.Errorf("Head is the same after the commit was amended")
	}

	dates, shallow, err := Start(site).Wait()
	if err != nil || shallow {
		t.Fatalf("err %v, shallow %v", err, shallow)
	}
	want := map[string]time.Time{
		"content/events/a.md": time.Date(2024, 3, 5, 8, 0, 0, 0, time.UTC),
		"content/events/b.md": time.Date(2024, 4, 2, 4, 30, 0, 0, time.UTC),
	}
	if len(dates) != len(want) {
		t.Errorf("dates %v, want %v", dates, want)
	}
	for p, w := range want {
		if !dates[p].Equal(w) {
			t.Errorf("%s: %v, want %v", p, dates[p], w)
		}
	}

	// A shallow clone, as CI checks out by default, knows only the files
	// changed since the commit where its history is cut: here, of depth 1,
	// none; of depth 2, b.md of the second commit.
	for depth, want := range map[string]int{"1": 0, "2": 1} {
		clone := t.TempDir()
		run("", "clone", "-q", "--depth="+depth, "file://"+repo, clone)
		d, shallow, err := Start(filepath.Join(clone, "site")).Wait()
		if !shallow || len(d) != want || err != nil {
			t.Errorf("clone of depth %s: dates %v, shallow %v, err %v; want shallow and %d dates", depth, d, shallow, err, want)
		}
		if want == 1 && !d["content/events/b.md"].Equal(time.Date(2024, 4, 2, 4, 30, 0, 0, time.UTC)) {
			t.Errorf("clone of depth 2: %v", d)
		}
	}
}

func TestNil(t *testing.T) {
	var l *Log
	if d, s, err := l.Wait(); d != nil || s || err != nil {
		t.Error("a nil Log has history")
	}
}

func TestParseBadDate(t *testing.T) {
	if _, err := parse([]byte("\x00yesterday\ncontent/a.md\n"), false); err == nil {
		t.Error("a bad date parsed")
	}
}
