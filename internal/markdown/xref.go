package markdown

import (
	"html"
	"slices"
	"strings"

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
	inner := string(line[2:end])
	block.Advance(end + 2)
	target, label, _ := strings.Cut(inner, "|")
	target, label = strings.TrimSpace(target), strings.TrimSpace(label)
	n := &CrossLink{Label: label}
	if st == nil {
		return n
	}
	t, err := st.resolver.Target(target)
	if err != nil {
		st.errorf(seg.Start, "cross-link [[%s]]: %v", inner, err)
		if n.Label == "" {
			n.Label = target
		}
		return n
	}
	n.Target = t
	if n.Label == "" {
		n.Label = t.Text
	}
	if !slices.ContainsFunc(st.links, func(x Target) bool { return x.Kind == t.Kind && x.ID == t.ID }) {
		st.links = append(st.links, t)
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
		return ast.WalkSkipChildren, nil
	}
	w.WriteString(`<a class="xref" href="` + html.EscapeString(n.Target.Href) + `"`)
	if n.Target.Title != "" && n.Target.Title != n.Label {
		w.WriteString(` title="` + html.EscapeString(n.Target.Title) + `"`)
	}
	w.WriteString(`>` + html.EscapeString(n.Label) + `</a>`)
	return ast.WalkSkipChildren, nil
}
