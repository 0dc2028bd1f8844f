package content

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/dossier-dev/dossier/internal/diag"
	"github.com/dossier-dev/dossier/internal/yamlstrict"
)

// Dir is the directory, relative to the site root, that holds the content.
const Dir = "content"

// A Dossier is everything read from content/: typed, validated, and sorted
// by id (events by date).
type Dossier struct {
	Config        Config
	Home          *Home
	Sources       []*Source
	Events        []*Event
	Entities      []*Entity
	Discrepancies []*Discrepancy
	Pages         []*Page
	Membership    *Membership // nil without membership.yaml

	// Translations holds the translation files, by language, keyed by the
	// path of their original. The engine for translations reads them.
	Translations map[string]map[string]*File

	// Warnings are problems that do not stop a build: those of drafts,
	// when Options.Drafts keeps them (see validate.go).
	Warnings diag.List

	source map[string]*Source
	entity map[string]*Entity
	event  map[string]*Event
	page   map[string]*Page
	disc   map[string]*Discrepancy
	drafts map[string]string // "<dir>/<id>": path, of the drafts left out
	cache  *Cache            // what Localize keeps its work in (Options.Cache)

	// The sources' originals as Load read them, for the quotes of an
	// event WithFront decodes.
	originals  map[*Source]*original
	noOriginal map[string]bool
}

// Source returns the source with the given id, or nil.
func (d *Dossier) Source(id string) *Source { return d.source[id] }

// Entity returns the entity with the given id, or nil.
func (d *Dossier) Entity(id string) *Entity { return d.entity[id] }

// Event returns the event with the given id, or nil.
func (d *Dossier) Event(id string) *Event { return d.event[id] }

// Page returns the free page with the given id, or nil.
func (d *Dossier) Page(id string) *Page { return d.page[id] }

// Discrepancy returns the discrepancy with the given id, or nil.
func (d *Dossier) Discrepancy(id string) *Discrepancy { return d.disc[id] }

// LeftOut returns the path of the draft with the given id in dir (such as
// "sources"), if Load left it out; otherwise "".
func (d *Dossier) LeftOut(dir, id string) string { return d.drafts[dir+"/"+id] }

// Options change what Load reads.
type Options struct {
	// Drafts keeps the files marked draft: true, for the preview of
	// dossier serve. Without it, as in dossier build, a draft is left out
	// as if it did not exist, and a reference to it is an error.
	Drafts bool
	// Cache, when set, keeps what one load made of each file for the
	// next, as the preview loads after every save; the caller calls its
	// Begin before each load.
	Cache *Cache
}

// Load reads and validates the dossier in fsys, whose root is the site root
// (the directory holding content/), leaving drafts out. The error, if any,
// is a diag.List holding every problem found. Even then the Dossier holds
// what could be read, so that later stages can report their problems too.
func Load(fsys fs.FS) (*Dossier, error) { return LoadWith(fsys, Options{}) }

// LoadWith is Load with options.
func LoadWith(fsys fs.FS, opts Options) (*Dossier, error) {
	l := loader{fsys: fsys, opts: opts, d: &Dossier{Translations: map[string]map[string]*File{}, cache: opts.Cache}, broken: map[string]bool{}, drafts: map[string]string{}, noOriginal: map[string]bool{}, normOriginal: map[string]string{}, originals: map[*Source]*original{}}
	l.load()
	if !l.stop {
		l.validate()
	}
	if !opts.Drafts {
		l.d.drafts = l.drafts
	}
	l.d.originals, l.d.noOriginal = l.originals, l.noOriginal
	return l.d, l.diags.Err()
}

// LoadConfig reads content/site.yaml alone, for commands that need the
// site's settings without its content.
func LoadConfig(fsys fs.FS) (Config, error) {
	var c Config
	const p = Dir + "/site.yaml"
	b, err := readText(fsys, p, MaxYAMLSize)
	if re, ok := isReadError(err); ok {
		var l diag.List
		l.Add(p, re.line, re.col, "%s", re.msg)
		return c, l.Err()
	}
	if err != nil {
		return c, err
	}
	return c, parseConfig(nil, p, b, &c).Err()
}

// parseConfig decodes site.yaml into c and lists its language tags in
// c.Languages.
func parseConfig(yc *yamlstrict.Cache, p string, b []byte, c *Config) diag.List {
	ds := yc.Parse(p, b, 0, c)
	for _, w := range c.LangTags {
		c.Languages = append(c.Languages, w.Value)
	}
	return ds
}

type loader struct {
	fsys   fs.FS
	opts   Options
	d      *Dossier
	diags  diag.List
	broken map[string]bool // files whose YAML did not parse
	stop   bool            // site.yaml could not be read: nothing else is

	noOriginal   map[string]bool       // sources whose original could not be read
	normOriginal map[string]string     // the normalised original of each source, for quotes
	originals    map[*Source]*original // the original of each source, if it could be read
	// drafts maps "<dir>/<id>" (as "sources/x") to the path of the draft
	// with that id, kept or left out.
	drafts map[string]string
}

