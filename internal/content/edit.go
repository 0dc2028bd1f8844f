package content

import (
	"bytes"
	"hash/maphash"
	"io/fs"
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
