// Package examples holds example dossiers. Its test builds each with the
// built-in theme alone and checks that the engine carries none of the
// shipped dossier's words into another dossier.
package examples

import (
	"io/fs"
	"os"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-dev/dossier/internal/check"
	"github.com/dossier-dev/dossier/internal/sitegen"
)

// shipped are words of the dossier this repository ships, which no page of
// another dossier may carry.
var shipped = regexp.MustCompile(`(?i)CSTO|Collective Security|Kazakh|Tokayev|Almaty|2022|1992|five source|năm văn bản|ОДКБ`)

func TestNorthernWaters(t *testing.T) {
	const dir = "northern-waters"
	for _, d := range []string{"templates", "static"} {
		if _, err := os.Stat(dir + "/" + d); err == nil {
			t.Fatalf("%s has its own %s/: the example must use the built-in theme alone", dir, d)
		}
	}
	res, err := sitegen.Build(os.DirFS(dir), sitegen.Options{})
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	if len(res.Warnings) > 0 {
		t.Errorf("warnings:\n%v", res.Warnings)
	}
	for name, b := range res.Files {
		if !strings.HasSuffix(name, ".html") && !strings.HasSuffix(name, ".xml") {
			continue
		}
		if m := shipped.Find(b); m != nil {
			t.Errorf("%s carries %q, a word of the shipped dossier", name, m)
		}
	}

	// The membership chart's axis spans the data: the council was founded
	// in 1961, decades before the period (2003).
	m := string(res.Files["membership/index.html"])
	for _, want := range []string{">1960<", ">2000<", "Member states"} {
		if !strings.Contains(m, want) {
			t.Errorf("membership page lacks %q", want)
		}
	}

	// Dates in the second language are written as French readers write
	// them, and the site's words are translated.
	fr := string(res.Files["fr/timeline/index.html"])
	for _, want := range []string{"14 avril 2003", "Chronologie", `lang="fr"`} {
		if !strings.Contains(fr, want) {
			t.Errorf("fr/timeline/ lacks %q", want)
		}
	}
	if strings.Contains(fr, "April") {
		t.Error("fr/timeline/ writes a month in English")
	}
	contains := func(name, want string) {
		t.Helper()
		if !strings.Contains(string(res.Files[name]), want) {
			t.Errorf("%s lacks %q", name, want)
		}
	}
	contains("fr/membership/index.html", "États membres")
	contains("fr/entities/index.html", "Traités")
	contains("entities/index.html", "Treaties")
	contains("fr/discrepancies/index.html", "Chiffres des quotas")

	// The built site has no broken link, served under its base path.
	fsys := fstest.MapFS{}
	for name, b := range res.Files {
		fsys[name] = &fstest.MapFile{Data: b}
	}
	rep, err := check.Site(fsys, check.Options{BasePath: "/northern-waters/"})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rep.Problems {
		t.Error(p)
	}
}

// TestLanguageSlugRefused: a free page named like a language of the site
// would be overwritten by that language's home page; the build refuses it.
func TestLanguageSlugRefused(t *testing.T) {
	fsys := fstest.MapFS{}
	root := os.DirFS("northern-waters")
	for _, name := range []string{"content/site.yaml", "content/entities/norland.md"} {
		b, err := fs.ReadFile(root, name)
		if err != nil {
			t.Fatal(err)
		}
		fsys[name] = &fstest.MapFile{Data: b}
	}
	fsys["content/pages/fr.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Français\n---\nA page.\n")}
	_, err := sitegen.Build(fsys, sitegen.Options{})
	want := `content/pages/fr.md:1:1: the page name "fr" is taken by the home page of the language "fr", and one would overwrite the other; rename the file`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("build: %v\nwant a problem: %s", err, want)
	}
}
