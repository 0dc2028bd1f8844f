package sitegen

import (
	"context"
	"hash/maphash"
	"io/fs"
	"maps"
	"runtime"
	"slices"
	"sync"

	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/diag"
	"github.com/dossier-dev/dossier/internal/history"
	"github.com/dossier-dev/dossier/internal/i18n"
	"github.com/dossier-dev/dossier/internal/markdown"
	"github.com/dossier-dev/dossier/internal/render"
	"github.com/dossier-dev/dossier/internal/search"
	"github.com/dossier-dev/dossier/internal/site"
)

// A Builder builds a site again and again, as the preview does after each
// save, and keeps what one build computed for the next, so that a build
// redoes only the work its change requires:
//
//   - Markdown bodies convert again only when their text changed or when
//     what their citations and cross-links point to did (site.Conversions);
//   - a page is laid out again only when its view model or the templates
//     and catalogues changed: each page's view model is fingerprinted
//     (fingerprint.go) and compared with the one it was laid out from;
//   - a language's search index is written again only when it changed.
//
// Its output is the output of Build, byte for byte, whatever came before
// (a test applies 150 random edits to check that). A Builder is
// used by one goroutine at a time.
type Builder struct {
	opts Options
	keep bool // keep work from one build to the next; false for Build
	// rereadAll has a build read every body again as its page is laid
	// out, however small the dossier (see rereadOver): for tests.
	rereadAll bool

	conv  *markdown.Converter
	convs *site.Conversions
	seed  maphash.Seed

	css       []byte                  // the stylesheet of highlighted code, once made
	theme     *loadedTheme            // the templates and catalogues last read
	files     *content.Cache          // what the last load made of each file
	layoutKey uint64                  // fingerprint of what every page's layout depends on
	pages     map[string]renderedPage // by output file, as laid out by the last build
	laidOut   int                     // pages laid out by the last build
	indexes   map[string]indexFiles   // by language
	cards     map[string][]byte       // the social cards of the last build, by key (card.Renderer.Key)
	last      *Draft                  // the last build, if it succeeded: Quick starts from it
}

// A renderedPage is a page laid out, and the fingerprint of what it was
// laid out from.
type renderedPage struct {
	sum  uint64
	file []byte
}

type indexFiles struct {
	sum   uint64
	files map[string][]byte
}

// NewBuilder returns a Builder with nothing built yet.
func NewBuilder(opts Options) *Builder {
	return &Builder{opts: opts, keep: true, conv: markdown.New(), convs: site.NewConversions(), seed: maphash.MakeSeed(), files: content.NewCache()}
}

// Build builds the site in fsys, as the function Build does: Draft, then
// Finish.
func (b *Builder) Build(fsys fs.FS) (*Result, error) {
	dr, err := b.Draft(fsys)
	if err != nil {
		return nil, err
	}
	return dr.Finish()
}

// retry builds the site in fsys again after a build that failed while a
// file it read changed, into memory, without trying a third time.
func (b *Builder) retry(fsys fs.FS, sfs siteFS) (*Result, error) {
	if b.convs != nil {
		b.convs.Begin()
	}
	if sfs != nil {
		sfs.Begin()
	}
	dr, err := b.prepare(context.Background(), fsys)
	if err != nil {
		return nil, err
	}
	return dr.emitFiles(sfs)
}

// SetHistory makes the next builds take the dates of last change from l
// (Options.History), as the preview does when the history has moved.
func (b *Builder) SetHistory(l *history.Log) { b.opts.History = l }

// History is the reading of the history the builds take their dates
// from.
func (b *Builder) History() *history.Log { return b.opts.History }

// Redone says what the last build did again rather than take from the
// build before: Markdown bodies converted and pages laid out.
func (b *Builder) Redone() (converted, laidOut int) {
	if b.convs != nil {
		converted = b.convs.Made()
	}
	return converted, b.laidOut
}

func (b *Builder) converter() *markdown.Converter {
	if b.conv == nil {
		b.conv = markdown.New()
	}
	return b.conv
}

