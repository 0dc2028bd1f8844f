// Package markdown turns the Markdown bodies of a dossier into HTML. It
// configures goldmark once, with GitHub tables, footnotes, typographic
// punctuation, heading ids and chroma highlighting, and adds the dossier's
// own syntax as goldmark extensions: citations ([@source-id], see cite.go)
// and cross-links ([[entity-id]], see xref.go). For a site's pages (a
// PageResolver), headings get copy-link anchors (anchor.go).
package markdown

import (
	"bufio"
	"bytes"
	"cmp"
	"fmt"
	"html"
	"html/template"
	"io"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// A Resolver tells the converter where citations and cross-links point.
// Hrefs are relative to the page being rendered.
type Resolver interface {
	// Source returns the link to a source page and the source's title.
	Source(id string) (href, title string, ok bool)
	// Target resolves a cross-link target such as "lisbon" or
	// "events/treaty-signed" to a link and the text to show by default.
	Target(target string) (t Target, err error)
}

// A PageResolver is a Resolver for the bodies of a site's pages, where
// citations and headings do more than in a lone document:
//
//   - SourceNumber gives a source the number it has on every page of the
//     site (0 if it has none), so that [3] is one source everywhere, and
//     not the third cited in this body;
//   - IDPrefix starts the ids of the body's citation popovers, and must
//     differ between the bodies shown on one page;
//   - AnchorLabel names the copy-link anchor written after each heading
//     ("Link to this section: Sources"), in the page's language.
//
// With a plain Resolver, citations are numbered in order of first
// citation, their popover ids start with "cite", and headings have no
// anchor.
type PageResolver interface {
	Resolver
	SourceNumber(id string) int
	IDPrefix() string
	AnchorLabel(heading string) string
}

// A SourceExplainer is a Resolver that can say why a source it does not
// know is missing (a draft left out of the build): the converter then
// reports that instead of an unknown id.
type SourceExplainer interface {
	Missing(id string) error
}

// A Target is what a cross-link resolves to.
type Target struct {
	Href  string
	Text  string // shown when the link gives no text of its own
	Kind  string // entities, events, sources or pages
	ID    string
	Title string // for the title attribute; may be empty
}

// A Problem is an error in a body, at a byte offset of the source.
type Problem struct {
	Offset int
	Msg    string
}

// A Doc is a converted body.
type Doc struct {
	HTML        template.HTML // the whole body
	Summary     template.HTML // the first paragraph, with its citations
	SummaryText string        // the first paragraph as plain text, without citation markers
	Text        string        // the whole body as plain text, so, for the search index
	Cited       []string      // source ids in order of first citation (with a plain Resolver, [n] is Cited[n-1])
	Headings    []Heading     // the headings with an id, in order
	Links       []Target      // resolved cross-links, in order, repeats removed
	Problems    []Problem
	// CitedAt is the byte offset of the first citation of each source.
	CitedAt map[string]int
	// Uncited are the byte offsets of the paragraphs, list items and table
	// rows that state something without citing a source.
	Uncited []int
}

// A Heading is a heading of a body, for a page's list of its sections.
type Heading struct {
	Level int
	ID    string
	Text  string // plain text
}

// Converter converts Markdown. It is safe for concurrent use.
type Converter struct {
	md goldmark.Markdown
}

// New returns a Converter configured for dossier content.
func New() *Converter {
	md := goldmark.New(
		goldmark.WithExtensions(
			extension.GFM,
			extension.Footnote,
			extension.Typographer,
			Citations,
			CrossLinks,
			Highlighting,
		),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		goldmark.WithRendererOptions(gmhtml.WithXHTML(), renderer.WithNodeRenderers(util.Prioritized(anchorRenderer{}, 100))),
	)
	return &Converter{md: md}
}

// state is the per-document state kept in the parser context.
type state struct {
	resolver Resolver
	page     PageResolver // resolver, if it is one
	prefix   string       // of popover ids
	pops     int          // popovers so far
	cited    []string
	sources  map[string]*citedSource // by id
	targets  map[string]*resolved    // cross-link targets, as written
	at       map[string]int          // offset of each id's first citation
	links    []Target
	problems []Problem

	// The end of the last line on which an unclosed citation or
	// cross-link was reported: one report per line is enough.
	unclosedCite, unclosedXref int
}

var stateKey = parser.NewContextKey()

// A citedSource is a source cited in the document, resolved once however
// often it is cited.
type citedSource struct {
	refs    []CiteRef // of one element, shared by the citations of this source alone
	missing string    // why the source is unknown; empty if it is known
}

// source resolves a cited id, at offset in the source, numbering it on
// its first citation, and reports it at offset if it is unknown. The
// slice returned is shared: do not change it.
func (s *state) source(id []byte, offset int) []CiteRef {
	c, ok := s.sources[string(id)]
	if !ok {
		sid := string(id)
		href, title, known := s.resolver.Source(sid)
		label := title
		if l, ok := s.resolver.(Labeler); ok {
			label = l.SourceLabel(sid)
		}
		c = &citedSource{}
		if !known {
			var why error
			if x, can := s.resolver.(SourceExplainer); can {
				why = x.Missing(sid)
			}
			if why != nil {
				c.missing = fmt.Sprintf("citation of %q: %v", sid, why)
			} else {
				c.missing = fmt.Sprintf("citation of unknown source %q; add content/sources/%s.md or fix the id", sid, sid)
			}
		}
		s.cited = append(s.cited, sid)
		num := len(s.cited)
		if s.page != nil {
			num = cmp.Or(s.page.SourceNumber(sid), num)
		}
		c.refs = []CiteRef{{ID: sid, Num: num, Href: href, Title: title, Label: label}}
		s.sources[sid] = c
		s.at[sid] = offset
	}
	if c.missing != "" {
		s.errorf(offset, "%s", c.missing)
	}
	return c.refs
}

// resolved is a cross-link target resolved, once however often it is
// linked.
type resolved struct {
	name string // the target as written
	t    Target
	err  error
}

// target resolves a cross-link target, and adds it to the document's
// links the first time.
func (s *state) target(name []byte) *resolved {
	r, ok := s.targets[string(name)]
	if ok {
		return r
	}
	r = &resolved{name: string(name)}
	r.t, r.err = s.resolver.Target(r.name)
	s.targets[r.name] = r
	if r.err == nil && !slices.ContainsFunc(s.links, func(x Target) bool { return x.Kind == r.t.Kind && x.ID == r.t.ID }) {
		s.links = append(s.links, r.t)
	}
	return r
}

func (s *state) errorf(offset int, format string, args ...any) {
	switch {
	case len(s.problems) < MaxProblems:
		s.problems = append(s.problems, Problem{Offset: offset, Msg: fmt.Sprintf(format, args...)})
	case len(s.problems) == MaxProblems:
		s.problems = append(s.problems, Problem{Offset: offset, Msg: fmt.Sprintf("more than %d problems in this text; fix these and build again to see the rest", MaxProblems)})
	}
}

func getState(pc parser.Context) *state {
	s, _ := pc.Get(stateKey).(*state)
	return s
}

// Convert renders src, resolving citations and cross-links with r.
// Problems are reported in Doc.Problems, not as an error; the error is for
// failures of the converter itself.
func (c *Converter) Convert(src []byte, r Resolver) (*Doc, error) {
	return c.convert(src, r, whole)
}

// Analyze is Convert without the body's HTML: the Doc it returns has every
// other field of Convert's, the same (its Summary a string of its own),
// and an empty HTML. It costs the parse, the first paragraph's rendering
// and the highlighting of code blocks, which the converter keeps for the
// HTML to come (see highlighter); and what it returns is small. So a site
// can analyse every body first, for what its pages need of the others
// (citations, links, summaries, text), and have each body's HTML (HTML)
// only when it lays out the page that shows it, without holding the HTML
// of every body at once.
func (c *Converter) Analyze(src []byte, r Resolver) (*Doc, error) {
	return c.convert(src, r, analysis)
}

// HTML returns Convert's HTML of src, and nothing else: for a body
// analysed already, whose other fields the caller has.
func (c *Converter) HTML(src []byte, r Resolver) (template.HTML, error) {
	d, err := c.convert(src, r, htmlOnly)
	if err != nil {
		return "", err
	}
	return d.HTML, nil
}

// What convert makes: all of a Doc, all of it but the HTML, or the HTML.
type mode int

const (
	whole mode = iota
	analysis
	htmlOnly
)

func (c *Converter) convert(src []byte, r Resolver, m mode) (*Doc, error) {
	st := &state{resolver: r, sources: map[string]*citedSource{}, targets: map[string]*resolved{}, at: map[string]int{}, prefix: "cite"}
	if p, ok := r.(PageResolver); ok {
		st.page, st.prefix = p, p.IDPrefix()
	}
	if off := tooDeep(src); off >= 0 {
		st.errorf(off, "lists or quotations nested deeper than %d levels (or a line indented by more than %d columns); flatten the structure", MaxDepth, 2*MaxDepth)
		return &Doc{Problems: st.problems, CitedAt: st.at}, nil
	}
	pc := parser.NewContext(parser.WithIDs(newIDs()))
	pc.Set(stateKey, st)
	doc := c.md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	headings := anchorHeadings(doc, src, st.page)

	// The blocks are rendered one by one into one buffer, which is what
	// rendering the document does (its own node writes nothing), so that
	// the summary is a slice of the body's HTML, not a second rendering:
	// a first paragraph can be most of a long body.
	var buf chunks
	defer buf.release()
	w := getWriter(&buf)
	defer putWriter(w)
	sumStart, sumEnd := 0, 0
	var first ast.Node
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		isFirst := first == nil && n.Kind() == ast.KindParagraph
		if isFirst {
			first, sumStart = n, buf.Len()
		}
		if m == analysis && !isFirst {
			continue
		}
		if err := c.md.Renderer().Render(w, src, n); err != nil { // flushes w
			return nil, err
		}
		if isFirst {
			sumEnd = buf.Len()
		}
	}
	if m == htmlOnly {
		return &Doc{HTML: template.HTML(buf.String())}, nil
	}
	if m == analysis {
		// The code blocks are highlighted now, so that a failure is one
		// of the analysis, and HTML finds them done.
		if err := c.highlight(doc, src); err != nil {
			return nil, err
		}
	}
	out := &Doc{Cited: st.cited, Links: st.links, Problems: st.problems, CitedAt: st.at, Uncited: uncited(doc, src), Text: plainText(doc, src), Headings: headings}
	if first != nil {
		out.SummaryText = plainText(first, src)
	}
	// The tree is no longer needed: the HTML is joined after it, not
	// beside it, as both are large for a large body.
	doc, first = nil, nil
	body := buf.String()
	out.Summary = template.HTML(body[sumStart:sumEnd])
	if m == whole {
		out.HTML = template.HTML(body)
	}
	return out, nil
}

