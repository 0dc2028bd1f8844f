package markdown

import (
	"bytes"
	"html"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Citations is the goldmark extension for Pandoc-style citations:
// [@id] and [@a; @b]. Each citation renders as bracketed numbers. A number
// is a button that opens a popover with the source's label and title,
// linked to the source page; the popover also shows while the number is
// hovered or focused (site.css), so it works by mouse, keyboard and touch,
// and without JavaScript. Numbers are the site's (PageResolver), so a
// source has one number on every page; for a plain Resolver they follow
// the order of first citation in the document (Doc.Cited).
var Citations goldmark.Extender = citations{}

type citations struct{}

// A Labeler gives the short label of a source, used where a citation stands
// for its source in plain text. A Resolver may implement it; otherwise the
// title is used.
type Labeler interface {
	SourceLabel(id string) string
}

// KindCitation is the node kind of a Citation.
var KindCitation = ast.NewNodeKind("Citation")

// A Citation cites one or more sources.
type Citation struct {
	ast.BaseInline
	// Refs are the sources cited, in the order written. Citations of one
	// source share the slice of their source (see state.source): a body
	// may cite the same source thousands of times, so a citation costs
	// one node and no more.
	Refs []CiteRef
	// space is a space after the citation, before the next one.
	space bool
	// pop is the number of the popover of Refs[0] in the document, the
	// others following; prefix starts their ids (PageResolver.IDPrefix).
	pop    int
	prefix string
}

// A CiteRef is one source of a citation.
type CiteRef struct {
	ID    string
	Num   int    // the source's number: the site's, or the document's
	Href  string // empty where the source is unknown
	Title string
	Label string // the source's short label, for plain text and popovers
}

// Kind implements ast.Node.
func (n *Citation) Kind() ast.NodeKind { return KindCitation }

// Dump implements ast.Node.
func (n *Citation) Dump(src []byte, level int) {
	ids := make([]string, len(n.Refs))
	for i, r := range n.Refs {
		ids[i] = r.ID
	}
	ast.DumpHelper(n, src, level, map[string]string{"IDs": strings.Join(ids, ";")}, nil)
}

func (citations) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(citeParser{}, 150)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(citeRenderer{}, 100)))
}

type citeParser struct{}

func (citeParser) Trigger() []byte { return []byte{'['} }

// Parse recognises [@id] and [@a; @b]. Anything else starting with "[@"
// that is not a valid citation is reported, since it is almost always a
// mistyped one.
//
// The work is linear in the line: the scan for the closing ] stops at the
// next [, so each byte is looked at by one opener only, and a run of
// unclosed openers is reported once per line, with a short excerpt.
func (citeParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) < 3 || line[0] != '[' || line[1] != '@' {
		return nil
	}
	st := getState(pc)
	end := closing(line[2:], ']', '[')
	if end < 0 {
		if st != nil && st.unclosedCite != seg.Stop {
			st.unclosedCite = seg.Stop
			st.errorf(seg.Start, "citation %q has no closing ]; write [@source-id]", excerpt(line))
		}
		return nil
	}
	end += 2
	inner := line[1:end]
	// Every id is checked before any is resolved: a citation with a bad
	// id is one problem, not one more for each unknown source in it.
	ids := 0
	for item := range bytes.SplitSeq(inner, []byte(";")) {
		id, ok := bytes.CutPrefix(bytes.TrimSpace(item), []byte("@"))
		if !ok || !validID(id) {
			if st != nil {
				st.errorf(seg.Start, "bad citation [%s]: write [@source-id] or [@a; @b], with ids of lower-case letters, digits and hyphens", excerpt(inner))
			}
			return nil
		}
		ids++
	}
	n := &Citation{}
	// A space between two citations is the first's to write: a run of
	// citations is then one node each, not two (goldmark would make the
	// space a text node), which halves the tree of a long run.
	if rest := line[end+1:]; len(rest) > 2 && rest[0] == ' ' && rest[1] == '[' && rest[2] == '@' {
		n.space = true
		end++
	}
	block.Advance(end + 1)
	if ids > 1 || st == nil {
		n.Refs = make([]CiteRef, 0, ids)
	}
	for item := range bytes.SplitSeq(inner, []byte(";")) {
		id := bytes.TrimSpace(item)[1:]
		switch {
		case st == nil:
			n.Refs = append(n.Refs, CiteRef{ID: string(id), Num: len(n.Refs) + 1})
		case ids == 1:
			n.Refs = st.source(id, seg.Start)
		default:
			n.Refs = append(n.Refs, st.source(id, seg.Start)[0])
		}
	}
	if st != nil {
		n.pop, n.prefix = st.pops+1, st.prefix
		st.pops += len(n.Refs)
	}
	// The sources of one citation in the order of their numbers, [1, 5]
	// rather than [5, 1], as a reader scans them; the document's numbering
	// (Doc.Cited) keeps the order written. A citation of one source shares
	// its slice, and needs no sorting.
	if ids > 1 {
		slices.SortStableFunc(n.Refs, func(x, y CiteRef) int { return x.Num - y.Num })
	}
	return n
}

