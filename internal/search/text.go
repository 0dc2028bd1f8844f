package search

import (
	"strings"

	"golang.org/x/net/html"
)

// Text returns the text of an HTML fragment, a rendered Markdown body,
// without its citation markers ("[1, 2]") or footnote numbers: what a
// reader reads, for the index and for snippets.
func Text(fragment string) string {
	z := html.NewTokenizer(strings.NewReader(fragment))
	var b strings.Builder
	skip := 0 // depth inside a skipped element
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return strings.Join(strings.Fields(b.String()), " ")
		case html.StartTagToken:
			name, hasAttr := z.TagName()
			if skip > 0 {
				if !voidTag(string(name)) {
					skip++
				}
				continue
			}
			if string(name) == "sup" || hasAttr && skipped(z) {
				skip = 1
				continue
			}
			if block(string(name)) {
				b.WriteByte(' ')
			}
		case html.EndTagToken:
			if skip > 0 {
				skip--
				continue
			}
			name, _ := z.TagName()
			if block(string(name)) {
				b.WriteByte(' ')
			}
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		}
	}
}

// skipped reports whether the element whose attributes z is at is a
// citation marker.
func skipped(z *html.Tokenizer) bool {
	for {
		k, v, more := z.TagAttr()
		if string(k) == "class" && strings.Contains(" "+string(v)+" ", " cite ") {
			return true
		}
		if !more {
			return false
		}
	}
}

func block(name string) bool {
	switch name {
	case "p", "li", "br", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "blockquote", "div", "section", "dd", "dt":
		return true
	}
	return false
}

func voidTag(name string) bool {
	switch name {
	case "br", "img", "hr", "wbr", "input":
		return true
	}
	return false
}