func (l *loader) warnf(path string, line, col int, format string, args ...any) {
	l.d.Warnings.Add(path, line, col, format, args...)
}

func (l *loader) errorf(path string, line, col int, format string, args ...any) {
	l.diags.Add(path, line, col, format, args...)
}

func (l *loader) readFile(name string) ([]byte, bool) {
	b, err := l.read(name)
	if err != nil {
		l.readError(name, err)
		return nil, false
	}
	return b, true
}

// read reads a file of content/, with the limit of its kind.
func (l *loader) read(name string) ([]byte, error) {
	b, err := l.readRaw(name, nil)
	if err != nil {
		return nil, err
	}
	return checkText(b)
}

// readRaw reads a file of content/ as read does, without checking its
// text; listed is its entry in the listing of its directory, or nil.
func (l *loader) readRaw(name string, listed fs.DirEntry) ([]byte, error) {
	limit := int64(MaxYAMLSize)
	if strings.HasSuffix(name, ".md") {
		limit = MaxMarkdownSize
	}
	return readRaw(l.fsys, name, limit, listed)
}

// readError reports a file that could not be read.
func (l *loader) readError(name string, err error) {
	if re, ok := isReadError(err); ok {
		l.errorf(name, re.line, re.col, "%s", re.msg)
	} else if errors.Is(err, fs.ErrNotExist) {
		l.errorf(name, 0, 0, "file is missing")
	} else {
		l.errorf(name, 0, 0, "cannot read: %v", err)
	}
}

// readOptional reads a file that a site may leave out; a missing file is
// not a problem.
func (l *loader) readOptional(name string) ([]byte, bool) {
	if _, err := fs.Stat(l.fsys, name); errors.Is(err, fs.ErrNotExist) {
		return nil, false
	}
	return l.readFile(name)
}

func normalizeNewlines(b []byte) []byte {
	if bytes.Contains(b, []byte("\r\n")) { // ReplaceAll copies, even with nothing to replace
		b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	}
	return bytes.TrimPrefix(b, []byte("\uFEFF"))
}

func (l *loader) load() {
	d := l.d
	cfgPath := path.Join(Dir, "site.yaml")
	b, ok := l.readFile(cfgPath)
	if ok {
		ds := parseConfig(l.opts.Cache.YAML(), cfgPath, b, &d.Config)
		l.diags.Append(ds)
		ok = len(ds) == 0 || !strings.HasPrefix(ds[0].Msg, "invalid YAML")
	}
	if !ok {
		// Without site.yaml nothing else can be checked (languages, kinds,
		// the period): every other problem would follow from this one.
		l.stop = true
		d.Config.Languages = []string{"en"}
		d.Home = &Home{File: File{Path: path.Join(Dir, "home.md"), ID: "home", Lang: "en", BodyLine: 1}, generated: true}
		return
	}
	if len(d.Config.Languages) == 0 {
		// Without languages, translation files cannot be told apart.
		d.Config.Languages = []string{"en"}
	}
	lang := d.Config.Languages[0]

	homePath := path.Join(Dir, "home.md")
	if b, ok := l.readOptional(homePath); ok {
		d.Home = &Home{}
		l.parseMarkdown(homePath, b, lang, &d.Home.File, d.Home)
	} else {
		// Without home.md, the home page shows site.yaml's title and
		// description.
		d.Home = &Home{File: File{Path: homePath, ID: "home", Lang: lang, BodyLine: 1}, Title: d.Config.Title}
		if d.Config.Description != "" {
			d.Home.Body = []byte(d.Config.Description + "\n")
		}
		d.Home.generated = true
	}
	for _, tl := range d.Config.Languages[1:] {
		l.readTranslation(homePath, tl)
	}

	memPath := path.Join(Dir, "membership.yaml")
	if b, ok := l.readOptional(memPath); ok {
		d.Membership = &Membership{}
		l.diags.Append(l.opts.Cache.YAML().Parse(memPath, b, 0, d.Membership))
	}

	d.Sources = loadKind(l, "sources", func(s *Source) *File { return &s.File })
	d.Events = loadKind(l, "events", func(e *Event) *File { return &e.File })
	d.Entities = loadKind(l, "entities", func(e *Entity) *File { return &e.File })
	d.Discrepancies = loadKind(l, "discrepancies", func(x *Discrepancy) *File { return &x.File })
	d.Pages = loadKind(l, "pages", func(p *Page) *File { return &p.File })
	if !l.opts.Drafts {
		// The translation of a draft left out has nothing to translate.
		for _, p := range l.drafts {
			for _, tr := range d.Translations {
				delete(tr, p)
			}
		}
	}
}

