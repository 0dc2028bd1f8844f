// Package sitegen turns a site's input files into its output files. Build is
// a pure function of its input: it reads an fs.FS and returns the files to
// write, which makes it easy to test on an in-memory site and to run again
// on every change. A Builder (builder.go) does just that for the preview:
// it keeps each build's work for the next and redoes only what a change
// requires, with the same output. BuildDir is the step `dossier build`
// takes: open a site directory, build it, and write each file into the
// output (package output) as soon as it is made, so that a large site is
// never held in memory whole.
package sitegen

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/dossier-dev/dossier"
	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/diag"
	"github.com/dossier-dev/dossier/internal/history"
	"github.com/dossier-dev/dossier/internal/i18n"
	"github.com/dossier-dev/dossier/internal/opendata"
	"github.com/dossier-dev/dossier/internal/output"
	"github.com/dossier-dev/dossier/internal/publish"
	"github.com/dossier-dev/dossier/internal/render"
	"github.com/dossier-dev/dossier/internal/site"
	"github.com/dossier-dev/dossier/internal/sitefs"
	"github.com/dossier-dev/dossier/internal/theme"
	"github.com/dossier-dev/dossier/internal/yamlstrict"
)

// StaticDir holds files copied as they are into the site.
const StaticDir = "static"

// Favicon is the site's icon, in StaticDir; every page links to it when
// it exists.
const Favicon = "favicon.svg"

// Options change how a site is built.
type Options struct {
	// BaseURL, when set, replaces site.yaml's base_url. It is used for
	// canonical URLs, the sitemap and the feed; links inside pages stay
	// relative.
	BaseURL string
	// Offline ends every link to a directory in index.html, so the site
	// works when opened from disk (file://).
	Offline bool
	// Theme is the theme under the site: templates, catalogues and static
	// files that the site's own files of the same name replace. Nil means
	// the built-in theme (package dossier, at the top of the repository).
	Theme fs.FS
	// Strict makes every warning an error: CI builds the shipped dossier
	// so, and nothing uncited or stale is published.
	Strict bool
	// Drafts builds the files marked draft: true too, each page marked as
	// a draft: the preview of dossier serve. A normal build leaves them out.
	Drafts bool
	// Cache is a directory where builds keep what the next can reuse: the
	// social cards (cards.go), and the record of the stat of the output's
	// files, which spares the next build reading them (package output).
	// Empty for none.
	Cache string
	// History is the reading of the site's git history, for the dates of
	// last change (package history); nil for none. BuildDir starts it.
	History *history.Log
}

// Result is a built site.
type Result struct {
	Dossier *content.Dossier // the content, as written (untranslated)
	Site    *site.Site
	// Files are the built files by slash-separated path, from Build;
	// BuildDir writes them as they are made and keeps none (nil).
	Files   map[string][]byte
	Written int // how many files the build made
	// Warnings are problems that do not stop the build, such as a
	// translation whose original has changed.
	Warnings diag.List
}

// A siteFS is a site read from disk (package sitefs), which tells what it
// did while a build read it.
type siteFS interface {
	fs.FS
	Begin()             // forget what the previous build read and skipped
	Skipped() diag.List // the links left out since Begin, as warnings
	Changed() []string  // the files read since Begin that changed since
}

// Build builds the site in fsys. The error, if any, is a diag.List with
// every problem found, or a plain error for an internal failure.
//
// A site opened with sitefs leaves out the links that leave the site or
// reach the originals, and Build warns of each. And a build that fails
// after a file it read has changed (an editor saving in place, caught
// halfway) is built again, once, before the failure is reported: the
// problem may be in half a file.
//
// Build is a fresh Builder's first build: it keeps nothing.
func Build(fsys fs.FS, opts Options) (*Result, error) {
	return (&Builder{opts: opts}).Build(fsys)
}

