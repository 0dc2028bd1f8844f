package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMain keeps the cards the tests' builds draw out of the user's cache
// directory.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "dossier-cache-")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_CACHE_HOME", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// TestBuildCachesCards: dossier build keeps the cards it draws in the
// user's cache directory, and -no-cache keeps none.
func TestBuildCachesCards(t *testing.T) {
	src := copySite(t)
	yaml := filepath.Join(src, "content", "site.yaml")
	b, err := os.ReadFile(yaml)
	if err != nil {
		t.Fatal(err)
	}
	// A title of its own, so that no other test drew these cards already.
	b = []byte(strings.Replace(string(b), "title: ", "title: Cached, ", 1))
	if err := os.WriteFile(yaml, b, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		flags []string
		kept  bool
	}{{[]string{"-no-cache"}, false}, {nil, true}} {
		cache := t.TempDir()
		t.Setenv("XDG_CACHE_HOME", cache)
		args := append([]string{"build", "-src", src, "-out", filepath.Join(t.TempDir(), "out")}, tc.flags...)
		if code, _, stderr := runCmd(args...); code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, code, stderr)
		}
		kept, _ := filepath.Glob(filepath.Join(cache, "dossier", "cards", "*", "*.png"))
		if tc.kept != (len(kept) > 200) {
			t.Errorf("%v: %d cards kept in the cache", tc.flags, len(kept))
		}
	}
}
