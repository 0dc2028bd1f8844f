// Package site turns a loaded dossier into the pages of the site: it
// computes ordering, grouping, citation numbers, backlinks and related
// events, and gives each page a ready view model (model.go) for its
// template. It does no I/O of its own (see Options.Reread).
//
// A source has one number on the whole site (numbers.go): in citations, on
// badges, in every reference list and in the list of sources, in every
// language, so that a reader who has learnt that [3] is one source can
// trust it on the next page.
package site

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"html/template"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/diag"
	"github.com/dossier-dev/dossier/internal/i18n"
	"github.com/dossier-dev/dossier/internal/markdown"
	"github.com/dossier-dev/dossier/internal/search"
)

// Options change how the site is built. sitegen sets them: BaseURL and
// Offline from its own options, Favicon from what static/ holds.
type Options struct {
	// BaseURL, when set, replaces site.yaml's base_url. It is used for
	// canonical URLs, the sitemap and the feed; links inside pages stay
	// relative.
	BaseURL string
	// Offline ends every link to a directory in index.html, so the site
	// works when opened from disk (file://).
	Offline bool
	// Favicon is the site path of the site's SVG icon, linked from every
	// page; empty for none.
	Favicon string
	// Updated is when each content file last changed, by its path
	// (content/events/x.md), from the repository's history (package
	// history); nil without one. See social.go.
	Updated map[string]time.Time
	// Conversions, when set, keeps the Markdown conversions of one build
	// for the next (see Conversions): the preview sets it.
	Conversions *Conversions
	// Reread, when set and Conversions is not, reads a file's Markdown
	// body again (content.ReadBody): New then takes the bodies of the
	// dossier and its translations out of memory once every language
	// has analysed them, and the page that shows a body reads it again
	// as it is laid out (see release). A large dossier's bodies are tens
	// of megabytes that a build would otherwise hold to its end.
	Reread func(*content.File) ([]byte, error)
	// Context, when set, stops New once it is done: the analysis and the
	// list of pages look at it every few hundred files, and New then
	// returns its error and no Site. The preview sets it, so that a newer
	// save need not wait for the dossier it replaces to be modelled.
	Context context.Context
}

// A Page is one page of the site.
type Page struct {
	Path string // site path of the page's directory: "" for home, "events/x/"
	Lang string
	// Layout is what the page shows around its view. New leaves it nil, as
	// it leaves Data, and computes each page's Layout when Laid or Bare is
	// called: the layouts of a large site were a fifth of its memory.
	Layout *Layout
	// Data is the page's view model, from model.go; it names the page's
	// template. New leaves it nil and computes each view when View is
	// called, as the page is rendered, so that the views of a large site
	// are never all in memory at once.
	Data View

	tmpl  string                // the template of the view that view computes
	view  func() View           // computes the view, for a page without Data
	lay   func() *Layout        // computes the Layout, for a page without one
	ld    func(*Layout) *JSONLD // computes Layout.JSONLD, which Bare leaves nil
	start time.Time             // for an event's page, when the event began
}

// Laid returns the page's Layout as its template receives it: with its
// JSON-LD, computed anew at each call, as Bare's Layout is. It is safe to
// call from many goroutines at once.
func (p *Page) Laid() *Layout {
	lay := p.Bare()
	if p.ld == nil || lay.JSONLD != nil {
		return lay
	}
	if lay == p.Layout {
		c := *lay
		lay = &c
	}
	lay.JSONLD = p.ld(lay)
	return lay
}

// Bare returns the page's Layout without its JSON-LD: Layout, or else a
// Layout computed anew at each call, for what is told of the page outside
// it (the sitemap, the feed, its social card). It is safe to call from
// many goroutines at once.
func (p *Page) Bare() *Layout {
	if p.Layout != nil || p.lay == nil {
		return p.Layout
	}
	return p.lay()
}

// View returns the page's view model: Data, or else a view computed anew
// at each call. It is safe to call from many goroutines at once.
func (p *Page) View() View {
	if p.Data != nil {
		return p.Data
	}
	return p.view()
}

// TemplateName names the template of the page's view, without computing
// the view.
func (p *Page) TemplateName() string {
	if p.Data != nil {
		return p.Data.TemplateName()
	}
	return p.tmpl
}

// Start is, for an event's page, when the event began, by which the feed
// orders and dates it; zero for other pages.
func (p *Page) Start() time.Time {
	if e, ok := p.Data.(*Event); ok {
		return e.Start
	}
	return p.start
}

// File is the output file of the page. A page whose path names a file
// (404.html) is that file.
func (p *Page) File() string {
	if p.Path != "" && !strings.HasSuffix(p.Path, "/") {
		return p.Path
	}
	return p.Path + "index.html"
}

// AppendLinks appends html, the page laid out or a part of it, to dst,
// with the climbs to the site root that its bodies' links hold as marks
// (see builder.doc) written as the page's depth needs them: "../../" in
// events/x/. The HTML of a page's view is final only so. A part must hold
// each mark whole, as each printed value of a template does.
func (p *Page) AppendLinks(dst, html []byte) []byte {
	n := bytes.Count(html, []byte(depthMark))
	if n == 0 {
		return append(dst, html...)
	}
	climb := strings.Repeat("../", strings.Count(p.Path, "/"))
	dst = slices.Grow(dst, len(html)+n*(len(climb)-len(depthMark)))
	for {
		before, after, found := bytes.Cut(html, []byte(depthMark))
		dst = append(dst, before...)
		if !found {
			return dst
		}
		dst = append(dst, climb...)
		html = after
	}
}

