package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestTranslationsCatalogs checks that dossier translations reports each
// language's catalogue, and a key the site's own catalogue lacks.
func TestTranslationsCatalogs(t *testing.T) {
	dir := t.TempDir()
	if out, err := exec.Command("cp", "-r", filepath.Join("..", "..", "examples", "northern-waters", "content"), dir).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v\n%s", err, out)
	}
	code, stdout, stderr := runCmd("translations", "-src", dir)
	for _, want := range []string{
		"catalogue en: templates/i18n/en.yaml (built in), ",
		"catalogue fr: templates/i18n/fr.yaml (built in), ",
		"content/site.fr.yaml replaces ",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s%s", want, stdout, stderr)
		}
	}
	if code != 0 {
		t.Errorf("exit %d without -check", code)
	}

	// Every file and every catalogue of the five-language example is
	// complete: -check passes.
	code, stdout, stderr = runCmd("translations", "-check", "-src", filepath.Join("..", "..", "examples", "five-languages"))
	if code != 0 || !strings.Contains(stdout, " 0 stale, 0 missing\n") || !strings.Contains(stdout, "catalogue ar: templates/i18n/ar.yaml (built in), ") {
		t.Errorf("five-languages: exit %d\n%s%s", code, stdout, stderr)
	}

	// The site's own French catalogue, one key short.
	fr, err := os.ReadFile(filepath.Join("..", "..", "templates", "i18n", "fr.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	short := strings.Replace(string(fr), "\nskip: ", "\n# skip: ", 1)
	if short == string(fr) {
		t.Fatal("fr.yaml has no skip key")
	}
	if err := os.MkdirAll(filepath.Join(dir, "templates", "i18n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "templates", "i18n", "fr.yaml"), []byte(short), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ = runCmd("translations", "-check", "-src", dir)
	if !strings.Contains(stdout, "catalogue fr: templates/i18n/fr.yaml (the site's), ") || !strings.Contains(stdout, "  missing  skip  (add to templates/i18n/fr.yaml)") || code != 1 {
		t.Errorf("exit %d:\n%s", code, stdout)
	}
}
