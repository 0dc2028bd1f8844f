package devserver

import (
	"net/http/httptest"
	"testing"
)

// TestGuard: the preview answers only to the names it is opened by, so that
// no web page can read it by DNS rebinding; each answer says nosniff and
// carries the policy; a directory is never listed.
func TestGuard(t *testing.T) {
	site := withFiles("/", files)
	for _, tc := range []struct {
		bind    string
		allowed []string
		public  bool
		host    string
		status  int
	}{
		{"127.0.0.1", nil, false, "127.0.0.1:1313", 200},
		{"127.0.0.1", nil, false, "localhost:1313", 200},
		{"127.0.0.1", nil, false, "LOCALHOST", 200},
		{"127.0.0.1", nil, false, "localhost.:1313", 200},
		{"127.0.0.1", nil, false, "[::1]:1313", 200},
		{"127.0.0.1", nil, false, "site.localhost:1313", 200},
		{"127.0.0.1", nil, false, "evil.example:1313", 403}, // rebinding
		{"127.0.0.1", nil, false, "localhost.evil.example", 403},
		{"127.0.0.1", nil, false, "", 403},
		{"127.0.0.1", nil, false, "192.168.1.5:1313", 403}, // an address is allowed only with -public
		{"127.0.0.2", nil, false, "127.0.0.2:1313", 200},   // the bind address
		{"::1", nil, false, "[::1]:1313", 200},
		{"0.0.0.0", nil, true, "192.168.1.5:1313", 200},
		{"0.0.0.0", nil, true, "[fe80::1]:1313", 200},
		{"0.0.0.0", nil, true, "mybox.local:1313", 403},
		{"0.0.0.0", []string{"mybox.local"}, true, "MyBox.local:1313", 200},
		{"0.0.0.0", []string{"mybox.local"}, true, "other.local:1313", 403},
	} {
		req := httptest.NewRequest("GET", "/", nil)
		req.Host = tc.host
		rec := httptest.NewRecorder()
		Guard(site, tc.bind, tc.allowed, tc.public).ServeHTTP(rec, req)
		if rec.Code != tc.status {
			t.Errorf("bind %s, allowed %q, public %v, Host %q: %d, want %d", tc.bind, tc.allowed, tc.public, tc.host, rec.Code, tc.status)
		}
		if got := rec.Header().Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("Host %q: X-Content-Type-Options %q", tc.host, got)
		}
		if got := rec.Header().Get("Content-Security-Policy"); got != CSP {
			t.Errorf("Host %q: Content-Security-Policy %q", tc.host, got)
		}
		if tc.status == 403 {
			want := "dossier serve: this preview does not answer to the host " + quote(tc.host) + "; if you meant to open it under that name, run dossier serve -public -allow-host " + hostname(tc.host) + "\n"
			if rec.Body.String() != want {
				t.Errorf("Host %q: body %q, want %q", tc.host, rec.Body.String(), want)
			}
		}
	}
	// No directory listing: a directory without index.html is not found.
	g := Guard(site, "127.0.0.1", nil, false)
	for _, p := range []string{"/css/", "/events/", "/deep/er/"} {
		req := httptest.NewRequest("GET", p, nil)
		req.Host = "localhost"
		rec := httptest.NewRecorder()
		g.ServeHTTP(rec, req)
		if rec.Code != 404 {
			t.Errorf("GET %s: %d, want 404", p, rec.Code)
		}
	}
}

func quote(s string) string { return `"` + s + `"` }