// Site is the whole site, ready to render.
type Site struct {
	BaseURL  string
	Langs    []string
	Catalogs map[string]*i18n.Catalog
	Pages    []*Page
	Offline  bool
	Favicon  string
	// Warnings are problems that do not stop the build, such as a
	// paragraph without a citation.
	Warnings diag.List
	// NotFound is 404.html, which the host serves at any missing address
	// (notfound.go); nil offline, where there is no host.
	NotFound *Page
	// Search is the search index of each language (search.go), written by
	// package sitegen to the language's SearchPath+"data/". Empty until
	// MakeIndexes.
	Search map[string]*search.Index
	// Files are the files that are neither pages nor search index, by
	// path: the filter index of each language's split timeline
	// (TimelineIndexPath). Empty until MakeIndexes.
	Files map[string][]byte
	// Bodies are the bodies of the first language, by file path, as
	// analysed: package opendata reads their plain text (SummaryText,
	// Text) and the entities they link to (the Kind and ID of their
	// Links, which in a build are only those: see slim).
	Bodies map[string]*markdown.Doc

	updated map[string]time.Time // Options.Updated
	// numbers are the sources' numbers (numbers.go), by id.
	numbers map[string]int
	// builders are the builders of the languages, for Rebody.
	builders []*builder

	// reread reads again the bodies release took out of memory; nil
	// unless Options.Reread is set.
	reread *rereader
	// indexes makes Search and Files once (MakeIndexes), and holds its
	// context's error if it gave up; shared by the copies of a Site, and
	// a pointer, so that copying a Site while they are made (as the
	// preview's render does) reads nothing they write.
	indexes *indexOnce
}

// indexOnce makes a Site's indexes once, and keeps why it gave up.
type indexOnce struct {
	once sync.Once
	err  error
}

// MakeIndexes makes the search index of each language (Search) and the
// filter index of each split timeline (Files), once: no page needs them,
// so New leaves them for the build to make beside the pages, and a
// preview lays out the page of a saved file before it makes them.
func (s *Site) MakeIndexes() { _ = s.MakeIndexesContext(context.Background()) }

// MakeIndexesContext is MakeIndexes, which gives up when ctx is done
// (a preview's build that a newer save stops) and returns ctx's error;
// the indexes are then left empty, and the Site, whose indexes are made
// once, must not be used to write a build.
func (s *Site) MakeIndexesContext(ctx context.Context) error {
	if s.indexes == nil {
		return nil
	}
	s.indexes.once.Do(func() {
		search := make([]*search.Index, len(s.builders))
		files := make([][]byte, len(s.builders))
		var wg sync.WaitGroup
		for i, b := range s.builders {
			wg.Go(func() {
				search[i] = b.searchIndex(ctx)
				files[i] = b.timelineIndexFile(ctx)
			})
		}
		wg.Wait()
		if s.indexes.err = ctx.Err(); s.indexes.err != nil {
			return
		}
		for i, b := range s.builders {
			s.Search[s.Langs[i]] = search[i]
			if files[i] != nil {
				s.Files[b.prefix+TimelineIndexPath] = files[i]
			}
		}
	})
	return s.indexes.err
}

// stopEvery is how many events or files the indexes, the analysis and the
// list of pages take between two looks at the context: a look costs a
// lock-free read, an event some microseconds.
const stopEvery = 256

// A rereader reads again the bodies that release took out of memory.
type rereader struct {
	read     func(*content.File) ([]byte, error) // Options.Reread
	released map[string]releasedBody             // by file path
	seed     maphash.Seed                        // of the sums in released
	mu       sync.Mutex
	err      diag.List // the bodies that could not be read again
}

// New computes every page of the site. The error, if any, is a diag.List
// of problems in Markdown bodies (unknown citations, broken cross-links).
//
// locs holds the dossier as readers of each other language see it (see
// content.Dossier.Localize); a language missing from locs gets the original.
func New(d *content.Dossier, locs map[string]*content.Dossier, cats map[string]*i18n.Catalog, conv *markdown.Converter, opts Options) (*Site, error) {
	base := cmp.Or(opts.BaseURL, d.Config.BaseURL)
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	s := &Site{BaseURL: base, Langs: d.Config.Languages, Catalogs: map[string]*i18n.Catalog{}, Offline: opts.Offline, Favicon: opts.Favicon, Search: map[string]*search.Index{}, Files: map[string][]byte{}, updated: opts.Updated,
		numbers: sourceNumbers(d)}
	var diags diag.List
	for _, lang := range s.Langs {
		ld := d
		if loc := locs[lang]; loc != nil {
			ld = loc
		}
		// The dossier's own wording (site.yaml's strings:) replaces the
		// theme's, for pages and templates alike.
		s.Catalogs[lang] = cats[lang].With(ld.Config.Strings)
	}
	// The languages are built at once, each by its own builder, which only
	// reads what they share; their pages are then put in order.
	type built struct {
		b        *builder
		pages    []*Page
		notFound *Page
	}
	out := make([]built, len(s.Langs))
	var wg sync.WaitGroup
	for i, lang := range s.Langs {
		ld := d
		if loc := locs[lang]; loc != nil {
			ld = loc
		}
		b := &builder{
			s: s, d: ld, lang: lang, cat: s.Catalogs[lang], conv: conv,
			prefix: map[bool]string{true: "", false: i18n.PathPrefix(lang)}[i == 0],
			docs:   map[docKey]*converted{}, convs: opts.Conversions, openData: map[string][]DataLink{},
			ctx: opts.Context,
		}
		wg.Go(func() {
			out[i].b = b
			b.analyze()
			if len(b.diags) == 0 && !b.stopped() {
				out[i].pages = b.pages()
				if i == 0 && !s.Offline {
					out[i].notFound = b.notFound()
				}
			}
		})
	}
	wg.Wait()
	if ctx := opts.Context; ctx != nil && ctx.Err() != nil {
		return nil, ctx.Err()
	}
	for _, o := range out {
		// The site outlives the build's context: what it computes later
		// (Rebody, the pages' views) must not stop.
		o.b.ctx = nil
	}
	for i, o := range out {
		diags.Append(o.b.diags)
		s.Warnings.Append(o.b.warnings)
		s.Pages = append(s.Pages, o.pages...)
		if i == 0 {
			s.NotFound = o.notFound
			s.Bodies = o.b.bodies
		}
		s.builders = append(s.builders, o.b)
	}
	if err := diags.Err(); err != nil {
		return nil, err
	}
	s.indexes = new(indexOnce)
	if opts.Reread != nil && opts.Conversions == nil {
		s.reread = &rereader{read: opts.Reread}
		s.reread.release(s.Langs, d, locs)
	}
	return s, nil
}