// closing returns the index in b of the first close byte, or -1 if b has
// none before the next open byte or its end.
func closing(b []byte, close, open byte) int {
	for i, c := range b {
		switch c {
		case close:
			return i
		case open:
			return -1
		}
	}
	return -1
}

// excerpt returns the start of b, trimmed, for a message: a diagnostic
// quotes the text it is about, not the rest of a long line.
func excerpt(b []byte) string {
	const maxRunes = 40
	i := 0
	for n := 0; i < len(b) && n < maxRunes; n++ {
		_, size := utf8.DecodeRune(b[i:])
		i += size
	}
	s := strings.TrimSpace(string(b[:i]))
	if i < len(b) {
		s += "…"
	}
	return s
}

func validID[T string | []byte](s T) bool {
	if len(s) == 0 || s[0] < 'a' || s[0] > 'z' || s[len(s)-1] == '-' {
		return false
	}
	for i := range len(s) {
		c := s[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') || c == '-' && s[i-1] == '-' {
			return false
		}
	}
	return true
}

type citeRenderer struct{}

func (citeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindCitation, renderCitation)
}

// renderCitation writes a citation as numbers in brackets, each a button
// that opens its popover:
//
//	<span class="cite">[<span class="ref"><button type="button" class="ref-num"
//	popovertarget="P">2</button><span class="ref-pop" id="P" popover><a
//	href="sources/a/" data-source="a">Label</a> <span class="ref-title">Title</span></span></span>]</span>
//
// The popover is inside the number's span, so that site.css can show it
// while the number is hovered or focused, without opening it.
func renderCitation(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*Citation)
	var num [20]byte
	w.WriteString(`<span class="cite">[`)
	for i, r := range n.Refs {
		if i > 0 {
			w.WriteString(", ")
		}
		if r.Href == "" {
			w.WriteString(`<span data-source="`)
			w.WriteString(html.EscapeString(r.ID))
			w.WriteString(`">`)
			w.Write(strconv.AppendInt(num[:0], int64(r.Num), 10))
			w.WriteString(`</span>`)
			continue
		}
		pop := append(append([]byte(html.EscapeString(n.prefix)), '-'), strconv.AppendInt(num[:0], int64(n.pop+i), 10)...)
		w.WriteString(`<span class="ref"><button type="button" class="ref-num" popovertarget="`)
		w.Write(pop)
		w.WriteString(`">`)
		w.Write(strconv.AppendInt(num[:0], int64(r.Num), 10))
		w.WriteString(`</button><span class="ref-pop" id="`)
		w.Write(pop)
		w.WriteString(`" popover><a href="`)
		w.WriteString(html.EscapeString(r.Href))
		w.WriteString(`" data-source="`)
		w.WriteString(html.EscapeString(r.ID))
		w.WriteString(`">`)
		w.WriteString(html.EscapeString(r.Label))
		w.WriteString(`</a>`)
		if r.Title != r.Label {
			w.WriteString(` <span class="ref-title">`)
			w.WriteString(html.EscapeString(r.Title))
			w.WriteString(`</span>`)
		}
		w.WriteString(`</span></span>`)
	}
	w.WriteString(`]</span>`)
	if n.space {
		w.WriteByte(' ')
	}
	return ast.WalkSkipChildren, nil
}
