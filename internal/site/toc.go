package site

import "github.com/dossier-dev/dossier/internal/markdown"

// tocMin is the number of sections from which a page lists them ("On this
// page"): a source page always, an event page with quotes or
// discrepancies, a free page with a few headings of its own.
const tocMin = 4

// pageSections gathers a page's sections, leaving out those whose id is
// empty (a section the page does not have).
func pageSections(hs ...Heading) Sections {
	var s Sections
	for _, h := range hs {
		if h.ID != "" {
			s.List = append(s.List, h)
		}
	}
	s.TOC = len(s.List) >= tocMin
	return s
}

// bodySections returns the h2 headings of a converted body.
func bodySections(doc *markdown.Doc) []Heading {
	var hs []Heading
	for _, h := range doc.Headings {
		if h.Level == 2 {
			hs = append(hs, Heading{ID: h.ID, Text: h.Text})
		}
	}
	return hs
}

// optional returns h if the page has the section, else the zero Heading, which
// pageSections leaves out.
func optional(has bool, h Heading) Heading {
	if has {
		return h
	}
	return Heading{}
}
