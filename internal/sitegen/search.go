package sitegen

import (
	"github.com/dossier-dev/dossier/internal/site"
)

// searchFiles writes the search index of every language (package search)
// into the language's search/data/, beside its search page.
// A Builder that keeps its work writes a language's files again only when
// its index changed.
func (b *Builder) searchFiles(s *site.Site) (map[string][]byte, error) {
	files := map[string][]byte{}
	for i, lang := range s.Langs {
		ix := s.Search[lang]
		if ix == nil {
			continue
		}
		fs, err := b.indexFiles(lang, ix)
		if err != nil {
			return nil, err
		}
		dir := site.SearchPath + "data/"
		if i > 0 {
			dir = lang + "/" + dir
		}
		for p, b := range fs {
			files[dir+p] = b
		}
	}
	return files, nil
}
