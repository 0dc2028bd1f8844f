package markdown

import (
	"fmt"
	"html"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// Heading anchors. Every heading of a page's body (h2 and below) gets a
// copy-link anchor: a link to its own id, shown when the heading is
// hovered or the link focused, so that a reader can share a section. The
// link comes after the heading, not inside it, so that the heading's
// accessible name stays its text; both sit in a <div class="heading">
// for site.css to place the link beside the heading:
//
//	<div class="heading"><h2 id="x">Title</h2><a class="anchor" href="#x"><span
//	aria-hidden="true">#</span><span class="visually-hidden">Link to this
//	section: Title</span></a></div>

// KindAnchoredHeading is the node kind of an AnchoredHeading.
var KindAnchoredHeading = ast.NewNodeKind("AnchoredHeading")

// An AnchoredHeading holds one heading, and adds its anchor.
type AnchoredHeading struct {
	ast.BaseBlock
	ID    string
	Label string // the anchor's accessible name
}

// Kind implements ast.Node.
func (n *AnchoredHeading) Kind() ast.NodeKind { return KindAnchoredHeading }

// Dump implements ast.Node.
func (n *AnchoredHeading) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"ID": n.ID}, nil)
}

// anchorHeadings lists the headings of doc that have an id and, for a
// page, puts each one from h2 down in an AnchoredHeading.
func anchorHeadings(doc ast.Node, src []byte, page PageResolver) []Heading {
	var hs []*ast.Heading
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			hs = append(hs, h)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	var out []Heading
	for _, h := range hs {
		v, ok := h.AttributeString("id")
		id, isBytes := v.([]byte)
		if !ok || !isBytes {
			continue
		}
		text := plainText(h, src)
		out = append(out, Heading{Level: h.Level, ID: string(id), Text: text})
		if page == nil || h.Level < 2 {
			continue
		}
		a := &AnchoredHeading{ID: string(id), Label: page.AnchorLabel(text)}
		parent := h.Parent()
		parent.ReplaceChild(parent, h, a)
		a.AppendChild(a, h)
	}
	return out
}

type anchorRenderer struct{}

func (anchorRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindAnchoredHeading, renderAnchoredHeading)
}

func renderAnchoredHeading(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*AnchoredHeading)
	if entering {
		w.WriteString(`<div class="heading">`)
		return ast.WalkContinue, nil
	}
	fmt.Fprintf(w, `<a class="anchor" href="#%s"><span aria-hidden="true">#</span><span class="visually-hidden">%s</span></a></div>`+"\n",
		html.EscapeString(n.ID), html.EscapeString(n.Label))
	return ast.WalkContinue, nil
}
