package sitegen

import (
	"context"
	"errors"
	"io/fs"
	"maps"

	"github.com/dossier-dev/dossier/internal/card"
	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/diag"
	"github.com/dossier-dev/dossier/internal/markdown"
	"github.com/dossier-dev/dossier/internal/render"
	"github.com/dossier-dev/dossier/internal/site"
)

// A Draft is a site that builds, before any of its files is made: its
// content read and checked, its pages known. The preview takes one from
// its Builder after a save, lays out first the page the editor looks at
// (Page), serves it, and only then makes the rest of the site (Finish),
// so that the editor waits for one page, not for the whole site.
//
// A Draft's files are the files Build would make of the same input, byte
// for byte, whichever are made first.
type Draft struct {
	b        *Builder
	src      fs.FS // the site, as given to Draft
	fsys     fs.FS // the site over its theme
	sfs      siteFS
	d        *content.Dossier
	locs     map[string]*content.Dossier
	s        *site.Site
	tmpl     *render.Templates
	cardr    *card.Renderer
	warnings diag.List

	byFile map[string]*site.Page // made by Page when first asked
	static map[string][]byte     // the files of static/, once Static read them
	ctx    context.Context       // FinishContext's; nil before
	last   *Draft                // the Builder's last build, until this one ends
}

// Draft reads and checks the site in fsys, as Build does before it makes
// a file. The error is Build's for content that does not build. Finish
// makes the files; until then the Builder must not build again.
func (b *Builder) Draft(fsys fs.FS) (*Draft, error) {
	return b.DraftContext(context.Background(), fsys)
}

// DraftContext is Draft, which gives up once ctx is done and returns its
// error: reading the dossier, modelling it (site.Options.Context) and
// listing its pages look at ctx between steps and every few hundred
// files. The preview stops so a Draft that a newer save has made stale,
// which at 10,000 events takes half a second. The Builder is then as
// after a build that failed, but for Quick: a build stopped here or in
// FinishContext leaves it the last build that ended, so that a save
// after a stop is laid out as quickly as any. Quick reads the saved file
// from disk, so its caller must ask it only for a file that alone
// changed since that build, the stopped builds' changes included.
func (b *Builder) DraftContext(ctx context.Context, fsys fs.FS) (*Draft, error) {
	last := b.last
	b.last = nil
	dr, err := b.draft(ctx, fsys)
	if err != nil && ctx.Err() != nil {
		b.last = last
		return nil, err
	}
	if dr != nil {
		dr.last = last
	}
	return dr, err
}

func (b *Builder) draft(ctx context.Context, fsys fs.FS) (*Draft, error) {
	if b.convs != nil {
		b.convs.Begin()
	}
	sfs, ok := fsys.(siteFS)
	if !ok {
		dr, err := b.prepare(ctx, fsys)
		if dr != nil {
			dr.src = fsys
		}
		return dr, err
	}
	sfs.Begin()
	dr, err := b.prepare(ctx, fsys)
	if err != nil && ctx.Err() == nil && len(sfs.Changed()) > 0 {
		// A file changed while it was read: the problem may be in half
		// a file (Build).
		sfs.Begin()
		dr, err = b.prepare(ctx, fsys)
	}
	if dr != nil {
		dr.src, dr.sfs = fsys, sfs
	}
	return dr, err
}

// Dossier is the content, as written (untranslated).
func (dr *Draft) Dossier() *content.Dossier { return dr.d }

// Site is the site the draft makes.
func (dr *Draft) Site() *site.Site { return dr.s }