// render lays out the pages of s. A Builder that keeps its work lays out
// only the pages whose view model changed since it last laid them out
// (here or in Draft.Page), unless the templates or the catalogues did
// (prepare).
//
// It gives up, returning ctx's error, once ctx is done.
func (b *Builder) render(ctx context.Context, tmpl *render.Templates, s *site.Site) (map[string][]byte, diag.List, error) {
	if !b.keep {
		files, diags := tmpl.Render(s)
		return files, diags, nil
	}
	all := slices.Clip(s.Pages)
	if s.NotFound != nil {
		all = append(all, s.NotFound)
	}
	sums := make([]uint64, len(all))
	hashed := make([]bool, len(all))
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(all) && ctx.Err() == nil; i += workers {
				p := all[i]
				sums[i], hashed[i] = b.pageSum(p)
			}
		})
	}
	wg.Wait()

	files := make(map[string][]byte, len(all))
	todo := *s
	todo.Pages, todo.NotFound = nil, nil
	for i, p := range all {
		if c, ok := b.pages[p.File()]; ok && hashed[i] && c.sum == sums[i] {
			files[p.File()] = c.file
			continue
		}
		if p == s.NotFound {
			todo.NotFound = p
		} else {
			todo.Pages = append(todo.Pages, p)
		}
	}
	b.laidOut = len(todo.Pages)
	if todo.NotFound != nil {
		b.laidOut++
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	out, diags, err := tmpl.RenderContext(ctx, &todo)
	if err != nil || len(diags) > 0 {
		return nil, diags, err
	}
	maps.Copy(files, out)
	pages := make(map[string]renderedPage, len(all))
	for i, p := range all {
		if f, ok := files[p.File()]; ok && hashed[i] {
			pages[p.File()] = renderedPage{sums[i], f}
		}
	}
	b.pages = pages
	return files, nil, nil
}

// pageSum fingerprints what page p is laid out from, besides what every
// page's layout depends on (templatesKey). ok is false when its view
// cannot be fingerprinted: then it is laid out every time.
func (b *Builder) pageSum(p *site.Page) (sum uint64, ok bool) {
	return fingerprint(b.seed, p.Path, p.Lang, p.TemplateName(), p.Laid(), p.View())
}

// templatesKey fingerprints what every page's layout depends on besides
// its view model: the files of templates/ (their fingerprint tkey, made by
// templateFiles), the languages, and the site's own wordings.
func (b *Builder) templatesKey(tkey uint64, s *site.Site, strs map[string]map[string]string) (uint64, bool) {
	var h maphash.Hash
	h.SetSeed(b.seed)
	writeLen(&h, int(tkey))
	cats, ok := fingerprint(b.seed, s.Langs, s.Offline, s.Favicon, s.BaseURL, strs)
	writeLen(&h, int(cats))
	return h.Sum64(), ok
}

// templateFiles fingerprints the files of templates/: the templates and
// the catalogues (i18n.Dir). ok is false when they cannot all be read, or
// for a Builder that keeps nothing.
func (b *Builder) templateFiles(fsys fs.FS) (uint64, bool) {
	if !b.keep {
		return 0, false
	}
	var h maphash.Hash
	h.SetSeed(b.seed)
	err := fs.WalkDir(fsys, render.Dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		h.WriteString(p)
		h.WriteByte(0)
		if e.IsDir() {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		writeLen(&h, len(data))
		h.Write(data)
		return nil
	})
	return h.Sum64(), err == nil
}

// A loadedTheme is the templates and catalogues read from the files of
// templates/ whose fingerprint is key, for langs.
type loadedTheme struct {
	key   uint64
	langs []string
	cats  map[string]*i18n.Catalog
	tmpl  *render.Templates
}

// indexFiles returns the files of a language's search index, which the
// Builder keeps for its next build (see searchFiles).
func (b *Builder) indexFiles(ctx context.Context, lang string, ix *search.Index) (map[string][]byte, error) {
	sum, ok := fingerprint(b.seed, ix)
	if c, found := b.indexes[lang]; ok && found && c.sum == sum {
		return c.files, nil
	}
	files, err := ix.FilesContext(ctx)
	if err != nil {
		return nil, err
	}
	if b.indexes == nil {
		b.indexes = map[string]indexFiles{}
	}
	if ok {
		b.indexes[lang] = indexFiles{sum, files}
	} else {
		delete(b.indexes, lang)
	}
	return files, nil
}
