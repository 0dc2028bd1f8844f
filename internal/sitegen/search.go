package sitegen

import (
	"maps"
	"slices"

	"github.com/dossier-dev/dossier/internal/site"
)

// searchFiles writes the search index of every language (package search)
// into the language's search/data/, beside its search page.
func searchFiles(s *site.Site, emit func(name string, b []byte) error) error {
	for i, lang := range s.Langs {
		ix := s.Search[lang]
		if ix == nil {
			continue
		}
		fs, err := ix.Files()
		if err != nil {
			return err
		}
		dir := site.SearchPath + "data/"
		if i > 0 {
			dir = lang + "/" + dir
		}
		for _, p := range slices.Sorted(maps.Keys(fs)) {
			if err := emit(dir+p, fs[p]); err != nil {
				return err
			}
		}
	}
	return nil
}