// loadKind reads every Markdown file of one directory into values of type T.
// Translation files (name.<lang>.md) are set aside in Dossier.Translations.
//
// The files are read and their front matter decoded on every core (most
// of a build's start); what each file tells the loader (problems, drafts,
// translations) is then taken in the order of the files, as if they had
// been read one after the other.
func loadKind[T any](l *loader, dir string, file func(*T) *File) []*T {
	dir = path.Join(Dir, dir)
	entries, err := fs.ReadDir(l.fsys, dir)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			l.errorf(dir, 0, 0, "cannot read directory: %v", err)
		}
		return nil
	}
	// One job per Markdown file: its name's problem, or what reading it
	// gave.
	type job struct {
		p, id, lang string
		entry       fs.DirEntry
		bad         string // the problem with its name
		b           []byte
		hash        string // of a translation
		err         error
		v           *T
		pm          parsed
	}
	var jobs []*job
	for _, e := range entries {
		name := e.Name()
		p := path.Join(dir, name)
		if e.IsDir() || strings.HasPrefix(name, ".") || !strings.HasSuffix(name, ".md") {
			continue
		}
		j := &job{p: p, entry: e}
		j.id, j.lang = splitName(name)
		if j.lang != "" && !slices.Contains(l.d.Config.Languages[1:], j.lang) {
			j.bad = fmt.Sprintf("%q is not a language of this site (site.yaml lists %s); rename the file or add the language", j.lang, strings.Join(l.d.Config.Languages, ", "))
		} else if !ValidID(j.id) {
			j.bad = fmt.Sprintf("bad file name %q: ids are lower-case letters, digits and hyphens, starting with a letter", j.id)
		}
		jobs = append(jobs, j)
	}
	// What a file gives depends on its bytes, on the default language
	// and on whether drafts are kept: a file the cache has, with the
	// same bytes, gives what it gave, as a copy.
	lang := l.d.Config.Languages[0]
	decoded := "markdown " + lang
	if l.opts.Drafts {
		decoded += " drafts"
	}
	type decodedFile struct {
		b  []byte
		v  *T // never changed
		pm parsed
	}
	type checkedFile struct {
		b    []byte
		hash string
	}
	next := make(chan *job)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(jobs)) {
		wg.Go(func() {
			for j := range next {
				raw, err := l.readRaw(j.p, j.entry)
				if err != nil {
					j.err = err
					continue
				}
				key := memoKey{j.p, decoded}
				if j.lang != "" {
					key.what = "translation" // read by Localize
				}
				switch m := l.opts.Cache.get(key, raw).(type) {
				case *decodedFile:
					j.b, j.v, j.pm = m.b, new(T), m.pm
					*j.v = *m.v
					continue
				case *checkedFile:
					j.b, j.hash = m.b, m.hash
					continue
				}
				if j.b, j.err = checkText(raw); j.err != nil {
					continue
				}
				if j.lang != "" {
					j.hash = Hash(j.b)
					l.opts.Cache.put(key, raw, &checkedFile{j.b, j.hash})
					continue
				}
				j.v = new(T)
				j.pm = l.parseMarkdownFile(j.p, j.b, lang, file(j.v), j.v)
				kept := *j.v
				l.opts.Cache.put(key, raw, &decodedFile{j.b, &kept, j.pm})
			}
		})
	}
	for _, j := range jobs {
		if j.bad == "" {
			next <- j
		}
	}
	close(next)
	wg.Wait()

	var out []*T
	for _, j := range jobs {
		p, id, lang := j.p, j.id, j.lang
		if j.bad != "" {
			l.errorf(p, 0, 0, "%s", j.bad)
			continue
		}
		if j.err != nil {
			l.readError(p, j.err)
		}
		if j.err != nil && lang == "" {
			// Known by its id, so that links to it are not reported
			// as well; broken, so that its empty keys are not.
			v := new(T)
			*file(v) = File{Path: p, ID: id, Lang: l.d.Config.Languages[0], BodyLine: 1}
			l.broken[p] = true
			out = append(out, v)
			continue
		}
		if j.err != nil {
			continue
		}
		if lang != "" {
			l.addTranslation(path.Join(dir, id+".md"), p, lang, j.b, j.hash)
			continue
		}
		v := j.v
		l.took(p, file(v), j.pm)
		if s, ok := any(v).(*Source); ok {
			s.Language = s.LangTag.Value
		}
		if f := file(v); f.Draft {
			l.drafts[path.Base(dir)+"/"+id] = p
			if !l.opts.Drafts {
				continue
			}
		}
		out = append(out, v)
	}
	return out
}

