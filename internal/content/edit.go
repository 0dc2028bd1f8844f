package content

import (
	"bytes"
	"hash/maphash"
	"io/fs"
	pathpkg "path"
	"slices"
)

// frontSeed seeds frontSum; it is chosen once per process, and front
// sums are compared only within one.
var frontSeed = maphash.MakeSeed()

// frontSum hashes a file's front matter, so that WithBody can tell an
// edit of the body alone without holding every file's front matter.
func frontSum(front []byte) uint64 { return maphash.Bytes(frontSeed, front) }

// ReadMarkdown reads the Markdown file name of fsys as Load reads it: a
// regular text file within MaxMarkdownSize, its line ends made LF and
// its byte-order mark removed. Its errors are Load's for the same file,
// without their position.
func ReadMarkdown(fsys fs.FS, name string) ([]byte, error) {
	return readText(fsys, name, MaxMarkdownSize)
}

// WithBody returns the dossier that Load would read if the Markdown file
// at path (an event, a source, an entity or a free page; or, in a dossier
// that Localize made, its translation) held text, as ReadMarkdown reads
// it, when text differs from the file d holds in its body alone: its
// front matter is the same, byte for byte, and, in a translation, the
// body is still there (a translation without one shows the original's).
// The dossier returned shares everything but that file with d, which is
// left as it was; f is the file in it.
//
// ok is false when that cannot be told so: another kind of file, a file d
// does not hold or did not read whole (a broken one), or a front matter
// that changed. Load must then read the dossier again. The preview takes
// WithBody's dossier for the page of a file whose prose alone changed,
// which is most saves, before it reads and checks the whole dossier.
func (d *Dossier) WithBody(path string, text []byte) (nd *Dossier, f *File, ok bool) {
	front, body, bodyLine, ok := SplitFrontMatter(text)
	if !ok {
		return nil, nil, false
	}
	c := *d
	var replaced bool
	for _, try := range []func() (*File, bool){
		func() (*File, bool) { return replaceFile(&c.Events, path, func(x *Event) *File { return &x.File }) },
		func() (*File, bool) { return replaceFile(&c.Sources, path, func(x *Source) *File { return &x.File }) },
		func() (*File, bool) { return replaceFile(&c.Entities, path, func(x *Entity) *File { return &x.File }) },
		func() (*File, bool) { return replaceFile(&c.Pages, path, func(x *Page) *File { return &x.File }) },
	} {
		if f, replaced = try(); replaced {
			break
		}
	}
	if !replaced || f.front == 0 || f.front != frontSum(front) || f.BodyLine != bodyLine ||
		f.Status.Translation == path && len(bytes.TrimSpace(body)) == 0 {
		return nil, nil, false
	}
	f.Body, f.Hash = body, Hash(text)
	c.reindex()
	return &c, f, true
}

// replaceFile replaces, in a copy of *xs that it stores in *xs, the item
// whose file is at path by a copy of it, and returns the copy's file.
func replaceFile[T any](xs *[]*T, path string, file func(*T) *File) (*File, bool) {
	i := slices.IndexFunc(*xs, func(x *T) bool { return file(x).Path == path })
	if i < 0 {
		return nil, false
	}
	x := *(*xs)[i]
	*xs = slices.Clone(*xs)
	(*xs)[i] = &x
	return file(&x), true
}