// buildTo builds the site in fsys into the sink that open makes, once the
// site is known to build, as Build says; again, into a new sink, if a file
// changed while it was read.
func (b *Builder) buildTo(fsys fs.FS, open func(*site.Site) (sink, error)) (*Result, error) {
	sfs, ok := fsys.(siteFS)
	if !ok {
		return b.build(fsys, nil, open)
	}
	sfs.Begin()
	res, err := b.build(fsys, sfs, open)
	if err != nil && len(sfs.Changed()) > 0 {
		sfs.Begin()
		res, err = b.build(fsys, sfs, open)
	}
	return res, err
}

// A sink takes the files of a build as they are made, from any goroutine,
// and keeps nothing of the bytes it is given.
type sink interface {
	add(name string, b []byte) error
	// addFunc takes a file too large to hold whole, which write writes;
	// it may call write more than once, for the same bytes each time.
	addFunc(name string, write func(io.Writer) error) error
	// addLink takes a file whose bytes b are also those of the file src,
	// which nothing changes (a cached card): a sink that writes files may
	// link to src rather than write b (output.Writer.AddLink).
	addLink(name, src string, b []byte) error
	// addKept is add for bytes b that nothing changes, ever (a page a
	// Builder keeps for its next build): a sink that holds files may
	// hold b itself rather than a copy.
	addKept(name string, b []byte) error
	// addKnown is addLink for a file src that the sink knows the bytes of
	// without reading it (output.Writer.AddKnownLink); false, having done
	// nothing, when it does not.
	addKnown(name, src string) (bool, error)
	// abort drops what the sink took, after a failure.
	abort()
}

// mapSink keeps the files in memory, for Build.
type mapSink struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (m *mapSink) add(name string, b []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.files[name] = bytes.Clone(b)
	return nil
}

func (m *mapSink) addKept(name string, b []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.files[name] = b
	return nil
}

func (m *mapSink) addFunc(name string, write func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.files[name] = buf.Bytes()
	return nil
}

func (m *mapSink) addLink(name, _ string, b []byte) error { return m.add(name, b) }

func (m *mapSink) addKnown(string, string) (bool, error) { return false, nil }

func (m *mapSink) abort() {}

// names is a sink that remembers the names of the files it passed on, so
// that a static file cannot replace a generated one.
type names struct {
	sink
	mu   sync.Mutex
	seen map[string]bool
	stop func() error // when not nil, a file is refused once it returns an error
}

func (n *names) add(name string, b []byte) error {
	if err := n.see(name); err != nil {
		return err
	}
	return n.sink.add(name, b)
}

func (n *names) addKept(name string, b []byte) error {
	if err := n.see(name); err != nil {
		return err
	}
	return n.sink.addKept(name, b)
}

func (n *names) addLink(name, src string, b []byte) error {
	if err := n.see(name); err != nil {
		return err
	}
	return n.sink.addLink(name, src, b)
}

func (n *names) addKnown(name, src string) (bool, error) {
	if err := n.see(name); err != nil {
		return false, err
	}
	ok, err := n.sink.addKnown(name, src)
	if !ok && err == nil {
		n.mu.Lock()
		delete(n.seen, name) // not made: addLink will
		n.mu.Unlock()
	}
	return ok, err
}

func (n *names) addFunc(name string, write func(io.Writer) error) error {
	if err := n.see(name); err != nil {
		return err
	}
	return n.sink.addFunc(name, write)
}

// see records the file name, made once only.
func (n *names) see(name string) error {
	if n.stop != nil {
		if err := n.stop(); err != nil {
			return err
		}
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.seen[name] {
		return fmt.Errorf("sitegen: %s is made twice", name)
	}
	n.seen[name] = true
	return nil
}

func (n *names) has(name string) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.seen[name]
}

// addAll adds files, in the order of their names, with add.
func (n *names) addAll(files map[string][]byte, add func(name string, b []byte) error) error {
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if err := add(name, files[name]); err != nil {
			return err
		}
	}
	return nil
}

