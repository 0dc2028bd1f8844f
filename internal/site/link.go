package site

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/i18n"
	"github.com/dossier-dev/dossier/internal/markdown"
)

// A linker makes links relative to one page, so the site works under any
// URL prefix and from disk. Targets are site paths without a leading slash:
// "" (home), "events/x/", "css/site.css", "sources/x/#ref-1".
type linker struct {
	from    string // the page's own path, e.g. "vi/events/x/"
	prefix  string // the language prefix of the page: "" or "vi/"
	offline bool   // end directory links in index.html, for file://
	// root, when set, is the absolute path of the site's root ("/repo/"),
	// and links are absolute paths from it: for 404.html, which the host
	// serves at any missing address, where no relative link would hold.
	root string
	// byDepth climbs to the site root and descends again, rather than
	// stopping at the directory the page shares with the target. Its links
	// depend on the page's depth only, so a Markdown body converted for one
	// page serves every page at the same depth (see builder.doc).
	byDepth bool
	// marked writes depthMark where a link climbs to the site root, so
	// that one conversion of a body serves pages at every depth: the mark
	// is replaced by as many "../" as the page is deep (Page.AppendLinks).
	// Only links to non-empty targets may be made so, as all of a body's
	// are: an empty target's link depends on more than the depth.
	marked bool
	// inLang, with byDepth, climbs to the root of the page's language
	// rather than the site's when the target is in the same language:
	// such links too depend on the page's depth only, within a language.
	inLang bool
}

// depthMark stands for the climb to the site root in a body converted once
// for every depth. Goldmark writes a NUL of the source as U+FFFD, so the
// mark cannot come from the text; builder.marked does not use it for a body
// that holds a NUL at all, which chroma would copy into a code block.
const depthMark = "\x00root\x00"

// to links to a page in the page's own language.
func (l linker) to(target string) string { return l.abs(l.prefix + target) }

// page links to the page of an event, source or entity (section "events",
// "sources" or "entities") in the page's own language: to(section+"/"+id+"/"),
// with one concatenation, since pages make many such links.
func (l linker) page(section, id string) string { return l.abs(l.prefix + section + "/" + id + "/") }

// abs links to a site path, whatever the language.
func (l linker) abs(target string) string {
	if l.root != "" {
		return l.root + target
	}
	p, frag, hasFrag := strings.Cut(target, "#")
	// Climb from the page's directory to the deepest directory it shares
	// with the target, then descend. rest holds the page's directories
	// not shared yet, depth how many there are (every page makes many
	// links: this allocates nothing).
	rest, depth := "", 0
	from := l.from
	if l.inLang && l.byDepth && !l.marked && l.prefix != "" && strings.HasPrefix(from, l.prefix) && strings.HasPrefix(p, l.prefix) {
		from, p = from[len(l.prefix):], p[len(l.prefix):]
	}
	if from != "" {
		rest = strings.TrimSuffix(from, "/")
		depth = strings.Count(rest, "/") + 1
	}
	for !l.byDepth && depth > 0 {
		dir, after, _ := strings.Cut(rest, "/")
		if len(p) <= len(dir) || p[len(dir)] != '/' || p[:len(dir)] != dir || strings.HasSuffix(dir, ".html") {
			break
		}
		p, rest, depth = p[len(dir)+1:], after, depth-1
	}
	up := climb(depth)
	if l.marked {
		up = depthMark
	}
	if p == "" || strings.HasSuffix(p, "/") {
		if l.offline {
			p += "index.html"
		} else if up+p == "" {
			p = "./"
		}
	}
	href := up + p
	if hasFrag {
		if href == "./" && !l.offline {
			href = ""
		}
		href += "#" + frag
	}
	return href
}

// climbs are the climbs of the usual depths, made once.
var climbs = [...]string{"", "../", "../../", "../../../", "../../../../", "../../../../../"}

// climb returns n "../".
func climb(n int) string {
	if n < len(climbs) {
		return climbs[n]
	}
	return strings.Repeat("../", n)
}

