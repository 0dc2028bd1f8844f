package check

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"golang.org/x/net/html"
)

// A page is one parsed HTML file.
type page struct {
	file      string         // path in the site, e.g. "events/x/index.html"
	ids       map[string]int // id (or <a name>) → line
	links     []link         // in document order
	canonical string         // href of <link rel=canonical>
	base      string         // href of <base>, if any
	feeds     []string       // hrefs of <link rel=alternate type=application/atom+xml>
	images    []link         // content of <meta property=og:image>: absolute URLs
	problems  []Problem      // syntax problems
	jsonLD    int            // JSON-LD blocks seen
	reachable bool           // reached from the home page by following <a> links
}

// A link is a reference from a page to another resource.
type link struct {
	href string
	line int
	tag  string // a, link, script, img…
	rel  string // rel attribute of <a> and <link>
}

// Elements that have no end tag.
var voidElements = set("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr")

// Elements whose end tag HTML lets authors omit: a missing one is not a
// problem.
var optionalEnd = set("html", "head", "body", "p", "li", "dt", "dd", "option", "optgroup",
	"tr", "td", "th", "thead", "tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rtc", "rp")

// Attributes that hold a URL a reader's browser fetches or follows, by
// element.
var urlAttrs = map[string][]string{
	"a": {"href"}, "area": {"href"}, "link": {"href"}, "script": {"src"}, "img": {"src"},
	"iframe": {"src"}, "source": {"src"}, "video": {"src", "poster"}, "audio": {"src"},
	"track": {"src"}, "embed": {"src"}, "object": {"data"}, "form": {"action"},
}

func set(names ...string) map[string]bool {
	m := map[string]bool{}
	for _, n := range names {
		m[n] = true
	}
	return m
}

type openElement struct {
	name string
	line int
}

// parseHTML reads one page with the HTML5 tokenizer of golang.org/x/net/html
// and reports what a browser would silently repair: a missing doctype,
// elements never closed or closed in the wrong order, end tags that close
// nothing, ids used twice, and JSON-LD that is not valid JSON (which is
// also what a </script> inside a JSON-LD string does). The tokenizer
// itself accepts anything, as browsers do; these checks are what make a
// page "parse" in the sense of meaning what its author wrote.
func parseHTML(file string, body []byte) *page {
	p := &page{file: file, ids: map[string]int{}}
	problem := func(line int, format string, args ...any) {
		p.problems = append(p.problems, Problem{File: file, Line: line, Msg: fmt.Sprintf(format, args...)})
	}
	z := html.NewTokenizer(bytes.NewReader(body))
	line := 1
	var stack []openElement
	sawDoctype, sawContent := false, false
	var jsonLD *strings.Builder
	jsonLine := 0
	inForeign := func() bool {
		return slices.ContainsFunc(stack, func(e openElement) bool { return e.name == "svg" || e.name == "math" })
	}
	for {
		tt := z.Next()
		at := line
		line += bytes.Count(z.Raw(), []byte("\n"))
		switch tt {
		case html.ErrorToken:
			if err := z.Err(); !errors.Is(err, io.EOF) {
				problem(at, "cannot read: %v", err)
			}
			if !sawDoctype {
				problem(1, "no <!DOCTYPE html>: browsers lay the page out in quirks mode")
			}
			for _, e := range stack {
				if !optionalEnd[e.name] {
					problem(e.line, "<%s> is never closed", e.name)
				}
			}
			return p
		case html.DoctypeToken:
			if sawContent || sawDoctype {
				problem(at, "<!DOCTYPE> must come first, once")
			}
			if !strings.EqualFold(strings.TrimSpace(string(z.Text())), "html") {
				problem(at, "doctype is %q; use <!DOCTYPE html>", z.Text())
			}
			sawDoctype = true
		case html.CommentToken:
		case html.TextToken:
			if jsonLD != nil {
				jsonLD.Write(z.Text())
			} else if len(bytes.TrimSpace(z.Raw())) > 0 {
				sawContent = true
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			sawContent = true
			name, hasAttr := z.TagName()
			tag := string(name)
			attrs := map[string]string{}
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				attrs[string(k)] = string(v)
			}
			p.element(tag, attrs, at, problem)
			if tag == "script" && strings.EqualFold(strings.TrimSpace(attrs["type"]), "application/ld+json") {
				jsonLD, jsonLine = &strings.Builder{}, at
			}
			switch {
			case voidElements[tag]:
			case tt == html.SelfClosingTagToken && inForeign():
			case tt == html.SelfClosingTagToken:
				problem(at, "<%s/> does not close the element in HTML; write <%s></%s>", tag, tag, tag)
				stack = append(stack, openElement{tag, at})
			default:
				stack = append(stack, openElement{tag, at})
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			tag := string(name)
			if tag == "script" && jsonLD != nil {
				p.jsonLD++
				if !json.Valid([]byte(jsonLD.String())) {
					problem(jsonLine, "the JSON-LD is not valid JSON (is a </script> inside it unescaped?)")
				}
				jsonLD = nil
			}
			if voidElements[tag] {
				if tag != "br" { // </br> is read as <br>
					problem(at, "</%s>: <%s> has no end tag", tag, tag)
				}
				continue
			}
			i := len(stack) - 1
			for i >= 0 && stack[i].name != tag {
				i--
			}
			if i < 0 {
				problem(at, "</%s> closes nothing open", tag)
				continue
			}
			for _, e := range stack[i+1:] {
				if !optionalEnd[e.name] {
					problem(e.line, "<%s> is not closed before </%s> on line %d", e.name, tag, at)
				}
			}
			stack = stack[:i]
		}
	}
}

// element records what one start tag contributes: ids, links, the
// canonical URL and feeds.
func (p *page) element(tag string, attrs map[string]string, line int, problem func(int, string, ...any)) {
	addID := func(id string) {
		if id == "" {
			return
		}
		if first, dup := p.ids[id]; dup && first != line {
			problem(line, "id %q is also used on line %d: a link to #%s is ambiguous", id, first, id)
			return
		}
		p.ids[id] = line
	}
	if id, ok := attrs["id"]; ok {
		if id == "" {
			problem(line, "<%s> has an empty id", tag)
		}
		addID(id)
	}
	if tag == "a" {
		if name := attrs["name"]; name != attrs["id"] {
			addID(name)
		}
	}
	rel := strings.ToLower(strings.Join(strings.Fields(attrs["rel"]), " "))
	switch {
	case tag == "base":
		p.base = attrs["href"]
		return
	case tag == "link" && hasToken(rel, "canonical"):
		p.canonical = attrs["href"]
	case tag == "link" && hasToken(rel, "alternate") && strings.EqualFold(attrs["type"], "application/atom+xml"):
		p.feeds = append(p.feeds, attrs["href"])
	case tag == "meta" && attrs["property"] == "og:image":
		p.images = append(p.images, link{href: strings.TrimSpace(attrs["content"]), line: line, tag: tag})
	}
	for _, a := range urlAttrs[tag] {
		if v, ok := attrs[a]; ok {
			p.links = append(p.links, link{href: strings.TrimSpace(v), line: line, tag: tag, rel: rel})
		}
	}
}

func hasToken(list, tok string) bool { return slices.Contains(strings.Fields(list), tok) }
