package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// copySite copies the real dossier's input into a temporary directory.
func copySite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, sub := range []string{"content", "templates", "static"} {
		cmd := exec.Command("cp", "-r", filepath.Join("..", "..", sub), dir)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("cp: %v\n%s", err, out)
		}
	}
	return dir
}

func runCmd(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}

func TestUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{nil, 2, "Commands:"},
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"build", "-nope"}, 2, "flag provided but not defined"},
		{[]string{"build", "extra"}, 2, `unexpected argument "extra"`},
		{[]string{"build", "-h"}, 0, "-base-url"},
		{[]string{"version", "-h"}, 0, "Usage: dossier version"},
		{[]string{"-h"}, 0, "Commands:"},
	} {
		code, out, errOut := runCmd(tc.args...)
		if code != tc.code || !strings.Contains(out+errOut, tc.want) {
			t.Errorf("dossier %v: exit %d, output %q; want exit %d and %q", tc.args, code, out+errOut, tc.code, tc.want)
		}
	}
	if code, out, _ := runCmd("version"); code != 0 || !strings.HasPrefix(out, "dossier ") {
		t.Errorf("version: %d %q", code, out)
	}
}

// TestBuildRealDossier builds the real dossier twice, into directories of
// different names, and checks the output is byte-identical; then breaks the
// content and checks the previous build stays untouched.
func TestBuildRealDossier(t *testing.T) {
	src := copySite(t)
	out1 := filepath.Join(t.TempDir(), "one")
	out2 := filepath.Join(t.TempDir(), "two")
	for _, out := range []string{out1, out2} {
		code, stdout, stderr := runCmd("build", "-src", src, "-out", out)
		if code != 0 {
			t.Fatalf("build: exit %d\n%s", code, stderr)
		}
		if !strings.Contains(stdout, "pages") || strings.Count(stdout, "\n") != 1 {
			t.Errorf("want one summary line, got %q", stdout)
		}
	}
	if diff, err := exec.Command("diff", "-r", out1, out2).CombinedOutput(); err != nil {
		t.Fatalf("two builds differ:\n%s", diff)
	}

	before, _ := os.ReadFile(filepath.Join(out1, "timeline", "index.html"))
	event := filepath.Join(src, "content", "events", "protests-begin.md")
	b, err := os.ReadFile(event)
	if err != nil {
		t.Fatal(err)
	}
	broken := strings.Replace(string(b), "title:", "titel:", 1)
	if err := os.WriteFile(event, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCmd("build", "-src", src, "-out", out1)
	if code != 1 {
		t.Fatalf("broken content: exit %d, want 1", code)
	}
	if !strings.Contains(stderr, `content/events/protests-begin.md:2:1: unknown key "titel"`) {
		t.Errorf("stderr lacks the located error:\n%s", stderr)
	}
	after, _ := os.ReadFile(filepath.Join(out1, "timeline", "index.html"))
	if !bytes.Equal(before, after) {
		t.Error("a failed build changed the previous output")
	}
}

func TestRefusesToReplaceContent(t *testing.T) {
	src := copySite(t)
	for _, out := range []string{src, filepath.Dir(src)} {
		code, _, stderr := runCmd("build", "-src", src, "-out", out)
		if code != 1 || !strings.Contains(stderr, "was not written by dossier") {
			t.Errorf("-out %s: exit %d, stderr %q", out, code, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(src, "content", "site.yaml")); err != nil {
		t.Fatal("content was damaged:", err)
	}
}

// TestRefusesOutputInsideInputs: an output directory inside what the site
// is built from would be copied into the next build (221, 441, 661 files);
// it is refused before anything is written, whatever the path's spelling.
func TestRefusesOutputInsideInputs(t *testing.T) {
	src := copySite(t)
	if err := os.Symlink(filepath.Join(src, "static"), filepath.Join(src, "pub")); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ out, dir string }{
		{"static/out", "static"},
		{"content", "content"},
		{"templates/x/y", "templates"},
		{"pub/out", "static"}, // through a link
	} {
		out := filepath.Join(src, filepath.FromSlash(tc.out))
		code, stdout, stderr := runCmd("build", "-src", src, "-out", out)
		want := "dossier build: -out " + out + " is inside " + filepath.Join(src, tc.dir) + ", which the site is built from: each build would be copied into the next; choose an -out outside content/, templates/ and static/\n"
		if code != 2 || stdout != "" || stderr != want {
			t.Errorf("-out %s: exit %d, stdout %q, stderr %q; want exit 2 and %q", tc.out, code, stdout, stderr, want)
		}
	}
	if _, err := os.Stat(filepath.Join(src, "static", "out")); !os.IsNotExist(err) {
		t.Errorf("static/out was written: %v", err)
	}
}
