package devserver

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dossier-dev/dossier/internal/history"
	"github.com/dossier-dev/dossier/internal/sitegen"
)

// TestHistoryFollowed checks that a commit made while the server runs
// moves a page's date of last change without a save, and that a history
// that did not move builds nothing.
func TestHistoryFollowed(t *testing.T) {
	fsys := realCopy(t)
	const file = "content/events/almaty-airport-seized-and-retaken.md"
	first := history.Known(map[string]time.Time{file: time.Date(2020, 1, 2, 12, 0, 0, 0, time.UTC)})
	now := map[string]time.Time{file: time.Date(2021, 3, 4, 12, 0, 0, 0, time.UTC)}
	s := New(Config{
		FS:           fsys,
		Options:      sitegen.Options{History: first},
		History:      func() *history.Log { return history.Known(now) },
		HistoryEvery: 10 * time.Millisecond,
	})
	defer s.Close()
	if err := s.Build(nil); err != nil {
		t.Fatal(err)
	}
	page := s.Base() + "events/almaty-airport-seized-and-retaken/"
	before := get(s, "GET", page).body
	if !strings.Contains(before, "2020") || strings.Contains(before, "2021") {
		t.Fatalf("the page does not say it was updated in 2020 (or says 2021)")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go s.Run(ctx, make(chan []string))
	deadline := time.Now().Add(10 * time.Second)
	for s.State().Number < 2 {
		if time.Now().After(deadline) {
			t.Fatal("no build after the history moved")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if after := get(s, "GET", page).body; !strings.Contains(after, "2021") {
		t.Errorf("after the history moved, the page does not say 2021")
	}
	time.Sleep(100 * time.Millisecond) // ten more readings, the same
	if n := s.State().Number; n != 2 {
		t.Errorf("%d builds: a history that did not move built again", n)
	}
}