// DropText drops what only the search index of lang and the open data
// read once the pages are computed: the index, and the plain text of the
// language's bodies (markdown.Doc.Text; Bodies holds the first
// language's). A build calls it for each language once it has written
// the language's index and the open data, so that a large site does not
// hold the text of every body while the rest of its pages are laid out.
// Only a site made with Options.Reread drops anything: a preview's next
// build reuses its conversions.
func (s *Site) DropText(lang string) {
	i := slices.Index(s.Langs, lang)
	if s.reread == nil || i < 0 || i >= len(s.builders) {
		return
	}
	for _, doc := range s.builders[i].bodies {
		doc.Text = ""
	}
	s.Search[lang] = nil
}

// A releasedBody is what release keeps of a body it takes out of memory,
// to tell that the body read again is the one analysed.
type releasedBody struct {
	size int
	sum  uint64
}

// release takes the Markdown bodies of d and of its localized dossiers
// out of memory (and the translation files Localize read), keeping of
// each its size and sum: body reads it again. A path whose files hold
// different bodies, or a body holding a NUL byte (see marked), neither
// of which a dossier Load reads has, keeps its bodies.
func (s *rereader) release(langs []string, d *content.Dossier, locs map[string]*content.Dossier) {
	s.seed = maphash.MakeSeed()
	s.released = map[string]releasedBody{}
	var files []*content.File
	mixed := map[string]bool{}
	for _, lang := range langs {
		ld := d
		if loc := locs[lang]; loc != nil {
			ld = loc
		}
		for _, f := range ld.Files() {
			if len(f.Body) == 0 {
				continue
			}
			r := releasedBody{size: len(f.Body), sum: maphash.Bytes(s.seed, f.Body)}
			if old, ok := s.released[f.Path]; ok && old != r || bytes.IndexByte(f.Body, 0) >= 0 {
				mixed[f.Path] = true
			}
			s.released[f.Path] = r
			files = append(files, f)
		}
	}
	for _, f := range files {
		if mixed[f.Path] {
			delete(s.released, f.Path)
			continue
		}
		f.Body = nil
	}
	for _, tfs := range d.Translations {
		for _, tf := range tfs {
			tf.Body = nil // Localize has read them
		}
	}
}

// body returns the Markdown body of f: as read, or, if release took it
// out of memory, read again. A body that cannot be read again, or is
// not the one analysed (the file was saved during the build), is
// recorded for Err and returned empty.
func (s *Site) body(f *content.File) []byte {
	if f.Body != nil || s == nil || s.reread == nil {
		return f.Body
	}
	return s.reread.body(f)
}

func (s *rereader) body(f *content.File) []byte {
	r, ok := s.released[f.Path]
	if !ok {
		return f.Body
	}
	b, err := s.read(f)
	if err == nil && (len(b) != r.size || maphash.Bytes(s.seed, b) != r.sum) {
		err = errors.New("the file changed while the site was being built")
	}
	if err != nil {
		s.mu.Lock()
		s.err.Add(f.Path, 0, 0, "cannot read the body again to lay its page out (%v); build again", err)
		s.mu.Unlock()
		return nil
	}
	return b
}

// Err reports the bodies that could not be read again while the pages
// were laid out (see Options.Reread): a site with any must not be
// published, since their pages lack them.
func (s *Site) Err() error {
	if s.reread == nil {
		return nil
	}
	s.reread.mu.Lock()
	defer s.reread.mu.Unlock()
	return slices.Clone(s.reread.err).Err()
}

// Check converts every Markdown body of d and reports the problems found
// (unknown citations, broken cross-links), without building pages. It works
// on a dossier that failed to load, so that a build reports every problem
// at once. convs, when set, is the cache of conversions a preview keeps (see
// Options.Conversions).
func Check(d *content.Dossier, conv *markdown.Converter, convs *Conversions) diag.List {
	b := &builder{d: d, lang: d.Config.Languages[0], conv: conv, docs: map[docKey]*converted{}, convs: convs}
	b.analyze()
	return b.diags
}

// needsCitations reports whether every paragraph of f must cite a source:
// all content but the free pages (About, Method), which are editorial.
func needsCitations(f *content.File) bool {
	return !strings.HasPrefix(f.Path, content.Dir+"/pages/")
}

// builder builds the pages of one language.
type builder struct {
	s        *Site
	d        *content.Dossier
	lang     string
	prefix   string // "" or "vi/"
	cat      *i18n.Catalog
	conv     *markdown.Converter
	diags    diag.List
	warnings diag.List

	convs *Conversions    // kept from the build before, or nil
	ctx   context.Context // Options.Context, or nil
	mu    sync.Mutex      // guards docs and openData
	docs  map[docKey]*converted

	// answerSum is the answerSum of the dossier, made by analyze; 0 if
	// unknown (Rebody's builder).
	answerSum uint64

	// Computed by analyze.
	bodies map[string]*markdown.Doc // by file path, converted with depthMark (see marked): use no Href of them
	backlinks
	timelineCut

	openData map[string][]DataLink // Layout.OpenData, by the link to data/

	// related's scratch space (relScratch): views are computed as pages
	// are rendered, in parallel, each with scratch space of its own.
	relScratch sync.Pool

	// items holds, by position in d.Events, the event's items made so
	// far (eventItem), by the depth of the pages that show them.
	items []eventItems
	// relKept, in a preview, holds the related events of the builds
	// before, if they were computed from the same (index).
	relKept *relatedKept
}

