package site

import (
	"testing"

	"github.com/dossier-dev/dossier/internal/content"
)

// TestSourceNumbers numbers sources by publication date, then id: a
// source known only to the month comes before the days of that month, and
// two of one day go by id, whatever order the dossier lists them in.
func TestSourceNumbers(t *testing.T) {
	src := func(id string, y, m, d int, p content.Precision) *content.Source {
		s := &content.Source{Published: content.Published{Date: content.Date{Year: y, Month: m, Day: d, Precision: p}}}
		s.ID = id
		return s
	}
	d := &content.Dossier{Sources: []*content.Source{
		src("zeta", 2022, 1, 5, content.Day),
		src("alpha", 2022, 1, 11, content.Day),
		src("beta", 2022, 1, 5, content.Day),
		src("month", 2022, 1, 0, content.Month),
		src("old", 1992, 0, 0, content.Year),
	}}
	got := sourceNumbers(d)
	want := map[string]int{"old": 1, "month": 2, "beta": 3, "zeta": 4, "alpha": 5}
	for id, n := range want {
		if got[id] != n {
			t.Errorf("source %s is number %d, want %d (all: %v)", id, got[id], n, got)
		}
	}
	if len(got) != len(want) {
		t.Errorf("numbered %d sources, want %d", len(got), len(want))
	}
}

// TestIDPrefix makes each body's popover ids from its path, apart from
// every other body's.
func TestIDPrefix(t *testing.T) {
	for path, want := range map[string]string{
		"content/events/protests-begin.md":    "c-events-protests-begin",
		"content/events/protests-begin.vi.md": "c-events-protests-begin-vi",
		"content/sources/protests-begin.md":   "c-sources-protests-begin",
		"content/home.md":                     "c-home",
	} {
		if got := idPrefix(path); got != want {
			t.Errorf("idPrefix(%q) = %q, want %q", path, got, want)
		}
	}
}
