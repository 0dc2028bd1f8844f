package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestInitBuildCheck is the newcomer's first minute: dossier init, then
// build, then check (under the base path build recorded), with no problem
// and no warning at any step.
func TestInitBuildCheck(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "mysite")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"init", dir}, &stdout, &stderr); code != exitOK {
		t.Fatalf("init: exit %d\n%s", code, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "content", "site.yaml")); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"schemas/event.schema.json", "schemas/site.schema.json", ".vscode/settings.json"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("init wrote no %s", f)
		}
	}
	for _, d := range []string{"templates", "static"} {
		if _, err := os.Stat(filepath.Join(dir, d)); err == nil {
			t.Errorf("init wrote %s/: the theme is built in, a starter needs content/ only", d)
		}
	}
	stdout.Reset()
	stderr.Reset()
	if code := run([]string{"build", "-src", dir}, &stdout, &stderr); code != exitOK || stderr.Len() > 0 {
		t.Fatalf("build: exit %d; want 0 with no warning, got:\n%s", code, stderr.String())
	}
	for _, f := range []string{"index.html", "timeline/index.html", "membership/index.html", "discrepancies/index.html", "css/site.css", "about/index.html"} {
		if _, err := os.Stat(filepath.Join(dir, "build", f)); err != nil {
			t.Errorf("the starter's build has no %s", f)
		}
	}
	stderr.Reset()
	if code := run([]string{"check", "-dir", filepath.Join(dir, "build")}, &stdout, &stderr); code != exitOK {
		t.Fatalf("check: exit %d\n%s", code, stderr.String())
	}
	// A second init into the same directory replaces nothing.
	stderr.Reset()
	if code := run([]string{"init", dir}, &stdout, &stderr); code != exitContent || !strings.Contains(stderr.String(), "is not empty") {
		t.Errorf("init into a non-empty directory: exit %d, %q", code, stderr.String())
	}
}
