package opendata_test

import (
	"fmt"
	"testing"
	"testing/fstest"

	"github.com/dossier-dev/dossier/internal/opendata"
)

// BenchmarkFiles10k writes the data of a dossier of 10,000 events, each
// with a paragraph, a cross-link, a quote and two tags, from the bodies
// its site converted (Site.Bodies); the site is built once, first.
func BenchmarkFiles10k(b *testing.B) {
	fsys := fstest.MapFS{
		"content/site.yaml":       {Data: []byte("title: T\ndescription: D\nbase_url: https://example.org/\nlanguages: [en]\nperiod:\n  start: 2000-01-01\n  end: 2030-12-31\n")},
		"content/sources/s.md":    {Data: []byte("---\ntitle: S\npublisher: P\nlanguage: en\npublished:\n  date: 2022\n  precision: approximate\noriginal: originals/s.txt\n---\nA summary [@s].\n")},
		"content/originals/s.txt": {Data: []byte("the words quoted")},
		"content/entities/e.md":   {Data: []byte("---\nname: E\nkind: place\n---\nA place [@s].\n")},
	}
	for i := range 10000 {
		fsys[fmt.Sprintf("content/events/event-%d.md", i)] = &fstest.MapFile{Data: fmt.Appendf(nil,
			"---\ntitle: Event %d\ndate: %d-%02d-%02d\nplaces: [e]\ntags: [a, b]\nsources: [s]\nquotes:\n  - source: s\n    text: the words quoted\n---\nSomething happened in [[e]], on a day of the year [@s]. It went on.\n\nA second paragraph [@s].\n",
			i, 2000+i%30, 1+i%12, 1+i%28)}
	}
	res := siteOf(b, fsys)
	for b.Loop() {
		if _, err := opendata.Files(res.Dossier, nil, "https://example.org/", res.Site.Bodies); err != nil {
			b.Fatal(err)
		}
	}
}
