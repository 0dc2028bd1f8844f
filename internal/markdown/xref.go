package markdown

import (
	"bytes"
	"html"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// CrossLinks is the goldmark extension for wiki-style cross-links:
// [[lisbon]] links to an entity and shows its name, [[lisbon|Lisboa]]
// shows the given text, and [[events/slug]], [[sources/id]], [[pages/slug]]
// link to other kinds of page. Editors link by id and never write URLs, so
// links survive any URL prefix and are checked at build time.
var CrossLinks goldmark.Extender = crossLinks{}

type crossLinks struct{}

// KindCrossLink is the node kind of a CrossLink.
var KindCrossLink = ast.NewNodeKind("CrossLink")

// A CrossLink links to another page of the dossier.
type CrossLink struct {
	ast.BaseInline
	Target Target
	Label  string
	space  bool // a space after the link, before the next one
}

// Kind implements ast.Node.
func (n *CrossLink) Kind() ast.NodeKind { return KindCrossLink }

// Dump implements ast.Node.
func (n *CrossLink) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Target": n.Target.Kind + "/" + n.Target.ID, "Text": n.Label}, nil)
}

func (crossLinks) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(xrefParser{}, 151)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(xrefRenderer{}, 100)))
}

type xrefParser struct{}

func (xrefParser) Trigger() []byte { return []byte{'['} }

func (xrefParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) < 4 || line[0] != '[' || line[1] != '[' {
		return nil
	}
	// As for citations, the scan for ]] stops at the next [[, and a run
	// of unclosed openers is reported once per line.
	end := closingPair(line[2:])
	st := getState(pc)
	if end < 0 {
		if st != nil && st.unclosedXref != seg.Stop {
			st.unclosedXref = seg.Stop
			st.errorf(seg.Start, "cross-link has no closing ]]; write [[id]] or [[id|text]]")
		}
		return nil
	}
	end += 2
	inner := line[2:end]
	n := &CrossLink{}
	// As for citations, a space between two cross-links is the first's.
	if rest := line[end+2:]; len(rest) > 2 && rest[0] == ' ' && rest[1] == '[' && rest[2] == '[' {
		n.space = true
		end++
	}
	block.Advance(end + 2)
	target, label, _ := bytes.Cut(inner, []byte("|"))
	target, label = bytes.TrimSpace(target), bytes.TrimSpace(label)
	if len(label) > 0 {
		n.Label = string(label)
	}
	if st == nil {
		return n
	}
	r := st.target(target)
	if r.err != nil {
		st.errorf(seg.Start, "cross-link [[%s]]: %v", inner, r.err)
		if n.Label == "" {
			n.Label = r.name
		}
		return n
	}
	n.Target = r.t
	if n.Label == "" {
		n.Label = r.t.Text
	}
	return n
}

// closingPair returns the index in b of the first "]]", or -1 if b has
// none before the next "[[" or its end.
func closingPair(b []byte) int {
	for i := 0; i+1 < len(b); i++ {
		switch {
		case b[i] == ']' && b[i+1] == ']':
			return i
		case b[i] == '[' && b[i+1] == '[':
			return -1
		}
	}
	return -1
}

type xrefRenderer struct{}

func (xrefRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindCrossLink, renderCrossLink)
}

func renderCrossLink(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*CrossLink)
	if n.Target.Href == "" {
		w.WriteString(html.EscapeString(n.Label))
	} else {
		w.WriteString(`<a class="xref" href="`)
		w.WriteString(html.EscapeString(n.Target.Href))
		w.WriteByte('"')
		if n.Target.Title != "" && n.Target.Title != n.Label {
			w.WriteString(` title="`)
			w.WriteString(html.EscapeString(n.Target.Title))
			w.WriteByte('"')
		}
		w.WriteByte('>')
		w.WriteString(html.EscapeString(n.Label))
		w.WriteString(`</a>`)
	}
	if n.space {
		w.WriteByte(' ')
	}
	return ast.WalkSkipChildren, nil
}