// highlight renders the fenced code blocks of doc and drops their HTML,
// which the highlighter keeps.
func (c *Converter) highlight(doc ast.Node, src []byte) error {
	w := getWriter(io.Discard)
	defer putWriter(w)
	return ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || n.Kind() != ast.KindFencedCodeBlock {
			return ast.WalkContinue, nil
		}
		return ast.WalkSkipChildren, c.md.Renderer().Render(w, src, n)
	})
}

// chunks gathers a body's HTML in blocks that double in size up to 1 MB
// and joins them once into a string: a body of many megabytes is so
// copied once, where a growing buffer copies it at each doubling and
// again into the string.
type chunks struct {
	list [][]byte
	n    int // bytes written
}

func (c *chunks) Write(b []byte) (int, error) {
	n := len(b)
	c.n += n
	for len(b) > 0 {
		k := len(c.list)
		if k == 0 || len(c.list[k-1]) == cap(c.list[k-1]) {
			if k < len(chunkPools) {
				bp, _ := chunkPools[k].Get().(*[]byte)
				if bp == nil {
					bp = new(make([]byte, 0, 4<<10<<k))
				}
				c.list = append(c.list, (*bp)[:0])
			} else {
				c.list = append(c.list, make([]byte, 0, min(2*cap(c.list[k-1]), 1<<20)))
			}
			k++
		}
		last := c.list[k-1]
		m := min(len(b), cap(last)-len(last))
		c.list[k-1] = append(last, b[:m]...)
		b = b[m:]
	}
	return n, nil
}

