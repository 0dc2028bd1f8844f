package site

import (
	"maps"
	"slices"

	"github.com/dossier-dev/dossier/internal/content"
)

// Rebody returns the page of the file at path, in the language lang, as
// New would make it of d: the site's dossier in that language but for
// that file's body (content.Dossier.WithBody) or what its page alone
// shows of its front matter (content.Dossier.WithFront). It is computed
// from the site's model, as it was made, with that body converted again
// and the backlinks computed anew, rather than by making the whole site
// again: the preview serves it while it reads and checks the rest.
//
// ok is false when the site cannot tell the page so: a site made without
// Options.Conversions (a build, which keeps no conversion whole), a file
// without a page of its own in lang, or a body with a problem, which New
// would report.
func (s *Site) Rebody(lang string, d *content.Dossier, path string) (p *Page, ok bool) {
	i := slices.Index(s.Langs, lang)
	if i < 0 || i >= len(s.builders) {
		return nil, false
	}
	b := s.builders[i]
	if b == nil || b.convs == nil || b.bodies[path] == nil {
		return nil, false
	}
	nb := &builder{
		s: s, d: d, lang: b.lang, prefix: b.prefix, cat: b.cat, conv: b.conv, convs: b.convs,
		docs:     maps.Clone(b.docs),
		bodies:   maps.Clone(b.bodies),
		openData: map[string][]DataLink{},
	}
	var f *content.File
	for _, x := range d.Files() {
		if x.Path == path {
			f = x
		}
	}
	if f == nil {
		return nil, false
	}
	// The page of a source or an entity shows the summaries of the
	// events (and the sources) that cite, mention or involve it, whose
	// conversions asked for its title or name: those are taken again
	// from the conversions kept (Conversions), which convert again the
	// ones whose answers changed.
	again := map[string]*content.File{path: f}
	var events []*content.Event
	var sources []*content.Source
	switch {
	case d.Source(f.ID) != nil && d.Source(f.ID).Path == path:
		events = b.eventsBySrc[f.ID]
	case d.Entity(f.ID) != nil && d.Entity(f.ID).Path == path:
		events, sources = b.eventsByEnt[f.ID], b.sourcesByEnt[f.ID]
	}
	for _, x := range events {
		if x = d.Event(x.ID); x == nil {
			return nil, false // not the dossier the site was made of
		}
		again[x.Path] = &x.File
	}
	for _, x := range sources {
		if x = d.Source(x.ID); x == nil {
			return nil, false
		}
		again[x.Path] = &x.File
	}
	maps.DeleteFunc(nb.docs, func(k docKey, _ *converted) bool { return again[k.path] != nil })
	root := linker{from: b.prefix, prefix: b.prefix, offline: s.Offline}
	doc, _ := nb.marked(f, root)
	if len(doc.Problems) > 0 || len(nb.diags) > 0 {
		return nil, false
	}
	for p, x := range again {
		if p != path {
			if nb.bodies[p], _ = nb.marked(x, root); len(nb.diags) > 0 {
				return nil, false
			}
		}
	}
	old := nb.bodies[path]
	nb.bodies[path] = doc
	e := d.Event(f.ID)
	if e != nil && e.Path != path {
		e = nil
	}
	// A body that cites and links to what it did before leaves the
	// backlinks as they were, but for the event's own entry (d holds a
	// copy of the event, where the site's dossier held the event); one
	// whose summary is as long leaves the timeline's pages as they were
	// (timelineParts). Most edits of prose do both.
	if slices.Equal(old.Cited, doc.Cited) && slices.Equal(old.Links, doc.Links) {
		nb.backlinks = b.backlinks
		if e != nil {
			nb.eventIndex = maps.Clone(b.eventIndex)
			nb.eventIndex[e] = slices.Index(d.Events, e)
		}
	} else {
		nb.index()
	}
	if len(old.Summary) == len(doc.Summary) {
		nb.timelineCut = b.timelineCut
	} else {
		nb.timelineFacets = b.timelineFacets // the front matter is the same
		nb.indexTimeline()
	}
	switch {
	case e != nil:
		if nb.checkCited(e); len(nb.diags) > 0 {
			return nil, false
		}
		p = nb.eventPage(e)
	case d.Source(f.ID) != nil && d.Source(f.ID).Path == path:
		p = nb.sourcePage(d.Source(f.ID))
	case d.Entity(f.ID) != nil && d.Entity(f.ID).Path == path:
		p = nb.entityPage(d.Entity(f.ID))
	case d.Page(f.ID) != nil && d.Page(f.ID).Path == path:
		p = nb.freePagePage(d.Page(f.ID))
	default:
		return nil, false
	}
	return p, true
}
