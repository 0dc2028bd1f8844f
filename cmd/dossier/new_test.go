package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestNew(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := runCmd("new", "-src", dir, "event", "troops-arrive")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	name := filepath.Join(dir, "content", "events", "troops-arrive.md")
	if !strings.Contains(out, name) {
		t.Errorf("output %q does not name %s", out, name)
	}
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if today := time.Now().Format(time.DateOnly); !strings.Contains(string(b), "date: "+today) {
		t.Errorf("no date %s:\n%s", today, b)
	}
	// A second time: refused, and the file is untouched.
	if err := os.WriteFile(name, []byte("edited"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = runCmd("new", "-src", dir, "event", "troops-arrive")
	if code != exitContent || !strings.Contains(errOut, "exists already") {
		t.Errorf("second new: exit %d, %q", code, errOut)
	}
	if b, _ := os.ReadFile(name); string(b) != "edited" {
		t.Errorf("the file was replaced")
	}
	for _, args := range [][]string{
		{"new"},
		{"new", "event"},
		{"new", "person", "x"},
		{"new", "event", "Bad Id"},
		{"new", "event", "a", "b"},
	} {
		if code, _, _ := runCmd(args...); code != exitUsage {
			t.Errorf("%q: exit %d, want %d", args, code, exitUsage)
		}
	}
	if code, _, errOut := runCmd("new", "-h"); code != 0 || !strings.Contains(errOut, "event|source|entity") {
		t.Errorf("new -h: %d %q", code, errOut)
	}
}
