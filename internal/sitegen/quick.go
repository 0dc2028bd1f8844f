package sitegen

import (
	"io/fs"
	"path"
	"strings"

	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/site"
)

// Quick returns the page of the content file name (a site path, such as
// content/events/x.md) as the next build makes it, when that file alone
// changed since the last build, in its body alone, as most saves of
// prose do, or in what its page alone shows of its front matter (an
// event's title or quotes, a source's or a page's title, an entity's
// name: content.Dossier.WithFront; in a translation, its title or name:
// WithTranslation): with them, the files every page loads
// (Draft.Static). It reads that one file, and lays out its page from the
// last build's model (site.Site.Rebody), in a fraction of what reading
// and checking the whole dossier takes, whatever its size; the preview
// serves the page at once, then builds as ever (Draft, Finish), and the
// build's files replace it.
//
// ok is false when Quick cannot tell the page so: no build has succeeded
// since the last that failed, the file is not one with a page of its own
// (an event, a source, an entity, a free page, or a translation of one),
// its front matter changed otherwise than WithFront and WithTranslation
// allow, or it has a problem (the build reports it).
func (b *Builder) Quick(fsys fs.FS, name string) (files map[string][]byte, ok bool) {
	dr := b.last
	if dr == nil {
		return nil, false
	}
	text, err := content.ReadMarkdown(fsys, name)
	if err != nil {
		return nil, false
	}
	// A translation's page is in its language (content/events/x.vi.md).
	lang, d := dr.d.Config.Languages[0], dr.d
	base := strings.TrimSuffix(path.Base(name), ".md")
	if i := strings.LastIndexByte(base, '.'); i >= 0 {
		lang, d = base[i+1:], dr.locs[base[i+1:]]
		if d == nil {
			return nil, false
		}
	}
	nd, _, ok := d.WithBody(name, text)
	switch {
	case ok:
	case lang == dr.d.Config.Languages[0]:
		nd, _, ok = d.WithFront(name, text)
	default:
		nd, ok = dr.d.WithTranslation(d, name, text)
	}
	if !ok {
		return nil, false
	}
	d = nd
	p, ok := dr.s.Rebody(lang, d, name)
	if !ok {
		return nil, false
	}
	todo := *dr.s
	todo.Pages, todo.NotFound = []*site.Page{p}, nil
	out, diags := dr.tmpl.Render(&todo)
	if len(diags) > 0 || out[p.File()] == nil {
		return nil, false
	}
	files, err = dr.Static()
	if err != nil {
		return nil, false
	}
	files[p.File()] = out[p.File()]
	return files, true
}
