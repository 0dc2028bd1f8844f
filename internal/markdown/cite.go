package markdown

import (
	"fmt"
	"html"
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
// [@id] and [@a; @b]. Each citation renders as bracketed numbers that link
// to the source pages; numbers follow the order of first citation in the
// document, so a page's reference list can share them (Doc.Cited).
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
	IDs     []string
	Numbers []int    // filled in by the parser from the document's numbering
	Hrefs   []string // empty where the source is unknown
	Titles  []string
	Labels  []string // short labels of the sources, for plain text
}

// Kind implements ast.Node.
func (n *Citation) Kind() ast.NodeKind { return KindCitation }

// Dump implements ast.Node.
func (n *Citation) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"IDs": strings.Join(n.IDs, ";")}, nil)
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
	inner := string(line[1:end])
	var ids []string
	for item := range strings.SplitSeq(inner, ";") {
		item = strings.TrimSpace(item)
		id, ok := strings.CutPrefix(item, "@")
		if !ok || !validID(id) {
			if st != nil {
				st.errorf(seg.Start, "bad citation [%s]: write [@source-id] or [@a; @b], with ids of lower-case letters, digits and hyphens", excerpt([]byte(inner)))
			}
			return nil
		}
		ids = append(ids, id)
	}
	block.Advance(end + 1)
	n := &Citation{IDs: ids}
	if st == nil {
		return n
	}
	for _, id := range ids {
		href, title, ok := st.resolver.Source(id)
		if !ok {
			var why error
			if x, can := st.resolver.(SourceExplainer); can {
				why = x.Missing(id)
			}
			if why != nil {
				st.errorf(seg.Start, "citation of %q: %v", id, why)
			} else {
				st.errorf(seg.Start, "citation of unknown source %q; add content/sources/%s.md or fix the id", id, id)
			}
		}
		if _, ok := st.at[id]; !ok {
			st.at[id] = seg.Start
		}
		n.Numbers = append(n.Numbers, st.cite(id))
		n.Hrefs = append(n.Hrefs, href)
		n.Titles = append(n.Titles, title)
		label := title
		if l, ok := st.resolver.(Labeler); ok {
			label = l.SourceLabel(id)
		}
		n.Labels = append(n.Labels, label)
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

func validID(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' || s[len(s)-1] == '-' {
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

// renderCitation writes <span class="cite">[<a>1</a>, <a>2</a>]</span>.
func renderCitation(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*Citation)
	w.WriteString(`<span class="cite">[`)
	for i, id := range n.IDs {
		if i > 0 {
			w.WriteString(", ")
		}
		num := fmt.Sprint(i + 1)
		if i < len(n.Numbers) {
			num = fmt.Sprint(n.Numbers[i])
		}
		if i < len(n.Hrefs) && n.Hrefs[i] != "" {
			fmt.Fprintf(w, `<a href="%s" title="%s" data-source="%s">%s</a>`,
				html.EscapeString(n.Hrefs[i]), html.EscapeString(n.Titles[i]), html.EscapeString(id), num)
		} else {
			fmt.Fprintf(w, `<span data-source="%s">%s</span>`, html.EscapeString(id), num)
		}
	}
	w.WriteString(`]</span>`)
	return ast.WalkSkipChildren, nil
}
