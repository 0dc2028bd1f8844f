package main

import (
	"bytes"
	"fmt"
	"net"
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

// TestFlagsAnywhereVersionAnnotations: flags after arguments, --version,
// and problems as GitHub annotations when GITHUB_ACTIONS=true.
func TestFlagsAnywhereVersionAnnotations(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"init", dir}, &stdout, &stderr); code != exitOK {
		t.Fatal(stderr.String())
	}
	stdout.Reset()
	if code := run([]string{"new", "entity", "late-flag", "-src", dir}, &stdout, &stderr); code != exitOK {
		t.Fatalf("new with the flag last: exit %d\n%s", code, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "content", "entities", "late-flag.md")); err != nil {
		t.Error(err)
	}
	stdout.Reset()
	if code := run([]string{"--version"}, &stdout, &stderr); code != exitOK || !strings.HasPrefix(stdout.String(), "dossier ") {
		t.Errorf("--version: exit %d, %q", code, stdout.String())
	}
	// A broken file, built as GitHub Actions runs it.
	p := filepath.Join(dir, "content", "pages", "about.md")
	if err := os.WriteFile(p, []byte("---\ntitel: About\n---\nBody.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GITHUB_ACTIONS", "true")
	stderr.Reset()
	if code := run([]string{"build", "-src", dir}, &stdout, &stderr); code != exitContent {
		t.Fatalf("exit %d", code)
	}
	want := "::error file=" + filepath.ToSlash(dir) + "/content/pages/about.md,line=2,col=1::unknown key \"titel\"; did you mean \"title\"?"
	if !strings.Contains(stderr.String(), want) {
		t.Errorf("no annotation %s in:\n%s", want, stderr.String())
	}
}

// TestServePorts: a busy port given with -port fails at once, before any
// build; a busy default port moves on to the next free one and says so.
func TestServePorts(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	port := busy.Addr().(*net.TCPAddr).Port
	var stderr bytes.Buffer
	ln, err := listenPort(busy.Addr().String(), true, &stderr)
	if err == nil {
		ln.Close()
		t.Fatal("an explicit busy port was accepted")
	}
	if !strings.Contains(err.Error(), "is busy: is another server using it? Choose another port with -port") {
		t.Errorf("error %q gives no hint", err)
	}
	ln, err = listenPort(busy.Addr().String(), false, &stderr)
	if err != nil {
		t.Fatalf("default port busy: %v", err)
	}
	defer ln.Close()
	if got := ln.Addr().(*net.TCPAddr).Port; got <= port || got > port+20 {
		t.Errorf("moved to port %d, want one of the next 20 after %d", got, port)
	}
	if want := fmt.Sprintf("port %d is busy; using", port); !strings.Contains(stderr.String(), want) {
		t.Errorf("no %q in %q", want, stderr.String())
	}

	// Through the command: nothing is built when the explicit port is busy.
	dir := filepath.Join(t.TempDir(), "site")
	var out bytes.Buffer
	if code := run([]string{"init", dir}, &out, &stderr); code != exitOK {
		t.Fatal(stderr.String())
	}
	stderr.Reset()
	out.Reset()
	code := serve(t.Context(), []string{"-src", dir, "-port", fmt.Sprint(port)}, &out, &stderr)
	if code != exitContent || strings.Contains(stderr.String(), "build") || strings.Contains(out.String(), "build") {
		t.Errorf("exit %d; want 1 before any build, got:\n%s%s", code, out.String(), stderr.String())
	}
}

// TestBuildFlags: -base-url is checked before anything is built; -quiet
// prints nothing on success; -v adds a count of pages per section.
func TestBuildFlags(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"init", dir}, &stdout, &stderr); code != exitOK {
		t.Fatal(stderr.String())
	}
	stdout.Reset()
	if code := run([]string{"build", "-src", dir, "-base-url", "not-a-url"}, &stdout, &stderr); code != exitUsage || !strings.Contains(stderr.String(), `-base-url "not-a-url" is not an absolute http(s) URL`) {
		t.Errorf("bad -base-url: exit %d, %q", code, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "build")); err == nil {
		t.Error("a build was written despite a bad -base-url")
	}
	stderr.Reset()
	if code := run([]string{"build", "-quiet", "-src", dir}, &stdout, &stderr); code != exitOK || stdout.Len()+stderr.Len() > 0 {
		t.Errorf("-quiet: exit %d, printed %q %q", code, stdout.String(), stderr.String())
	}
	if code := run([]string{"build", "-v", "-src", dir}, &stdout, &stderr); code != exitOK || !strings.Contains(stdout.String(), "en events") {
		t.Errorf("-v: exit %d, printed %q", code, stdout.String())
	}
}

// TestNewKindsAndTranslation: dossier new writes a discrepancy and a page,
// and -lang a translation stub that builds.
func TestNewKindsAndTranslation(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"init", dir}, &stdout, &stderr); code != exitOK {
		t.Fatal(stderr.String())
	}
	for _, args := range [][]string{
		{"new", "discrepancy", "who-knew", "-src", dir},
		{"new", "page", "credits", "-src", dir},
	} {
		if code := run(args, &stdout, &stderr); code != exitOK {
			t.Fatalf("%v: exit %d\n%s", args, code, stderr.String())
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "content", "discrepancies", "who-knew.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "source: compact-announcement") || !strings.Contains(string(b), "$schema=../../schemas/discrepancy.schema.json") {
		t.Errorf("the new discrepancy does not start from the site's sources, or lacks its schema line:\n%s", b)
	}
	// A translation stub, for a site with a second language.
	cfg := filepath.Join(dir, "content", "site.yaml")
	y, _ := os.ReadFile(cfg)
	if err := os.WriteFile(cfg, []byte(strings.Replace(string(y), "languages: [en]", "languages: [en, fr]", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	stderr.Reset()
	if code := run([]string{"new", "-lang", "fr", "events/compact-signed", "-src", dir}, &stdout, &stderr); code != exitOK {
		t.Fatalf("new -lang: exit %d\n%s", code, stderr.String())
	}
	tr, err := os.ReadFile(filepath.Join(dir, "content", "events", "compact-signed.fr.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(tr), "translation_of: ") {
		t.Errorf("stub without translation_of:\n%s", tr)
	}
	if code := run([]string{"new", "-lang", "de", "events/compact-signed", "-src", dir}, &stdout, &stderr); code != exitUsage {
		t.Errorf("a language the site lacks: exit %d, want %d", code, exitUsage)
	}
	stderr.Reset()
	if code := run([]string{"build", "-src", dir}, &stdout, &stderr); code != exitOK {
		t.Fatalf("build with the stub: exit %d\n%s", code, stderr.String())
	}
}