// eventItems are the items of one event made so far, by the depth of the
// pages that show them: a page's items depend on its depth only, and an
// event listed on thousands of pages (the timeline, every entity's and
// source's page) is made once per depth.
type eventItems struct {
	mu      sync.Mutex
	byDepth [6]*EventItem // deep enough for a tag page in a second language (vi/timeline/tags/x/)
}

// backlinks are what analyze computes of the bodies and the front matter
// for the pages that link to each other (index).
type backlinks struct {
	eventRefs    map[string][]string // event id: cited source ids, numbered in order
	eventsBySrc  map[string][]*content.Event
	eventsByEnt  map[string][]*content.Event
	sourcesByEnt map[string][]*content.Source
	discBySrc    map[string][]*content.Discrepancy
	discByEvent  map[string][]*content.Discrepancy
	eventIndex   map[*content.Event]int // position in d.Events
	bg           []bool                 // by position: a background event
	rank         []int                  // by position: the rank by start date, then id
	byEnt        map[string][]int       // eventsByEnt, as positions
	entsOf       [][]string             // by position: eventEntities
}

// timelineCut is how the timeline is cut into pages (indexTimeline),
// which the length of the bodies' summaries decides, and what the pages
// take from the front matter alone.
type timelineCut struct {
	parts  *[]timelinePart // timelineParts, once computed
	partOf []int           // by position: the index of the event's part (timelinePath)
	timelineFacets
}

// timelineFacets are what the timeline's pages take from the front matter
// alone (indexTimeline).
type timelineFacets struct {
	places   map[string]bool   // placeIDs, once computed
	tagSlugs map[string]string // tagSlug, once computed
	bgTitle  string            // backgroundTitle, once computed
}

// relScratch is related's scratch space, by event position; zero between
// calls.
type relScratch struct {
	score   []float64
	scored  []bool
	touched []int // the positions scored
}

// converted is a body converted once, however many pages ask for it at
// once.
type converted struct {
	once sync.Once
	doc  *markdown.Doc
}

type docKey struct {
	path  string
	depth int // -1 for a conversion with depthMark, for every depth
	root  string
}

func (b *builder) t(key string, args ...any) string { return b.cat.T(key, args...) }

// doc converts a body for a page at the given link position. A body is
// converted once per language (see marked): its links climb to the site
// root by a mark that Page.ResolveLinks replaces for the page's depth when
// the page is laid out, since relative links depend only on it. A body
// is so held in memory once, however many pages at different depths show
// it or its summary: a body of a million citations is 100 MB of HTML.
// Conversions for absolute links (404.html) are cached by root. In a
// build, the Doc has no HTML (see html); in a preview, it is whole.
func (b *builder) doc(f *content.File, l linker) *markdown.Doc {
	d, _ := b.marked(f, l)
	return d
}

// marked returns the body converted once for every depth, with depthMark
// in its links, and true; or, for absolute links or a body holding a NUL
// (which could pass for the mark), the body converted for l alone, and
// false.
func (b *builder) marked(f *content.File, l linker) (*markdown.Doc, bool) {
	l.byDepth, l.inLang = true, false // the docKey holds the depth alone
	if l.root == "" {
		m := l
		m.marked = true
		k := docKey{f.Path, -1, ""}
		// A body converted with the mark has no NUL: pages ask for
		// bodies and summaries many times, and need not look again.
		if c := b.converted(k, false); c != nil {
			return c.of(b, f, m, k), true
		}
		if bytes.IndexByte(f.Body, 0) < 0 {
			return b.convert(f, m, k), true
		}
	}
	return b.convert(f, l, docKey{f.Path, strings.Count(l.from, "/"), l.root}), false
}

// html returns the HTML of a body, for a page at l, with its links marked
// as the body's are (see doc). A build converts each body's HTML only
// when it lays out the page that shows it, and keeps none: analyze
// analysed every body (markdown.Converter.Analyze), and holds what the
// pages need of the others, which is a fraction of their HTML. A preview
// (Options.Conversions) keeps every conversion whole, for its next build.
func (b *builder) html(f *content.File, l linker) template.HTML {
	d, marked := b.marked(f, l)
	if b.convs != nil {
		return d.HTML
	}
	l.byDepth = true
	l.marked = marked
	r := resolver{d: b.d, link: l, cat: b.cat, prefix: idPrefix(f.Path), numbers: b.s.numbers}
	h, err := b.conv.HTML(b.s.body(f), r)
	if err != nil {
		// analyze converted the same body with the same answers, and
		// the build stops at any problem it found.
		panic(fmt.Sprintf("site: %s: analysed but cannot be converted: %v", f.Path, err))
	}
	return h
}

// summary is the first paragraph of a body, for a page at l, with its
// links marked as the body's are (see doc).
func (b *builder) summary(f *content.File, l linker) template.HTML {
	return b.doc(f, l).Summary
}

// convert converts a body with links made by l, once for each k. The
// lock is held only to find k's entry: different bodies convert at once.
func (b *builder) convert(f *content.File, l linker, k docKey) *markdown.Doc {
	return b.converted(k, true).of(b, f, l, k)
}

// converted returns the entry of k, which it makes if asked to (add), or
// nil.
func (b *builder) converted(k docKey, add bool) *converted {
	b.mu.Lock()
	defer b.mu.Unlock()
	c, ok := b.docs[k]
	if !ok && add {
		c = &converted{}
		b.docs[k] = c
	}
	return c
}

// of returns the body f converted with links made by l, its entry k's
// conversion, made by the first to ask.
func (c *converted) of(b *builder, f *content.File, l linker, k docKey) *markdown.Doc {
	c.once.Do(func() {
		d, err := b.convertNow(f, l, k)
		if err != nil {
			b.mu.Lock()
			b.diags.Add(f.Path, 0, 0, "cannot render Markdown: %v", err)
			b.mu.Unlock()
			d = &markdown.Doc{}
		}
		c.doc = d
	})
	return c.doc
}