// readTranslation reads the translation of orig into lang, if it exists.
func (l *loader) readTranslation(orig, lang string) {
	p := TranslationPath(orig, lang)
	b, err := readText(l.fsys, p, MaxMarkdownSize)
	if errors.Is(err, fs.ErrNotExist) {
		return
	}
	if err != nil {
		l.readError(p, err)
		return
	}
	l.addTranslation(orig, p, lang, b, Hash(b))
}

// addTranslation sets a translation file aside for Localize; hash is
// Hash(b).
func (l *loader) addTranslation(orig, p, lang string, b []byte, hash string) {
	if l.d.Translations[lang] == nil {
		l.d.Translations[lang] = map[string]*File{}
	}
	l.d.Translations[lang][orig] = &File{Path: p, ID: strings.TrimSuffix(path.Base(orig), ".md"), Lang: lang, Body: b, BodyLine: 1, Hash: hash}
}

// splitName splits "x.vi.md" into ("x", "vi") and "x.md" into ("x", "").
func splitName(name string) (id, lang string) {
	base := strings.TrimSuffix(name, ".md")
	if i := strings.LastIndexByte(base, '.'); i >= 0 {
		return base[:i], base[i+1:]
	}
	return base, ""
}

// Hash returns the hash recorded in a translation's translation_of key: the
// first 12 hex digits of the SHA-256 of the original file.
func Hash(b []byte) string {
	sum := sha256.Sum256(normalizeNewlines(b))
	return hex.EncodeToString(sum[:6])
}

// SplitFrontMatter splits a Markdown file into its YAML front matter and its
// body. It returns the line on which the body starts.
func SplitFrontMatter(b []byte) (front, body []byte, bodyLine int, ok bool) {
	if !bytes.HasPrefix(b, []byte("---\n")) {
		return nil, b, 1, false
	}
	rest := b[4:]
	line := 2
	for len(rest) > 0 || line == 2 {
		i := bytes.IndexByte(rest, '\n')
		var ln []byte
		if i < 0 {
			ln = rest
		} else {
			ln = rest[:i]
		}
		if string(bytes.TrimRight(ln, " \t")) == "---" {
			front = b[4 : len(b)-len(rest)]
			if i < 0 {
				return front, nil, line + 1, true
			}
			return front, rest[i+1:], line + 1, true
		}
		if i < 0 {
			break
		}
		rest = rest[i+1:]
		line++
	}
	return nil, b, 1, false
}

// frontMatterProblem says what is wrong with a file that SplitFrontMatter
// finds no front matter in.
func frontMatterProblem(b []byte) string {
	if bytes.HasPrefix(b, []byte("---\n")) {
		return "the front matter is not closed: add a line \"---\" after its keys, before the text"
	}
	return "missing front matter: the file must start with a line \"---\", then YAML keys, then another \"---\""
}

// parseMarkdown splits front matter from body and decodes the front matter.
func (l *loader) parseMarkdown(p string, b []byte, lang string, f *File, v any) {
	l.took(p, f, l.parseMarkdownFile(p, b, lang, f, v))
}

// parsed is what decoding a Markdown file found: its problems, and whether
// its front matter could not be read at all.
type parsed struct {
	diags  diag.List
	broken bool
}

// parseMarkdownFile decodes the file p into f and v, and reports what it
// found rather than telling the loader, so that files can be decoded at
// once (loadKind).
func (l *loader) parseMarkdownFile(p string, b []byte, lang string, f *File, v any) parsed {
	id, _ := splitName(path.Base(p))
	front, body, bodyLine, ok := SplitFrontMatter(b)
	if !ok {
		var pm parsed
		pm.diags.Add(p, 1, 1, "%s", frontMatterProblem(b))
		// Known by its path, so that nothing else reports it again as a
		// file with no keys.
		*f = File{Path: p, ID: id, Lang: lang, Body: b, BodyLine: 1, Hash: Hash(b)}
		pm.broken = true
		return pm
	}
	ds := l.opts.Cache.YAML().Parse(p, front, 1, v)
	pm := parsed{}
	if len(ds) > 0 && strings.HasPrefix(ds[0].Msg, "invalid YAML") {
		// Nothing could be read: checking its values would only report
		// the same problem again in other words.
		pm.broken = true
	}
	// A draft left out is not checked: work in progress does not stop a
	// build. Its YAML must still parse, to tell that it is a draft.
	if !f.Draft || l.opts.Drafts {
		pm.diags = ds
	}
	*f = File{Path: p, ID: id, Lang: lang, Body: body, BodyLine: bodyLine, Hash: Hash(b), Draft: f.Draft, Updated: f.Updated, front: frontSum(front)}
	return pm
}

// took tells the loader what decoding the file p found.
func (l *loader) took(p string, f *File, pm parsed) {
	l.diags.Append(pm.diags)
	if pm.broken {
		l.broken[p] = true
	}
}
