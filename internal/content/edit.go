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

// WithEvent returns the dossier that Load would read if the event file at
// path, in the dossier's own language, held text, as ReadMarkdown reads
// it, when what text changes shows on that event's page alone: its body,
// and of its front matter the keys that no other page or order depends
// on (title, inferred, the text and sources of its quotes, updated), or
// where the others are written. The dossier returned shares everything
// but that event with d, which is left as it was; e is the event in it,
// decoded and checked as Load checks it (its references, its quotes
// against the sources' originals).
//
// ok is false when that cannot be told so: a file d does not hold as an
// event, a translation, a front matter with a problem (Load reports it),
// or a change of what orders the events or links them to the rest of the
// dossier: the date, order, places, actors, tags, sources, the speakers
// of quotes, or draft. Load must then read the dossier again. The
// preview takes WithEvent's dossier for the page of an event whose title
// or quotes changed, before it reads and checks the whole dossier.
func (d *Dossier) WithEvent(path string, text []byte) (nd *Dossier, e *Event, ok bool) {
	i := slices.IndexFunc(d.Events, func(x *Event) bool { return x.Path == path })
	if i < 0 || len(d.Config.Languages) == 0 {
		return nil, nil, false
	}
	old := d.Events[i]
	if _, lang := splitName(pathpkg.Base(path)); lang != "" || old.Lang != d.Config.Languages[0] || old.Status.Translation != "" {
		return nil, nil, false
	}
	c := *d
	c.Warnings = nil
	// An event Load kept that is a draft was kept for the preview: its
	// problems count as they did.
	l := loader{opts: Options{Drafts: true, Cache: d.cache}, d: &c, broken: map[string]bool{},
		noOriginal: d.noOriginal, normOriginal: map[string]string{}, originals: d.originals}
	e = new(Event)
	pm := l.parseMarkdownFile(path, text, old.Lang, &e.File, e)
	if pm.broken || len(pm.diags) > 0 {
		return nil, nil, false
	}
	l.validateEvent(e)
	if len(l.diags) > 0 || len(c.Warnings) > 0 || !sameLinks(old, e) {
		return nil, nil, false
	}
	c.Warnings = d.Warnings
	c.Events = slices.Clone(d.Events)
	c.Events[i] = e
	c.reindex()
	return &c, e, true
}

// sameLinks reports whether events a and b are ordered and linked to the
// rest of a dossier alike: WithEvent's test.
func sameLinks(a, b *Event) bool {
	ids := func(rs []Ref) []string {
		out := make([]string, len(rs))
		for i, r := range rs {
			out[i] = r.ID
		}
		return out
	}
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
		slices.Equal(ids(a.Places), ids(b.Places)) && slices.Equal(ids(a.Actors), ids(b.Actors)) &&
		slices.Equal(ids(a.Sources), ids(b.Sources)) && slices.Equal(by(a.Quotes), by(b.Quotes))
}