// convertNow converts a body, or takes its conversion from the build
// before when that still holds (see Conversions).
func (b *builder) convertNow(f *content.File, l linker, k docKey) (*markdown.Doc, error) {
	r := resolver{d: b.d, link: l, cat: b.cat, prefix: idPrefix(f.Path), sum: b.answerSum}
	if b.s != nil {
		r.numbers = b.s.numbers
	}
	if b.convs == nil {
		return b.conv.Analyze(b.s.body(f), r)
	}
	ck := convKey{lang: b.lang, prefix: b.prefix, offline: l.offline, doc: k}
	if cv, ok := b.convs.get(ck, f.Body, r); ok {
		return cv.doc, cv.err
	}
	rec := &recorder{r: r}
	d, err := b.conv.Convert(f.Body, rec)
	cv := &conversion{body: f.Body, link: l, asked: rec.asked, doc: d, err: err}
	cv.sum.Store(r.sum)
	b.convs.put(ck, cv)
	return d, err
}

// analyze converts every body once, reporting its problems, and computes
// the backlinks every page needs.
func (b *builder) analyze() {
	d := b.d
	if b.convs != nil && b.s != nil {
		b.answerSum = answerSum(b.convs.seed, d, b.s.numbers)
	}
	b.bodies = map[string]*markdown.Doc{}
	root := linker{from: b.prefix, prefix: b.prefix, offline: b.s != nil && b.s.Offline} // the home page uses these
	for i, f := range b.d.Files() {
		if i%stopEvery == 0 && b.stopped() {
			return
		}
		doc, _ := b.marked(f, root)
		b.bodies[f.Path] = doc
		for _, p := range doc.Problems {
			line, col := markdown.Position(f.Body, p.Offset)
			b.diags.Add(f.Path, f.BodyLine+line-1, col, "%s", p.Msg)
		}
		if needsCitations(f) {
			for _, off := range doc.Uncited {
				line, col := markdown.Position(f.Body, off)
				b.warnings.Add(f.Path, f.BodyLine+line-1, col, "this paragraph cites no source; cite the source of what it says as [@source-id], or move editorial text to a page of content/pages/")
			}
		}
	}
	for _, e := range d.Events {
		b.checkCited(e)
	}
	if d.Home != nil && d.Home.Generated() {
		b.bodies[d.Home.Path], _ = b.marked(&d.Home.File, root)
	}
	if b.convs == nil {
		for _, doc := range b.bodies {
			slim(doc)
		}
	}
	if b.stopped() {
		return
	}
	b.index()
}

// stopped reports whether the build's context (Options.Context) is done.
func (b *builder) stopped() bool { return b.ctx != nil && b.ctx.Err() != nil }

// slim drops from a build's analysis of a body what no page needs once
// analyze has reported its problems: where they are, and of its
// cross-links all but the entities' Kind and ID. A large dossier holds
// every body's analysis (New), and these were a fifth of it. A preview's
// analyses are its Conversions' and stay whole.
func slim(doc *markdown.Doc) {
	doc.Problems, doc.CitedAt, doc.Uncited = nil, nil, nil
	n := 0
	for _, t := range doc.Links {
		if t.Kind == "entities" {
			doc.Links[n] = markdown.Target{Kind: t.Kind, ID: t.ID}
			n++
		}
	}
	// A copy, not the list cut short: the list's array held every link
	// as converted, hrefs and titles too (and even an empty slice of it
	// would keep it).
	if n == 0 {
		doc.Links = nil
	} else {
		doc.Links = slices.Clone(doc.Links[:n])
	}
}

// index computes, from the bodies analyze converted, the backlinks every
// page needs.
func (b *builder) index() {
	d := b.d
	b.eventRefs = make(map[string][]string, len(d.Events))
	b.eventsBySrc = make(map[string][]*content.Event, len(d.Sources))
	b.eventsByEnt = make(map[string][]*content.Event, len(d.Entities))
	b.sourcesByEnt = map[string][]*content.Source{}
	b.discBySrc = map[string][]*content.Discrepancy{}
	b.discByEvent = map[string][]*content.Discrepancy{}
	b.eventIndex = make(map[*content.Event]int, len(d.Events))
	b.byEnt = make(map[string][]int, len(d.Entities))
	b.entsOf = make([][]string, len(d.Events))
	b.bg = make([]bool, len(d.Events))
	b.rank = make([]int, len(d.Events))
	b.items = make([]eventItems, len(d.Events))
	byDateID := make([]int, len(d.Events))
	start := d.Config.Period.Start.First()
	for i, e := range d.Events {
		b.bg[i] = e.Date.Start.Last().Before(start)
		byDateID[i] = i
	}
	slices.SortFunc(byDateID, func(x, y int) int {
		return cmp.Or(d.Events[x].Date.Start.Compare(d.Events[y].Date.Start), strings.Compare(d.Events[x].ID, d.Events[y].ID))
	})
	for r, i := range byDateID {
		b.rank[i] = r
	}
	for i, e := range d.Events {
		b.eventIndex[e] = i
		refs := slices.Clone(b.bodies[e.Path].Cited)
		for _, r := range e.Sources {
			if !slices.Contains(refs, r.ID) {
				refs = append(refs, r.ID)
			}
		}
		b.eventRefs[e.ID] = refs
		for _, id := range refs {
			b.eventsBySrc[id] = append(b.eventsBySrc[id], e)
		}
		b.entsOf[i] = b.eventEntities(e)
		for _, id := range b.entsOf[i] {
			b.eventsByEnt[id] = append(b.eventsByEnt[id], e)
			b.byEnt[id] = append(b.byEnt[id], i)
		}
	}
	if b.convs != nil {
		b.relKept = b.convs.relatedFor(b.lang+" "+b.prefix, b.relatedKey(b.convs.seed))
	}
	for _, s := range d.Sources {
		for _, id := range b.sourceEntities(s) {
			b.sourcesByEnt[id] = append(b.sourcesByEnt[id], s)
		}
	}
	for _, x := range d.Discrepancies {
		var seen []string
		for _, c := range x.Claims {
			if !slices.Contains(seen, c.Source.ID) {
				seen = append(seen, c.Source.ID)
				b.discBySrc[c.Source.ID] = append(b.discBySrc[c.Source.ID], x)
			}
		}
		for _, e := range x.Events {
			b.discByEvent[e.ID] = append(b.discByEvent[e.ID], x)
		}
	}
}