func (b *Builder) build(fsys fs.FS, sfs siteFS, open func(*site.Site) (sink, error)) (*Result, error) {
	dr, err := b.prepare(context.Background(), fsys)
	if err != nil {
		return nil, err
	}
	return dr.emit(sfs, open)
}

// prepare reads, checks and models the site in fsys: everything a build
// does before it makes a file, and everything that can find a problem in
// the content.
func (b *Builder) prepare(ctx context.Context, fsys fs.FS) (*Draft, error) {
	opts := b.opts
	if k, ok := fsys.(interface{ KeepContents() }); ok && b.keep {
		// The preview reads only the files that changed (sitefs).
		k.KeepContents()
	}
	th := opts.Theme
	if th == nil {
		th = dossier.Theme()
	}
	fsys = theme.Overlay(fsys, th)
	var diags diag.List
	conv := b.converter()
	b.files.Begin()
	d, err := content.LoadWith(fsys, content.Options{Drafts: opts.Drafts, Cache: b.files})
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if err != nil {
		var l diag.List
		if !errors.As(err, &l) {
			return nil, err
		}
		diags.Append(l)
		// Report problems in bodies too, not only those in front matter.
		diags.Append(site.Check(d, conv, b.convs))
	}
	// A tag content.Load refused names no catalogue: reporting its file
	// missing too would only repeat the problem.
	langs := slices.DeleteFunc(slices.Clone(d.Config.Languages), func(l string) bool { _, err := i18n.ParseTag(l); return err != nil })
	// The templates and catalogues are read again only when a file of
	// templates/ changed: the preview's Builder keeps them.
	tkey, tok := b.templateFiles(fsys)
	var (
		cats   map[string]*i18n.Catalog
		tmpl   *render.Templates
		cd, td diag.List
	)
	if lt := b.theme; b.keep && tok && lt != nil && lt.key == tkey && slices.Equal(lt.langs, langs) {
		cats, tmpl = lt.cats, lt.tmpl
	} else {
		if len(langs) > 0 {
			cats, cd = i18n.Load(fsys, langs)
		}
		tmpl, td = render.Load(fsys)
		b.theme = nil
		if b.keep && tok && len(cd) == 0 && len(td) == 0 {
			b.theme = &loadedTheme{tkey, langs, cats, tmpl}
		}
	}
	diags.Append(cd)
	if len(cd) == 0 {
		diags.Append(checkStrings(d.Config.Languages, cats, d.Config.Strings, d.Config.StringsPos, content.Dir+"/site.yaml"))
	}
	diags.Append(td)
	cardr, cd := cardRenderer(fsys, &d.Config)
	diags.Append(cd)
	if len(diags) > 0 {
		return nil, diags.Err()
	}

	locs := map[string]*content.Dossier{}
	var warnings diag.List
	warnings.Append(unverified(d))
	warnings.Append(d.Warnings) // the problems of drafts, in a preview
	for _, lang := range d.Config.Languages[1:] {
		loc, w, err := d.Localize(fsys, lang)
		if err != nil {
			var l diag.List
			if !errors.As(err, &l) {
				return nil, err
			}
			diags.Append(l)
		}
		warnings.Append(w)
		locs[lang] = loc
		if err == nil {
			diags.Append(checkStrings([]string{lang}, cats, loc.Config.Strings, loc.Config.StringsPos, content.TranslationPath(content.Dir+"/site.yaml", lang)))
		}
	}
	if len(diags) > 0 {
		return nil, diags.Err()
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	siteOpts := site.Options{BaseURL: opts.BaseURL, Offline: opts.Offline, Conversions: b.convs, Context: ctx}
	if !b.keep && (b.rereadAll || bodyBytes(d, locs) > rereadOver) {
		// A large dossier's build holds no body it has analysed: each
		// page reads its own again as it is laid out (site.Options.Reread).
		siteOpts.Reread = func(f *content.File) ([]byte, error) { return content.ReadBody(fsys, f) }
	}
	siteOpts.Updated, warnings = lastChanges(opts.History, warnings)
	if _, err := fs.Stat(fsys, path.Join(StaticDir, Favicon)); err == nil {
		siteOpts.Favicon = Favicon
	}
	s, err := site.New(d, locs, cats, conv, siteOpts)
	if err != nil {
		return nil, err
	}
	dr := &Draft{b: b, fsys: fsys, d: d, locs: locs, s: s, tmpl: tmpl, cardr: cardr, warnings: warnings}
	if b.keep {
		// A page laid out before is reused when its view model is the
		// same, unless what every layout depends on changed.
		strs := map[string]map[string]string{d.Config.Languages[0]: d.Config.Strings}
		for lang, loc := range locs {
			strs[lang] = loc.Config.Strings
		}
		key, ok := b.templatesKey(tkey, s, strs)
		if !ok || !tok || key != b.layoutKey {
			b.pages = nil
			b.layoutKey = key
		}
	}
	return dr, nil
}

// rereadOver is the size of a dossier's bodies (in all its languages)
// above which a build takes them out of memory once they are analysed, and
// reads each again for the page that shows it (site.Options.Reread): about
// 6,000 bodies of 2.5 KB. Reading a body again costs a few system calls
// (about 4% of the shipped dossier's build, for a fifth of a megabyte);
// holding them costs a large dossier tens of megabytes.
const rereadOver = 16 << 20

// bodyBytes is the size of the bodies of d and of its translations.
func bodyBytes(d *content.Dossier, locs map[string]*content.Dossier) int {
	n := 0
	for _, f := range d.Files() {
		n += len(f.Body)
	}
	for _, loc := range locs {
		for _, f := range loc.Files() {
			if f.Lang != d.Config.Languages[0] {
				n += len(f.Body) // a translation's; an original's is counted
			}
		}
	}
	return n
}

// emit makes the files of the site into the sink that open makes.
func (dr *Draft) emit(sfs siteFS, open func(*site.Site) (sink, error)) (res *Result, err error) {
	b, fsys, d, locs, s, tmpl, cardr, warnings := dr.b, dr.fsys, dr.d, dr.locs, dr.s, dr.tmpl, dr.cardr, dr.warnings
	opts := b.opts
	// The site builds: from here on, files go to the sink as they are
	// made, and a failure drops them.
	sk, err := open(s)
	if err != nil {
		return nil, err
	}
	// A build that is told to stop refuses the files made after (Draft.stopped).
	out := &names{sink: sk, seen: map[string]bool{}, stop: dr.stopped}
	defer func() {
		if err != nil {
			sk.abort()
		}
	}()
	// The files that are not pages are made while the pages are laid
	// out, so that the cores have work to the end; one after the other,
	// since each holds much in memory while it works.
	extras := []func() error{
		func() error { return s.MakeIndexesContext(dr.context()) },
		func() error {
			css, err := b.stylesheet()
			if err != nil {
				return err
			}
			return out.add(chromaCSS, css)
		},
		func() error { return publish.Write(s, out.add) },
		func() error { return opendata.Write(d, locs, s.BaseURL, s.Bodies, out.addFunc) },
		func() error { return out.addAll(s.Files, out.add) },
	}
	for i := range s.Langs {
		extras = append(extras, func() error {
			err := b.searchFiles(dr.context(), s, i, out)
			// The open data, made before, and the index were all that
			// read the bodies' plain text.
			s.DropText(s.Langs[i])
			return err
		})
	}
	var errs []error
	var wg sync.WaitGroup
	wg.Go(func() {
		for _, f := range extras {
			if err := dr.stopped(); err != nil {
				errs = append(errs, err)
				break
			}
			errs = append(errs, f())
		}
	})
	var rd diag.List
	if b.keep {
		// Only the pages whose view model changed are laid out again;
		// the others are the bytes the Builder keeps.
		var files map[string][]byte
		files, rd, err = b.render(dr.context(), tmpl, s)
		if err == nil && len(rd) == 0 {
			err = out.addAll(files, out.addKept)
		}
	} else {
		rd, err = tmpl.Write(s, out.add)
	}
	wg.Wait()
	if err != nil {
		return nil, err
	}
	if len(rd) > 0 {
		return nil, rd.Err()
	}
	if err := s.Err(); err != nil {
		return nil, err
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	// Social cards are drawn on every core (cardFiles), after the pages.
	var kept *map[string][]byte
	if b.keep {
		kept = &b.cards
	}
	if err := dr.stopped(); err != nil {
		return nil, err
	}
	cw, err := cardFiles(cardr, s, opts.Cache, kept, out)
	warnings.Append(cw)
	if err != nil {
		return nil, err
	}
	if err := copyStatic(fsys, out, dr.static); err != nil {
		return nil, err
	}
	warnings.Append(s.Warnings)
	if sfs != nil {
		warnings.Append(sfs.Skipped())
	}
	warnings = dedupe(warnings.Sort())
	if opts.Strict && len(warnings) > 0 {
		return nil, warnings.Err()
	}
	return &Result{Dossier: d, Site: s, Written: len(out.seen), Warnings: warnings}, nil
}

// BuildDir builds the site in the directory src and writes it into out
// (see package output), as `dossier build` does. The output's manifest
// records the base URL and Offline, which `dossier check` reads. The error is Build's, or
// the failure to open src or to write out; out is untouched unless the
// site built.
func BuildDir(src, out string, opts Options) (*Result, error) {
	if opts.History == nil {
		opts.History = history.Start(src) // while the content is read
	}
	fsys, err := sitefs.Open(src)
	if err != nil {
		return nil, err
	}
	defer fsys.Close()
	record := outputRecord(opts.Cache, out)
	// The previous build, if any, is read while the site is: on a large
	// site, telling which of its files are dossier's takes a second.
	type opened struct {
		w   *output.Writer
		err error
	}
	var early chan opened
	if fi, err := os.Stat(out); err == nil && fi.IsDir() {
		early = make(chan opened, 1)
		go func() {
			w, err := output.CreateRecorded(out, output.Info{}, record)
			early <- opened{w, err}
		}()
	}
	var w *output.Writer
	res, err := (&Builder{opts: opts}).buildTo(fsys, func(s *site.Site) (sink, error) {
		info := output.Info{BaseURL: s.BaseURL, Offline: opts.Offline}
		if early == nil {
			var err error
			w, err = output.CreateRecorded(out, info, record)
			return writerSink{w}, err
		}
		o := <-early
		early = nil
		if o.err != nil {
			return nil, o.err
		}
		if err := o.w.SetInfo(info); err != nil {
			o.w.Abort()
			return nil, err
		}
		w = o.w
		return writerSink{w}, nil
	})
	if early != nil { // the site did not build: nothing is written
		if o := <-early; o.w != nil {
			o.w.Abort()
		}
	}
	if err != nil {
		return nil, err
	}
	if err := w.Commit(); err != nil {
		return nil, err
	}
	return res, nil
}

// outputRecord is where the cache keeps the record of the stat of the
// files of the output directory out (see package output): a file named
// for out's absolute path, since each output has its own. "" without a
// cache.
func outputRecord(cache, out string) string {
	if cache == "" {
		return ""
	}
	abs, err := filepath.Abs(out)
	if err != nil {
		return ""
	}
	h := sha256.Sum256([]byte(abs))
	return filepath.Join(cache, "output", hex.EncodeToString(h[:16]))
}

// lastChanges waits for the reading of the git history, and warns when it
// cannot be had. A shallow clone gives the dates of the files changed
// since its history was cut, and the others fall back to their updated:
// keys; that is no warning, since CI checks out so by default.
func lastChanges(l *history.Log, warnings diag.List) (map[string]time.Time, diag.List) {
	dates, _, err := l.Wait()
	if err != nil {
		warnings.Add(content.Dir, 0, 0, "cannot read the repository's history for the dates of last change: %v", err)
	}
	return dates, warnings
}

// writerSink writes the files into the output directory (package output).
type writerSink struct{ w *output.Writer }

func (s writerSink) add(name string, b []byte) error { return s.w.Add(name, b) }
func (s writerSink) addFunc(name string, write func(io.Writer) error) error {
	return s.w.AddFunc(name, write)
}
func (s writerSink) addKept(name string, b []byte) error      { return s.w.Add(name, b) }
func (s writerSink) addLink(name, src string, b []byte) error { return s.w.AddLink(name, src, b) }
func (s writerSink) addKnown(name, src string) (bool, error) {
	return s.w.AddKnownLink(name, src)
}
func (s writerSink) abort() { s.w.Abort() }

// copyStatic adds the files below static/ to out: from read, by their
// name in the site, those it has (as Draft.Static read them), and the
// others from fsys.
func copyStatic(fsys fs.FS, out *names, read map[string][]byte) error {
	var diags diag.List
	err := fs.WalkDir(fsys, StaticDir, func(p string, e fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && p == StaticDir {
			return fs.SkipDir
		}
		if err != nil {
			return err
		}
		if e.IsDir() || path.Base(p)[0] == '.' {
			return nil
		}
		rel := p[len(StaticDir)+1:]
		if out.has(rel) {
			diags.Add(p, 0, 0, "the site generates %s itself; rename or remove this file", rel)
			return nil
		}
		if b, ok := read[rel]; ok {
			return out.add(rel, b)
		}
		b, err := fs.ReadFile(fsys, p)
		var nr *sitefs.NotRegularError
		if errors.As(err, &nr) {
			diags.Add(p, 0, 0, "not a regular file (%s); remove it or replace it with a file", nr.Kind())
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		return out.add(rel, b)
	})
	if err != nil {
		return err
	}
	return diags.Err()
}

// checkStrings checks the site's own wording of interface strings (the
// strings: of site.yaml, or of its translation p) against the catalogue of
// the first of langs: each key must exist, and use only its placeholders.
// at says where each key is.
func checkStrings(langs []string, cats map[string]*i18n.Catalog, strs map[string]string, at yamlstrict.KeyPos, p string) diag.List {
	var diags diag.List
	cat := cats[langs[0]]
	if cat == nil || len(strs) == 0 {
		return nil
	}
	for _, k := range slices.Sorted(maps.Keys(strs)) {
		if msg := cat.CheckOverride(k, strs[k]); msg != "" {
			diags.Add(p, at[k].Line, at[k].Col, "strings: %s", msg)
		}
	}
	return diags
}

// unverified warns, once per source, of quotes published as unverified
// because the source has no original text to check them against.
func unverified(d *content.Dossier) diag.List {
	n := map[string]int{}
	for _, e := range d.Events {
		for _, q := range e.Quotes {
			if s := d.Source(q.Source.ID); s != nil && s.Original.Value == "" {
				n[s.ID]++
			}
		}
	}
	for _, x := range d.Discrepancies {
		for _, c := range x.Claims {
			if s := d.Source(c.Source.ID); s != nil && s.Original.Value == "" && c.Quote != "" {
				n[s.ID]++
			}
		}
	}
	var w diag.List
	for _, id := range slices.Sorted(maps.Keys(n)) {
		w.Add(d.Source(id).Path, 1, 1, "%d quote(s) from this source are published marked unverified: it has no original; add original: with a copy of its text so they can be checked", n[id])
	}
	return w
}

// dedupe drops repeated warnings: a file that is not translated is checked
// once for each language.
func dedupe(l diag.List) diag.List {
	return slices.CompactFunc(l, func(a, b diag.Diagnostic) bool { return a == b })
}
