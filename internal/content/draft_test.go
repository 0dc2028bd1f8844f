package content

import (
	"strings"
	"testing"
)

func draftFiles() map[string]string {
	return map[string]string{
		// A new event: a draft without sources, with a key misspelt.
		"content/events/new.md": "---\ndraft: true\ntitle: New\ndate: 2022-01-05\nsources: []\ntitel: x\n---\n",
		// A draft entity, and a published event naming it.
		"content/entities/person.md": "---\ndraft: true\nname: P\nkind: person\n---\n",
		"content/events/met.md":      event("2022-01-06", "actors: [person]\n"),
		// A draft source without its original text.
		"content/sources/report.md": "---\ndraft: true\ntitle: R\npublisher: P\nlanguage: en\npublished:\n  date: 2022\n  precision: approximate\noriginal: originals/report.txt\n---\n",
	}
}

// TestDraftsLeftOut: a build leaves drafts out without checking them, and a
// published file that refers to one is told to publish it.
func TestDraftsLeftOut(t *testing.T) {
	d, err := Load(site("", draftFiles()))
	want := `content/events/met.md:5:10: entity "person" is a draft (content/entities/person.md), left out of the site; publish it by removing draft: true, or remove this reference`
	if err == nil || err.Error() != want {
		t.Fatalf("got:\n%v\nwant:\n%s", err, want)
	}
	if d.Event("new") != nil || d.Entity("person") != nil || d.Source("report") != nil {
		t.Error("a draft was kept")
	}
	if d.LeftOut("entities", "person") != "content/entities/person.md" || d.LeftOut("events", "met") != "" {
		t.Error("LeftOut does not tell drafts")
	}
	for _, f := range d.Files() {
		if f.Draft {
			t.Errorf("%s: a draft among the files", f.Path)
		}
	}
}

// TestDraftsKept: the preview keeps drafts; what a new file still lacks
// is a warning, not an error, and so is a reference to a draft.
func TestDraftsKept(t *testing.T) {
	files := draftFiles()
	files["content/events/new.md"] = strings.Replace(files["content/events/new.md"], "titel: x\n", "", 1)
	d, err := LoadWith(site("", files), Options{Drafts: true})
	if err != nil {
		t.Fatal(err)
	}
	if e := d.Event("new"); e == nil || !e.Draft {
		t.Fatal("the draft event is missing or not marked")
	}
	want := []string{
		`content/events/met.md:5:10: entity "person" is a draft (content/entities/person.md): dossier build will refuse this reference until it is published`,
		`content/events/new.md: sources is empty: every event cites at least one source`,
		`content/sources/report.md:9:11: original "originals/report.txt" does not exist: keep a copy of the source's text at content/originals/report.txt, or remove the original: key if there is none (its quotes are then marked unverified)`,
	}
	if got := d.Warnings.Sort().Error(); got != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
	// A draft's front matter is checked like any other's in the preview.
	_, err = LoadWith(site("", draftFiles()), Options{Drafts: true})
	if want := `content/events/new.md:6:1: unknown key "titel"; the keys here are draft, updated, title, date, inferred, places, actors, tags, sources, quotes, order`; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v, want %s", err, want)
	}
}

// TestDraftTranslation: the translation of a draft left out is left out
// too, not reported as the translation of a missing file.
func TestDraftTranslation(t *testing.T) {
	fsys := site("", map[string]string{
		"content/events/new.md":    "---\ndraft: true\ntitle: New\ndate: 2022-01-05\nsources: [s]\n---\n",
		"content/events/new.vi.md": "---\ntitle: Mới\n---\n",
	})
	fsys["content/site.yaml"].Data = []byte(strings.Replace(string(fsys["content/site.yaml"].Data), "[en]", "[en, vi]", 1))
	d, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := d.Localize(fsys, "vi"); err != nil {
		t.Errorf("Localize: %v", err)
	}
	if len(d.Translations["vi"]) != 0 {
		t.Errorf("translations kept: %v", d.Translations["vi"])
	}
}
