package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheck builds the real dossier for a project site, checks it served
// under its subpath and from disk, then breaks a link and expects exit 1
// with the problem.
func TestCheck(t *testing.T) {
	src := copySite(t)
	site := filepath.Join(t.TempDir(), "site")
	offline := filepath.Join(t.TempDir(), "offline")
	for _, args := range [][]string{
		{"build", "-src", src, "-out", site, "-base-url", "https://example.github.io/dossier/"},
		{"build", "-src", src, "-out", offline, "-offline"},
	} {
		if code, _, stderr := runCmd(args...); code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, code, stderr)
		}
	}
	for _, args := range [][]string{
		{"check", "-dir", site, "-base-path", "/dossier/"},
		{"check", "-dir", offline, "-offline"},
	} {
		code, stdout, stderr := runCmd(args...)
		if code != 0 || !strings.HasSuffix(stdout, " 0 problem(s)\n") {
			t.Errorf("%v: exit %d\n%s%s", args, code, stdout, stderr)
		}
	}
	// The normal build read from disk: its folder links are broken there.
	if code, _, stderr := runCmd("check", "-dir", site, "-offline"); code != 1 || !strings.Contains(stderr, "as a file listing") {
		t.Errorf("check -offline of a normal build: exit %d\n%s", code, stderr)
	}
	page := filepath.Join(site, "timeline", "index.html")
	b, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(page, []byte(strings.Replace(string(b), `href="../membership/"`, `href="../membershi/"`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCmd("check", "-dir", site, "-base-path", "/dossier/")
	if code != 1 || !strings.Contains(stderr, `timeline/index.html:`) || !strings.Contains(stderr, `broken link "../membershi/": the server answers 404 Not Found`) || !strings.Contains(stdout, "1 problem(s)") {
		t.Errorf("check after breaking a link: exit %d\n%s%s", code, stdout, stderr)
	}
	if code, _, stderr := runCmd("check", "-dir", filepath.Join(t.TempDir(), "none")); code != 1 || !strings.Contains(stderr, "build the site first") {
		t.Errorf("check of a missing directory: exit %d\n%s", code, stderr)
	}
}

// check with no flags checks what build with no flags wrote: the real
// dossier's base_url has a path, which check must serve the site under.
// An -offline build is checked from disk; an explicit -base-path still wins.
func TestCheckDefaultsFollowBuild(t *testing.T) {
	t.Chdir(copySite(t))
	for _, args := range [][]string{{"build"}, {"build", "-offline", "-out", "offline"}} {
		if code, _, stderr := runCmd(args...); code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, code, stderr)
		}
	}
	for _, tc := range []struct {
		args []string
		how  string
	}{
		{[]string{"check"}, "build served under /dossier/, as built for https://"},
		{[]string{"check", "-dir", "offline"}, "offline from disk: "},
	} {
		code, stdout, stderr := runCmd(tc.args...)
		if code != 0 || !strings.Contains(stdout, tc.how) || !strings.HasSuffix(stdout, " 0 problem(s)\n") {
			t.Errorf("%v: exit %d, want 0 problems, %s\n%s%s", tc.args, code, tc.how, stdout, stderr)
		}
	}
	if code, stdout, _ := runCmd("check", "-base-path", "/"); code != 1 || !strings.Contains(stdout, "served under /: ") {
		t.Errorf("check -base-path / of a site built for /dossier/: exit %d\n%s", code, stdout)
	}
}