// checkCited reports each source e's body cites that its sources: key
// does not list.
func (b *builder) checkCited(e *content.Event) {
	doc := b.bodies[e.Path]
	for _, id := range doc.Cited {
		if !slices.ContainsFunc(e.Sources, func(r content.Ref) bool { return r.ID == id }) && b.d.Source(id) != nil {
			line, col := markdown.Position(e.Body, doc.CitedAt[id])
			b.diags.Add(e.Path, e.BodyLine+line-1, col, "the body cites %q, which is not in this event's sources; add it to sources:, which lists every source that reports the event", id)
		}
	}
}

// eventEntities lists the entities an event involves: its actors and
// places, the speakers of its quotes and the entities its body links to.
func (b *builder) eventEntities(e *content.Event) []string {
	if i, ok := b.eventIndex[e]; ok && b.entsOf[i] != nil {
		return b.entsOf[i]
	}
	var ids []string
	add := func(id string) {
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	for _, r := range e.Actors {
		add(r.ID)
	}
	for _, r := range e.Places {
		add(r.ID)
	}
	for _, q := range e.Quotes {
		if q.By != nil {
			add(q.By.ID)
		}
	}
	for _, t := range b.bodies[e.Path].Links {
		if t.Kind == "entities" {
			add(t.ID)
		}
	}
	return ids
}

func (b *builder) sourceEntities(s *content.Source) []string {
	var ids []string
	for _, r := range s.Mentions {
		ids = append(ids, r.ID)
	}
	for _, t := range b.bodies[s.Path].Links {
		if t.Kind == "entities" && !slices.Contains(ids, t.ID) {
			ids = append(ids, t.ID)
		}
	}
	return ids
}

// pages builds every page of the language.
func (b *builder) pages() []*Page {
	d := b.d
	b.indexTimeline()
	var ps []*Page
	// add makes a page (see page) and lists it.
	add := func(path, title string, f *content.File, tmpl string, data func(l linker) View, sub subject) *Page {
		p := b.page(path, title, f, tmpl, data, sub)
		ps = append(ps, p)
		return p
	}
	period := cardDate(b.when(content.Span{Start: d.Config.Period.Start, End: d.Config.Period.End}))
	add("", d.Home.Title, &d.Home.File, "home", b.home, subject{node: b.ldWebSite, card: cardText{date: period}, files: func() []*content.File { return b.gathered("") }})
	views := map[string]func(linker) View{
		"timeline": b.timeline, "membership": b.membership, "sources": b.sources,
		"entities": b.entities, "discrepancies": b.discrepancies,
	}
	for _, sec := range b.sections() {
		ct := cardText{}
		if sec == "timeline" {
			ct.date = period
		}
		add(sec+"/", b.sectionTitle(sec), nil, sec, views[sec], subject{card: ct, files: func() []*content.File { return b.gathered(sec) }})
	}
	add(SearchPath, b.t("search.title"), nil, "search", b.searchPage, subject{})
	compact := b.t("timeline.view.compact")
	if b.timelineParts() == nil {
		add("timeline/compact/", b.t("timeline.part", b.sectionTitle("timeline"), compact), nil, "timeline",
			func(l linker) View { return b.timelinePage(l, -1, true) }, subject{card: cardText{date: period}, files: func() []*content.File { return b.gathered("timeline") }})
	}
	for i, part := range b.timelineParts() {
		title := b.t("timeline.part", b.sectionTitle("timeline"), part.label)
		files := func() []*content.File { return eventFiles(part.events) }
		add("timeline/"+part.slug+"/", title, nil, "timeline", func(l linker) View { return b.timelinePage(l, i, false) }, subject{files: files})
		add("timeline/"+part.slug+"/compact/", b.t("timeline.part", title, compact), nil, "timeline",
			func(l linker) View { return b.timelinePage(l, i, true) }, subject{files: files})
	}
	if b.stopped() {
		return nil
	}
	tags := b.tagPages()
	for i, p := range tags {
		add(p.path(), b.tagTitle(p), nil, "timeline", func(l linker) View { return b.tagView(l, tags, i) }, subject{files: func() []*content.File { return eventFiles(p.events) }})
	}
	for i, e := range d.Events {
		if i%stopEvery == 0 && b.stopped() {
			return nil
		}
		ps = append(ps, b.eventPage(e))
	}
	for _, s := range d.Sources {
		ps = append(ps, b.sourcePage(s))
	}
	for _, e := range d.Entities {
		ps = append(ps, b.entityPage(e))
	}
	for _, p := range d.Pages {
		ps = append(ps, b.freePagePage(p))
	}
	return ps
}

// page makes the page at path (in the language's directory) titled
// title, whose view data computes: tmpl names its template. f is the
// content file the page shows, nil for pages that gather many; sub is
// what the page is about, for machines (meta.go).
func (b *builder) page(path, title string, f *content.File, tmpl string, data func(l linker) View, sub subject) *Page {
	l := linker{from: b.prefix + path, prefix: b.prefix, offline: b.s.Offline}
	p := &Page{Path: l.from, Lang: b.lang, tmpl: tmpl, view: func() View { return data(l) }, ld: b.jsonLD(l.from, sub)}
	p.lay = func() *Layout {
		lay := b.layout(l, path, title)
		if f != nil {
			b.notice(lay, f)
			lay.Draft = f.Draft
		}
		var files []*content.File
		if sub.files != nil {
			files = sub.files()
		}
		b.social(lay, f, files, sub.card)
		lay.Description = truncate(cmp.Or(sub.summary, b.d.Config.Description), 200)
		b.meta(lay, sub)
		return lay
	}
	return p
}

// The pages of one content file each: an event's, a source's, an
// entity's, a free page's.

func (b *builder) eventPage(e *content.Event) *Page {
	p := b.page("events/"+e.ID+"/", e.Title, &e.File, "event", func(l linker) View { return b.event(l, e) },
		subject{summary: b.bodies[e.Path].SummaryText, article: true, node: func(lay *Layout) any { return b.ldEvent(e, lay) },
			card: cardText{kind: b.t("card.event"), date: cardDate(b.when(e.Date))}})
	p.start = e.Date.Start.Time()
	return p
}

func (b *builder) sourcePage(s *content.Source) *Page {
	return b.page("sources/"+s.ID+"/", s.Title, &s.File, "source", func(l linker) View { return b.source(l, s) },
		subject{summary: b.bodies[s.Path].SummaryText, article: true, node: func(lay *Layout) any { return b.ldSourcePage(s, lay) },
			card: cardText{kind: b.t("card.source"), date: b.date(s.Published.Date)}})
}

func (b *builder) entityPage(e *content.Entity) *Page {
	return b.page("entities/"+e.ID+"/", e.Name, &e.File, "entity", func(l linker) View { return b.entity(l, e) },
		subject{node: func(lay *Layout) any { return b.ldEntityPage(e, lay) }, card: cardText{kind: b.term("entity_kinds", e.Kind.Value)}})
}

func (b *builder) freePagePage(p *content.Page) *Page {
	return b.page(p.ID+"/", p.Title, &p.File, "page", func(l linker) View { return b.freePage(l, p) }, subject{})
}

// hasSection reports whether the dossier has content for a section: a site
// without membership.yaml has no membership page, one without
// discrepancies no page listing them.
func (b *builder) hasSection(sec string) bool {
	switch sec {
	case "membership":
		return b.d.Membership != nil
	case "discrepancies":
		return len(b.d.Discrepancies) > 0
	}
	return true
}

// sections returns the sections the site has, in the order of the menu:
// site.yaml's menu, or the default order. A section left out of the menu
// still has its page.
func (b *builder) sections() []string {
	var out []string
	for _, m := range b.d.Config.Menu {
		if b.hasSection(m.Section) {
			out = append(out, m.Section)
		}
	}
	for _, sec := range content.Sections() {
		if b.hasSection(sec) && !slices.Contains(out, sec) {
			out = append(out, sec)
		}
	}
	return out
}

// sectionTitle names a section, as site.yaml's menu renames it or as the
// theme does.
func (b *builder) sectionTitle(sec string) string {
	for _, m := range b.d.Config.Menu {
		if m.Section == sec && m.Label != "" {
			return m.Label
		}
	}
	return b.t("nav." + sec)
}

// menu returns the sections of the main menu: those site.yaml lists, or
// all of them.
func (b *builder) menu() []string {
	if len(b.d.Config.Menu) == 0 {
		return b.sections()
	}
	var out []string
	for _, m := range b.d.Config.Menu {
		if b.hasSection(m.Section) {
			out = append(out, m.Section)
		}
	}
	return out
}

func (b *builder) layout(l linker, path, title string) *Layout {
	section, _, _ := strings.Cut(path, "/")
	var nav []NavLink
	for _, sec := range b.menu() {
		nav = append(nav, NavLink{
			Text: b.sectionTitle(sec), Href: l.to(sec + "/"),
			Current: section == sec || section == "events" && sec == "timeline",
		})
	}
	var footer []NavLink
	for _, p := range b.d.Pages {
		footer = append(footer, NavLink{Text: p.Title, Href: l.to(p.ID + "/"), Current: path == p.ID+"/"})
	}
	lay := &Layout{
		Lang:      b.lang,
		Dir:       b.dir(),
		Title:     title,
		SiteTitle: b.d.Config.Title,
		Path:      b.prefix + path,
		Canonical: b.s.absURL(b.prefix + path),
		Home:      l.to(""),
		Nav:       nav,
		Footer:    footer,
		CSS:       []string{l.abs("css/site.css"), l.abs("css/chroma.css")},
		Feed:      l.abs(b.prefix + "feed.xml"),
		Search:    b.searchBox(l),
	}
	if b.s.Favicon != "" {
		lay.Favicon = l.abs(b.s.Favicon)
	}
	if lic := b.d.Config.License; lic != nil {
		lay.License = &Link{Text: lic.Name, Href: lic.URL}
	}
	lay.CiteAs = b.d.Config.CiteAs
	lay.Editors, lay.Corrections = b.editors()
	// Pages at one depth share their links to the open data, which are
	// the same: a large site has tens of thousands of pages.
	dir := l.abs("data/")
	b.mu.Lock()
	if lay.OpenData = b.openData[dir]; lay.OpenData == nil {
		lay.OpenData = b.dataLinks(l)
		b.openData[dir] = lay.OpenData
	}
	b.mu.Unlock()
	for i, lang := range b.s.Langs {
		prefix := ""
		if i > 0 {
			prefix = i18n.PathPrefix(lang)
		}
		lay.Alternates = append(lay.Alternates, Alternate{
			Lang: lang, Name: b.cat.Autonym(lang), Href: l.abs(prefix + path),
			URL: b.s.absURL(prefix + path), Current: lang == b.lang,
		})
	}
	return lay
}

// notice tells readers when the text of a page is not (or no longer) a
// translation into their language.
func (b *builder) notice(lay *Layout, f *content.File) {
	switch f.Status.State {
	case content.Missing:
		lay.Notice = b.t("translation.missing", b.cat.LanguageName(b.s.Langs[0]))
		lay.NoticeKind = "untranslated"
		lay.ContentLang = b.s.Langs[0]
	case content.Stale:
		lay.Notice = b.t("translation.stale")
		lay.NoticeKind = "stale"
	}
}

// textLang returns the language of a file's text when it differs from the
// page's: the original's, for a file not translated.
func (b *builder) textLang(f *content.File) string {
	if f.Status.State == content.Missing {
		return b.s.Langs[0]
	}
	return ""
}

// absURL makes an absolute URL from a site path.
func (s *Site) absURL(p string) string {
	return s.BaseURL + p
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s // no more runes than bytes
	}
	// The first n runes: a slice of s where it is valid UTF-8, so that
	// every page's description, computed as it is laid out, does not copy
	// its summary twice.
	cut := s
	if utf8.ValidString(s) {
		i := 0
		for range n {
			if i == len(s) {
				return s
			}
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
		}
		if i == len(s) {
			return s
		}
		cut = s[:i]
	} else {
		r := []rune(s)
		if len(r) <= n {
			return s
		}
		cut = string(r[:n])
	}
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,.;:") + "…"
}

