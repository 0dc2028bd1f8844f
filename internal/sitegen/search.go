package sitegen

import (
	"context"
	"maps"
	"slices"

	"github.com/dossier-dev/dossier/internal/site"
)

// searchFiles writes the search index of the i-th language (package
// search), if it has one, into the language's search/data/, beside its
// search page.
//
// A Builder that keeps its work writes a language's files again only when
// its index changed. It gives up once ctx is done.
func (b *Builder) searchFiles(ctx context.Context, s *site.Site, i int, out *names) error {
	ix := s.Search[s.Langs[i]]
	if ix == nil {
		return nil
	}
	dir := site.SearchPath + "data/"
	if i > 0 {
		dir = s.Langs[i] + "/" + dir
	}
	if !b.keep {
		// A build writes each file as it is made (search.Index.Write).
		return ix.WriteContext(ctx, func(name string, b []byte) error { return out.add(dir+name, b) })
	}
	fs, err := b.indexFiles(ctx, s.Langs[i], ix)
	if err != nil {
		return err
	}
	for _, p := range slices.Sorted(maps.Keys(fs)) {
		if err := out.addKept(dir+p, fs[p]); err != nil { // kept for the next build
			return err
		}
	}
	return nil
}
