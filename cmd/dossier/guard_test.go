package main

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dossier-dev/dossier/internal/devserver"
)

// TestServeChecksHost runs dossier serve and asks it for the home page
// under its own address, under a name that a rebinding page would send
// (403), and under a name given with -allow-host.
func TestServeChecksHost(t *testing.T) {
	src := copySite(t)
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
}