func (b *builder) when(sp content.Span) When {
	w := When{ISO: sp.Start.String(), Text: b.withTime(sp.Start)}
	if sp.IsRange() {
		w.EndISO, w.EndText = sp.End.String(), b.withTime(sp.End)
		w.Range = b.cat.DateRange(i18nDate(sp.Start), i18nDate(sp.End))
		// The catalogue's compact ranges know no times of day: two times
		// of one day share the day, others are written in full.
		a, z := sp.Start, sp.End
		switch {
		case a.HasTime() && z.HasTime() && a.DateOnly() == z.DateOnly() && a.Offset == z.Offset:
			w.Range = b.t("date.time", b.date(a), b.t("date.pattern.range", b.cat.Time(a.Hour, a.Min), b.cat.Time(z.Hour, z.Min)), a.Zone())
		case a.HasTime() || z.HasTime():
			w.Range = b.t("date.pattern.range", w.Text, w.EndText)
		}
	}
	return w
}

func i18nDate(d content.Date) i18n.Date { return i18n.Date{Year: d.Year, Month: d.Month, Day: d.Day} }

// withTime writes a date with its time of day, if it has one, and the
// time's offset from UTC: "5 January 2022, 23:40 (UTC+6)". Content has
// already put the time in the site's zone.
func (b *builder) withTime(d content.Date) string {
	if !d.HasTime() {
		return b.date(d)
	}
	return b.t("date.time", b.date(d), b.cat.Time(d.Hour, d.Min), d.Zone())
}

