package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dossier-dev/dossier/internal/devserver"
)

// TestServeChecksHost runs dossier serve and asks it for the home page
// under its own address, under a name that a rebinding page would send
// (403), and under a name given with -allow-host. The site has links in
// static/ to an original text and to the site's root: the preview serves
// neither, and says so; nor does dossier build publish them.
func TestServeChecksHost(t *testing.T) {
	src := copySite(t)
	const original = "000_a3e25cdaae424bf3.txt"
	for link, target := range map[string]string{
		"static/original.txt": "../content/originals/" + original,
		"static/site":         "..",
	} {
		if err := os.Symlink(target, filepath.Join(src, filepath.FromSlash(link))); err != nil {
			t.Fatal(err)
		}
	}
	const why = ": a symbolic link into content/originals/, whose texts are never published: not followed\n"
	out := filepath.Join(t.TempDir(), "out")
	code, _, errOut := runCmd("build", "-src", src, "-out", out)
	for _, w := range []string{"warning: static/original.txt" + why, "warning: static/site" + why} {
		if code != 0 || !strings.Contains(errOut, w) {
			t.Errorf("build: exit %d, stderr lacks %q:\n%s", code, w, errOut)
		}
	}
	for _, name := range []string{"original.txt", "site/content/originals/" + original, "site"} {
		if _, err := os.Lstat(filepath.Join(out, filepath.FromSlash(name))); !os.IsNotExist(err) {
			t.Errorf("build published %s (%v)", name, err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan int)
	go func() {
		done <- serve(ctx, []string{"-addr", "127.0.0.1:0", "-src", src, "-allow-host", "dossier.test, other.test"}, &stdout, &stderr)
	}()
	defer func() {
		cancel()
		<-done
	}()
	serving := regexp.MustCompile(`serving (http://[^ ,]+)`)
	var m []string
	for start := time.Now(); m == nil; m = serving.FindStringSubmatch(stdout.String()) {
		if time.Since(start) > 30*time.Second {
			t.Fatalf("serve did not start:\n%s\n%s", stdout.String(), stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	for _, tc := range []struct {
		host   string
		status int
		body   string
	}{
		{"", 200, "<!DOCTYPE html>"},
		{"localhost", 200, "<!DOCTYPE html>"},
		{"dossier.test:1313", 200, "<!DOCTYPE html>"},
		{"evil.example", 403, `dossier serve: this preview does not answer to the host "evil.example"; if you meant to open it under that name, run dossier serve -public -allow-host evil.example` + "\n"},
	} {
		req, err := http.NewRequest("GET", m[1], nil)
		if err != nil {
			t.Fatal(err)
		}
		if tc.host != "" {
			req.Host = tc.host
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.status || !strings.HasPrefix(string(b), tc.body) {
			t.Errorf("Host %q: %d %.80q, want %d %q", tc.host, resp.StatusCode, b, tc.status, tc.body)
		}
		if got := resp.Header.Get("Content-Security-Policy"); got != devserver.CSP {
			t.Errorf("Host %q: Content-Security-Policy %q", tc.host, got)
		}
		if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("Host %q: X-Content-Type-Options %q", tc.host, got)
		}
	}
	for p, want := range map[string]int{
		"css/site.css":                       http.StatusOK, // the control
		"original.txt":                       http.StatusNotFound,
		"site/content/originals/" + original: http.StatusNotFound,
		"site/content/site.yaml":             http.StatusNotFound,
	} {
		resp, err := http.Get(m[1] + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET %s: %d, want %d", m[1]+p, resp.StatusCode, want)
		}
	}
	if !strings.Contains(stderr.String(), "warning: static/original.txt"+why) {
		t.Errorf("serve does not say it left the link out:\n%s", stderr.String())
	}
}