// Every body's conversion gathers its HTML in chunks and writes it through
// a bufio.Writer, 8 KB at least: a tenth of the bytes a build allocates,
// for the shipped dossier. The writers and the smaller chunks, which most
// bodies fill, are reused: chunkPools[k] holds chunks of 4 KB << k, the
// k-th chunk's size.
var (
	chunkPools [4]sync.Pool // *[]byte
	writers    sync.Pool    // *bufio.Writer
)

// release gives the chunks that a pool holds back to it; c is empty after.
func (c *chunks) release() {
	for k, b := range c.list {
		if k < len(chunkPools) && cap(b) == 4<<10<<k {
			chunkPools[k].Put(&b)
		}
	}
	*c = chunks{}
}

func getWriter(to io.Writer) *bufio.Writer {
	w, _ := writers.Get().(*bufio.Writer)
	if w == nil {
		return bufio.NewWriter(to)
	}
	w.Reset(to)
	return w
}

func putWriter(w *bufio.Writer) {
	w.Reset(nil)
	writers.Put(w)
}

// Len returns how many bytes have been written.
func (c *chunks) Len() int { return c.n }

func (c *chunks) String() string {
	var s strings.Builder
	s.Grow(c.n)
	for _, b := range c.list {
		s.Write(b)
	}
	return s.String()
}