// Page returns the page the site writes to file (such as
// events/x/index.html), laid out now. ok is false when no page is
// written there. A Builder that keeps its work keeps the page for Finish,
// and lays it out only if it has changed since it last did.
func (dr *Draft) Page(file string) (b []byte, ok bool, err error) {
	if dr.byFile == nil {
		dr.byFile = make(map[string]*site.Page, len(dr.s.Pages)+1)
		for _, p := range dr.s.Pages {
			dr.byFile[p.File()] = p
		}
		if nf := dr.s.NotFound; nf != nil {
			dr.byFile[nf.File()] = nf
		}
	}
	p := dr.byFile[file]
	if p == nil {
		return nil, false, nil
	}
	bl := dr.b
	sum, hashed := bl.pageSum(p)
	if c, found := bl.pages[file]; found && hashed && c.sum == sum {
		return c.file, true, nil
	}
	todo := *dr.s
	todo.Pages, todo.NotFound = nil, nil
	if p == dr.s.NotFound {
		todo.NotFound = p
	} else {
		todo.Pages = []*site.Page{p}
	}
	out, diags := dr.tmpl.Render(&todo)
	if len(diags) > 0 {
		return nil, true, diags.Err()
	}
	if bl.keep && hashed {
		if bl.pages == nil {
			bl.pages = map[string]renderedPage{}
		}
		bl.pages[file] = renderedPage{sum, out[file]}
	}
	return out[file], true, nil
}

// Static returns the files copied into the site as they are (static/,
// over the theme's) and the stylesheet of highlighted code: what every
// page loads. A static file that a generated one would replace is an
// error of Finish, not of Static.
func (dr *Draft) Static() (map[string][]byte, error) {
	files := map[string][]byte{}
	out := &names{sink: &mapSink{files: files}, seen: map[string]bool{}}
	if err := copyStatic(dr.fsys, out, nil); err != nil {
		return nil, err
	}
	dr.static = maps.Clone(files) // Finish takes them rather than read them again
	css, err := dr.b.stylesheet()
	if err != nil {
		return nil, err
	}
	files[chromaCSS] = css
	return files, nil
}

// Finish makes every file of the site, in memory, and ends the build: its
// result is Build's.
func (dr *Draft) Finish() (*Result, error) { return dr.FinishContext(context.Background()) }

// FinishContext is Finish, which gives up once ctx is done and returns
// its error: the preview stops making a site that a newer save has made
// stale. The Builder is then as after a build that failed: its next build
// starts from the work of the last that succeeded.
func (dr *Draft) FinishContext(ctx context.Context) (*Result, error) {
	dr.ctx = ctx
	res, err := dr.emitFiles(dr.sfs)
	if err != nil && ctx.Err() != nil {
		dr.b.last, dr.last = dr.last, nil
		return nil, errors.Join(ctx.Err(), err)
	}
	dr.last = nil
	if err != nil && dr.sfs != nil && len(dr.sfs.Changed()) > 0 {
		// A file changed while it was read: build again, once, as
		// Build says.
		return dr.b.retry(dr.src, dr.sfs)
	}
	return res, err
}

// emitFiles makes every file of the site into memory, and ends a build
// that succeeds.
func (dr *Draft) emitFiles(sfs siteFS) (*Result, error) {
	var files map[string][]byte
	res, err := dr.emit(sfs, func(*site.Site) (sink, error) {
		files = map[string][]byte{}
		return &mapSink{files: files}, nil
	})
	if err != nil {
		return nil, err
	}
	if dr.b.convs != nil {
		dr.b.convs.Done()
	}
	if dr.b.keep {
		dr.b.last = dr
	}
	res.Files = files
	return res, nil
}

// chromaCSS is the stylesheet of highlighted code.
const chromaCSS = "css/chroma.css"

// stylesheet returns the stylesheet of highlighted code, made once.
func (b *Builder) stylesheet() ([]byte, error) {
	if b.css == nil {
		css, err := markdown.Stylesheet()
		if err != nil {
			return nil, err
		}
		b.css = css
	}
	return b.css, nil
}

// context returns FinishContext's context, or one never done for a build
// that was not given one.
func (dr *Draft) context() context.Context {
	if dr.ctx == nil {
		return context.Background()
	}
	return dr.ctx
}

// stopped returns the error of FinishContext's context once it is done,
// and nil before, or for a build that was not given one.
func (dr *Draft) stopped() error { return dr.context().Err() }