func (b *builder) date(d content.Date) string {
	return b.cat.Date(d.Year, d.Month, d.Day)
}

// cite refers to a source by its number (numbers.go).
func (b *builder) cite(l linker, id string) Cite {
	s := b.d.Source(id)
	c := Cite{Num: b.s.numbers[id], ID: id, Href: l.page("sources", id)}
	if s != nil {
		c.Title = s.Title
		c.Short = b.short(s)
	}
	return c
}

// short is a badge label for a source: its publisher, or failing that its
// language and date.
func (b *builder) short(s *content.Source) string {
	if s.Short != "" {
		return s.Short
	}
	if s.Publisher != "" && s.Publisher != "unknown" {
		return s.Publisher
	}
	return fmt.Sprintf("%s, %s", b.cat.LanguageName(s.Language), b.date(s.Published.Date))
}

// cites refers to sources in the order of their numbers.
func (b *builder) cites(l linker, ids []string) []Cite {
	cs := make([]Cite, len(ids))
	for i, id := range ids {
		cs[i] = b.cite(l, id)
	}
	slices.SortFunc(cs, func(x, y Cite) int { return x.Num - y.Num })
	return cs
}

func (b *builder) entityLink(l linker, id string) Link {
	e := b.d.Entity(id)
	return Link{Text: e.Name, Href: l.page("entities", id)}
}

func (b *builder) eventLink(l linker, e *content.Event) Link {
	return Link{Text: e.Title, Href: l.page("events", e.ID)}
}

// eventItem is the item of event e in a list of events on the page at l.
// Its links climb to the root of the page's language (linker.byDepth,
// inLang), so that it depends on the page's depth alone, and is made once
// per depth (items).
func (b *builder) eventItem(l linker, e *content.Event) EventItem {
	l.byDepth, l.inLang = true, true
	depth := strings.Count(l.from, "/")
	i, ok := b.eventIndex[e]
	if !ok || l.root != "" || depth >= len(eventItems{}.byDepth) || b.items == nil {
		return b.makeEventItem(l, e)
	}
	slot := &b.items[i]
	slot.mu.Lock()
	defer slot.mu.Unlock()
	if it := slot.byDepth[depth]; it != nil {
		return *it
	}
	it := b.makeEventItem(l, e)
	slot.byDepth[depth] = &it
	return it
}

func (b *builder) makeEventItem(l linker, e *content.Event) EventItem {
	item := EventItem{
		ID: e.ID, Title: e.Title, Href: l.page("events", e.ID),
		When: b.when(e.Date), Inferred: e.Inferred,
		Summary:      b.summary(&e.File, l),
		SingleSource: len(e.Sources) == 1,
		Lang:         b.textLang(&e.File),
		Corroborated: b.corroborated(e),
		DayHref:      b.dayHref(l, e),
	}
	// The badges show the sources that report the event, by number.
	item.Sources = make([]Cite, 0, len(e.Sources))
	for _, r := range e.Sources {
		item.Sources = append(item.Sources, b.cite(l, r.ID))
	}
	slices.SortFunc(item.Sources, func(x, y Cite) int { return x.Num - y.Num })
	ents := b.eventEntities(e)
	if len(ents) > 0 {
		item.Entities = make([]Link, 0, len(ents))
	}
	for _, id := range ents {
		item.Entities = append(item.Entities, b.entityLink(l, id))
	}
	return item
}

func (b *builder) background(e *content.Event) bool {
	if i, ok := b.eventIndex[e]; ok {
		return b.bg[i]
	}
	return e.Date.Start.Last().Before(b.d.Config.Period.Start.First())
}