// uncited returns the offsets of the blocks of doc that hold text but no
// citation: paragraphs (in lists and quotations too) and table rows. A
// block whose text is only punctuation or a link to another page states
// nothing and is left alone.
func uncited(doc ast.Node, src []byte) []int {
	var out []int
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindParagraph, ast.KindTextBlock, extast.KindTableRow:
			if editorial(n.PreviousSibling(), src) {
				return ast.WalkSkipChildren, nil
			}
		case ast.KindHeading, extast.KindTableHeader, extast.KindFootnoteList:
			return ast.WalkSkipChildren, nil
		default:
			return ast.WalkContinue, nil
		}
		cited, words := false, false
		offset := -1
		_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering {
				return ast.WalkContinue, nil
			}
			switch c := c.(type) {
			case *Citation:
				cited = true
				return ast.WalkStop, nil
			case *ast.Text:
				if offset < 0 {
					offset = c.Segment.Start
				}
				if bytes.ContainsFunc(c.Value(src), unicode.IsLetter) {
					words = true
				}
			case *ast.Link, *CrossLink:
				return ast.WalkSkipChildren, nil
			}
			return ast.WalkContinue, nil
		})
		if words && !cited && offset >= 0 {
			out = append(out, offset)
		}
		return ast.WalkSkipChildren, nil
	})
	return out
}

// editorial reports whether n is the marker of editorial text that needs
// no citation, an HTML comment starting "<!-- editorial", which exempts
// the block after it.
func editorial(n ast.Node, src []byte) bool {
	h, ok := n.(*ast.HTMLBlock)
	if !ok || h.Lines().Len() == 0 {
		return false
	}
	first := h.Lines().At(0)
	return bytes.HasPrefix(bytes.TrimSpace(first.Value(src)), []byte("<!-- editorial"))
}

// plainText returns the text of n, for descriptions and feeds: without
// markup, and without citation markers. A citation that stands for its
// source in the sentence ("according to [@a], …", "[@a] reports …") is
// written as the source's short label; one that only backs the sentence
// is left out.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if n.Type() == ast.TypeBlock {
			b.WriteByte(' ') // blocks are apart: "… end. Next …", not "… end.Next …"
		}
		switch n := n.(type) {
		case *Citation:
			if standsForSource(n, src) {
				b.WriteByte(' ')
				for i, r := range n.Refs {
					if i > 0 {
						b.WriteString(", ")
					}
					b.WriteString(r.Label)
				}
				b.WriteByte(' ')
			} else if n.space {
				b.WriteByte(' ')
			}
			return ast.WalkSkipChildren, nil
		case *CrossLink:
			b.WriteString(n.Label)
			if n.space {
				b.WriteByte(' ')
			}
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			b.Write(n.Value(src))
			if n.SoftLineBreak() || n.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.WriteString(html.UnescapeString(string(n.Value))) // the typographer's entities, such as &ldquo;
		}
		return ast.WalkContinue, nil
	})
	return collapseSpace(b.String())
}

// collapseSpace trims s and writes each run of white space in it as one
// space, as strings.Join(strings.Fields(s), " ") does, without a slice of
// every word of a text that may be megabytes long; and none before . , ; :
// ! or ?, where a citation left out or a block's end left one.
func collapseSpace(s string) string {
	s = strings.TrimSpace(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i, r := range s {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && !strings.ContainsRune(".,;:!?", r) {
			b.WriteByte(' ')
		}
		space = false
		_, size := utf8.DecodeRuneInString(s[i:])
		b.WriteString(s[i : i+size]) // as written, invalid UTF-8 too
	}
	return b.String()
}

// standsForSource reports whether a citation is part of its sentence, as a
// noun: at the start of a block, after a preposition, or followed by a
// word that goes on the sentence ("[@a] reports").
func standsForSource(n *Citation, src []byte) bool {
	next := n.NextSibling()
	if t, ok := next.(*ast.Text); ok {
		after := bytes.TrimLeft(t.Value(src), " ")
		if r, _ := utf8.DecodeRune(after); len(after) > 0 && unicode.IsLower(r) {
			return true
		}
	}
	prev := n.PreviousSibling()
	if prev == nil {
		return true
	}
	if t, ok := prev.(*ast.Text); ok {
		// The last word of the text before, found from its end: the
		// text may be a paragraph of megabytes.
		b := bytes.TrimRightFunc(t.Value(src), unicode.IsSpace)
		if len(b) == 0 {
			return false
		}
		last := strings.ToLower(string(b[bytes.LastIndexFunc(b, unicode.IsSpace)+1:]))
		return slices.Contains(prepositions, last)
	}
	return false
}

// prepositions are the words after which a citation names its source, in
// the languages of the built-in catalogues.
var prepositions = []string{"to", "by", "in", "from", "of", "theo", "của", "trong", "selon", "par", "de", "laut", "von", "по", "согласно", "в", "وفق", "حسب"}

// Position converts a byte offset of src into a 1-based line and column,
// counting columns in characters.
func Position(src []byte, offset int) (line, col int) {
	offset = min(max(offset, 0), len(src))
	before := src[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	start := bytes.LastIndexByte(before, '\n') + 1
	return line, utf8.RuneCount(before[start:]) + 1
}