// WithFront returns the dossier that Load would read if the file at
// path, an event, a source, an entity or a free page in the dossier's
// own language, held text, as ReadMarkdown reads it, when what text
// changes of its front matter changes no order and no link between
// files: an event's title, inferred, quotes (their text and source) or
// updated keys; a source's title, short, publisher, url or published
// inferred; an entity's name, short or aliases; a page's title; where
// any key is written; and its body. The dossier returned shares
// everything but that file with d, which is left as it was; f is the
// file in it, decoded and checked as Load checks it (its references; an
// event's quotes against the sources' originals that Load read).
//
// ok is false when that cannot be told so: another kind of file, a file
// d does not hold, a translation, a front matter with a problem (Load
// reports it), or a change of what orders files or links them to each
// other: an event's date, order, places, actors, tags, sources or the
// speakers of its quotes; a source's language, published date or
// precision, original or mentions; an entity's kind; a page's weight;
// draft in any. Load must then read the dossier again. The preview
// takes WithFront's dossier for the page of the file saved, before it
// reads and checks the whole dossier.
func (d *Dossier) WithFront(path string, text []byte) (nd *Dossier, f *File, ok bool) {
	switch pathpkg.Dir(path) {
	case Dir + "/events":
		return withFront(d, path, text, func(c *Dossier) *[]*Event { return &c.Events }, func(x *Event) *File { return &x.File },
			func(l *loader, old, e *Event) bool {
				l.validateEvent(e)
				return sameLinks(old, e)
			})
	case Dir + "/sources":
		return withFront(d, path, text, func(c *Dossier) *[]*Source { return &c.Sources }, func(x *Source) *File { return &x.File },
			func(l *loader, old, s *Source) bool {
				s.Language = s.LangTag.Value
				l.checkSource(s)
				s.OriginalText = old.OriginalText // the same original:, read by Load
				return s.Language == old.Language && s.Published.Date == old.Published.Date &&
					s.Published.Precision == old.Published.Precision && s.Original.Value == old.Original.Value &&
					slices.Equal(refIDs(s.Mentions), refIDs(old.Mentions)) && s.Draft == old.Draft
			})
	case Dir + "/entities":
		return withFront(d, path, text, func(c *Dossier) *[]*Entity { return &c.Entities }, func(x *Entity) *File { return &x.File },
			func(l *loader, old, e *Entity) bool {
				return e.Kind.Value == old.Kind.Value && e.Draft == old.Draft
			})
	case Dir + "/pages":
		return withFront(d, path, text, func(c *Dossier) *[]*Page { return &c.Pages }, func(x *Page) *File { return &x.File },
			func(l *loader, old, p *Page) bool { return p.Weight == old.Weight && p.Draft == old.Draft })
	}
	return nil, nil, false
}

// withFront is WithFront for the files of one kind, T, which a dossier d
// holds in *kind(d): same checks x, the file decoded, beside old, the
// one d holds, and reports whether they link to the rest alike.
func withFront[T any](d *Dossier, path string, text []byte, kind func(*Dossier) *[]*T, file func(*T) *File, same func(l *loader, old, x *T) bool) (nd *Dossier, f *File, ok bool) {
	xs := *kind(d)
	i := slices.IndexFunc(xs, func(x *T) bool { return file(x).Path == path })
	if i < 0 || len(d.Config.Languages) == 0 {
		return nil, nil, false
	}
	old := xs[i]
	lang := d.Config.Languages[0]
	if _, tl := splitName(pathpkg.Base(path)); tl != "" || file(old).Lang != lang || file(old).Status.Translation != "" {
		return nil, nil, false
	}
	c := *d
	c.Warnings = nil
	// A file Load kept that is a draft was kept for the preview: its
	// problems count as they did.
	l := loader{opts: Options{Drafts: true, Cache: d.cache}, d: &c, broken: map[string]bool{},
		noOriginal: d.noOriginal, normOriginal: map[string]string{}, originals: d.originals}
	x := new(T)
	pm := l.parseMarkdownFile(path, text, lang, file(x), x)
	if pm.broken || len(pm.diags) > 0 || !same(&l, old, x) || len(l.diags) > 0 || len(c.Warnings) > 0 {
		return nil, nil, false
	}
	c.Warnings = d.Warnings
	ys := slices.Clone(xs)
	ys[i] = x
	*kind(&c) = ys
	c.reindex()
	return &c, file(x), true
}

// refIDs are the ids that rs name.
func refIDs(rs []Ref) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}

// sameLinks reports whether events a and b are ordered and linked to the
// rest of a dossier alike: WithFront's test.
func sameLinks(a, b *Event) bool {
	by := func(qs []Quote) []string {
		var out []string
		for _, q := range qs {
			if q.By != nil {
				out = append(out, q.By.ID)
			}
		}
		return out
	}
	return a.ID == b.ID && a.Date.Start == b.Date.Start && a.Date.End == b.Date.End && a.Order == b.Order &&
		a.Draft == b.Draft && slices.Equal(a.Tags, b.Tags) &&
		slices.Equal(refIDs(a.Places), refIDs(b.Places)) && slices.Equal(refIDs(a.Actors), refIDs(b.Actors)) &&
		slices.Equal(refIDs(a.Sources), refIDs(b.Sources)) && slices.Equal(by(a.Quotes), by(b.Quotes))
}