// resolver resolves citations and cross-links for one page. It is a
// markdown.PageResolver: numbers are the site's, prefix starts the ids of
// the body's popovers, and cat names heading anchors.
type resolver struct {
	d       *content.Dossier
	link    linker
	numbers map[string]int // nil while checking a dossier that failed to load
	prefix  string
	cat     *i18n.Catalog
	sum     uint64 // answerSum of d and numbers; 0 if unknown
}

// SourceNumber implements markdown.PageResolver.
func (r resolver) SourceNumber(id string) int { return r.numbers[id] }

// IDPrefix implements markdown.PageResolver.
func (r resolver) IDPrefix() string { return r.prefix }

// AnchorLabel implements markdown.PageResolver.
func (r resolver) AnchorLabel(heading string) string {
	if r.cat == nil {
		return heading
	}
	return r.cat.T("heading.anchor", heading)
}

// idPrefix makes the prefix of a body's popover ids from its file's path,
// which no other body shares: "content/events/x.md" gives "c-events-x".
func idPrefix(path string) string {
	p := strings.TrimSuffix(strings.TrimPrefix(path, content.Dir+"/"), ".md")
	return "c-" + strings.Map(func(r rune) rune {
		if 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == '-' {
			return r
		}
		return '-'
	}, p)
}

func (r resolver) Source(id string) (href, title string, ok bool) {
	src := r.d.Source(id)
	if src == nil {
		return "", "", false
	}
	return r.link.to("sources/" + id + "/"), src.Title, true
}

// SourceLabel implements markdown.Labeler: a source's short label, or its
// title.
func (r resolver) SourceLabel(id string) string {
	if s := r.d.Source(id); s != nil {
		return cmp.Or(s.Short, s.Title)
	}
	return id
}

func (r resolver) Target(target string) (markdown.Target, error) {
	kind, id, qualified := strings.Cut(target, "/")
	if !qualified {
		kind, id = "entities", target
	}
	t := markdown.Target{Kind: kind, ID: id}
	switch kind {
	case "entities":
		e := r.d.Entity(id)
		if e == nil {
			if err := r.draft(kind, id); err != nil {
				return t, err
			}
			if !qualified {
				return t, fmt.Errorf("no entity %q; link other kinds as [[events/%s]], [[sources/%s]] or [[pages/%s]]", id, id, id, id)
			}
			return t, fmt.Errorf("no entity %q", id)
		}
		t.Text = e.Name
	case "events":
		e := r.d.Event(id)
		if e == nil {
			return t, cmp.Or(r.draft(kind, id), fmt.Errorf("no event %q", id))
		}
		t.Text = e.Title
	case "sources":
		s := r.d.Source(id)
		if s == nil {
			return t, cmp.Or(r.draft(kind, id), fmt.Errorf("no source %q", id))
		}
		t.Text = s.Title
	case "pages":
		p := r.d.Page(id)
		if p == nil {
			return t, cmp.Or(r.draft(kind, id), fmt.Errorf("no page %q", id))
		}
		t.Text = p.Title
		t.Href = r.link.to(id + "/")
		return t, nil
	case "discrepancies":
		x := r.d.Discrepancy(id)
		if x == nil {
			return t, cmp.Or(r.draft(kind, id), fmt.Errorf("no discrepancy %q", id))
		}
		t.Text = x.Title
		t.Href = r.link.to("discrepancies/#" + id)
		return t, nil
	default:
		return t, fmt.Errorf("unknown kind %q: write [[id]] for an entity, or events/, sources/, discrepancies/ or pages/ before the id", kind)
	}
	t.Href = r.link.to(kind + "/" + id + "/")
	t.Title = t.Text
	return t, nil
}

// Missing implements markdown.SourceExplainer, for citations of a draft.
func (r resolver) Missing(id string) error { return r.draft("sources", id) }

// draft explains a link to a draft that the build left out.
func (r resolver) draft(kind, id string) error {
	if p := r.d.LeftOut(kind, id); p != "" {
		return fmt.Errorf("%s is a draft, left out of the site; publish it by removing draft: true, or remove this reference", p)
	}
	return nil
}
