//go:build e2e

package e2e

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/dossier-dev/dossier/internal/devserver"
	"github.com/dossier-dev/dossier/internal/sitefs"
	"github.com/dossier-dev/dossier/internal/starter"
)

// TestOverlayPointsAtTheFix breaks a file of a site under the preview
// server: the open page shows the problem with its code frame and a link
// that opens the file in the editor. Fixing the file takes the page to the
// page of the file that was edited.
func TestOverlayPointsAtTheFix(t *testing.T) {
	e := setup(t)
	dir := filepath.Join(t.TempDir(), "site")
	if _, err := starter.Write(dir); err != nil {
		t.Fatal(err)
	}
	fsys, err := sitefs.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer fsys.Close()
	srv := devserver.New(devserver.Config{FS: fsys, Dir: dir, Editor: devserver.DefaultEditor})
	if err := srv.Build(nil); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	changes := make(chan []string)
	go srv.Run(ctx, changes)

	tab, closeTab := chromedp.NewContext(e.browser)
	defer closeTab()
	tab, stop := context.WithTimeout(tab, 60*time.Second)
	defer stop()
	if err := chromedp.Do(tab, chromedp.Navigate(ts.URL+srv.Base()), chromedp.WaitReady("body")); err != nil {
		t.Fatal(err)
	}

	const rel = "content/events/council-announced.md"
	name := filepath.Join(dir, filepath.FromSlash(rel))
	good, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(good), "title:", "titel:", 1)
	if err := os.WriteFile(name, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	changes <- []string{rel}

	if err := chromedp.Do(tab, chromedp.WaitVisible("#dossier-problems .dossier-frame")); err != nil {
		t.Fatalf("no overlay with a code frame: %v", err)
	}
	frame, err := chromedp.Run(tab, chromedp.TextContent("#dossier-problems .dossier-frame"))
	if err != nil {
		t.Fatal(err)
	}
	attr, err := chromedp.Run(tab, chromedp.AttributeValue("#dossier-problems a.dossier-edit", "href"))
	if err != nil {
		t.Fatal(err)
	}
	href := attr.Value
	if !strings.Contains(frame, "> 2 | titel:") || !strings.Contains(frame, "^") {
		t.Errorf("code frame does not mark line 2 and its column:\n%s", frame)
	}
	want := "vscode://file/" + strings.TrimPrefix(filepath.ToSlash(name), "/") + ":2:1"
	if href != want {
		t.Errorf("editor link %q, want %q", href, want)
	}

	if err := os.WriteFile(name, good, 0o644); err != nil {
		t.Fatal(err)
	}
	changes <- []string{rel}
	deadline := time.Now().Add(20 * time.Second)
	for {
		loc, err := chromedp.Run(tab, chromedp.Location())
		if err == nil && strings.HasSuffix(loc, "/events/council-announced/") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the page did not go to the edited event's page; it is at %s", loc)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
