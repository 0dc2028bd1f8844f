// Package scaffold writes a new content file to start from: every required
// key of its kind, the optional ones as comments, and a comment on each key
// saying what goes there, as `hugo new` does.
//
// A new file is a draft (draft: true): dossier serve shows it at once,
// marked as a draft, and reports what is still missing (an event's
// sources, a source's original text) as warnings, so the preview never
// turns into an error page on a new file; dossier build leaves it out until
// the editor removes the draft line. An event is dated inside the
// dossier's period (see Day), where the build accepts it.
package scaffold

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/template"
	"time"

	"github.com/dossier-dev/dossier/internal/content"
)

// Kinds are the kinds of file that New writes, and the directory of each
// below content/.
var Kinds = map[string]string{
	"event":       "events",
	"source":      "sources",
	"entity":      "entities",
	"discrepancy": "discrepancies",
	"page":        "pages",
}

// ErrKind is returned for a kind that is not in Kinds.
var ErrKind = errors.New("unknown kind: use event, source, entity, discrepancy or page")

// Path returns where a file of kind with id goes, relative to the site
// root and slash-separated, e.g. content/events/troops-arrive.md.
func Path(kind, id string) (string, error) {
	dir, ok := Kinds[kind]
	if !ok {
		return "", fmt.Errorf("%q: %w", kind, ErrKind)
	}
	if !content.ValidID(id) {
		return "", fmt.Errorf("bad id %q: ids are lower-case letters, digits and hyphens, starting with a letter, such as troops-arrive", id)
	}
	return "content/" + dir + "/" + id + ".md", nil
}

// Day returns the date a new file gets: today if it falls within the
// period, otherwise the period's first day. A zero period (no site.yaml
// to read) gives today.
func Day(p content.Period, today time.Time) time.Time {
	day := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	if p.Start.IsZero() || p.End.IsZero() {
		return day
	}
	if day.Before(p.Start.First()) || day.After(p.End.Last()) {
		return p.Start.First()
	}
	return day
}

// Text returns the new file of kind for id, dated today (see Day).
// sources, if any, are ids of the site's sources for a discrepancy's
// claims to start from, so that the new draft refers to sources that exist.
func Text(kind, id string, today time.Time, sources ...string) ([]byte, error) {
	if _, err := Path(kind, id); err != nil {
		return nil, err
	}
	words := strings.Split(id, "-")
	sentence := strings.ToUpper(words[0][:1]) + strings.Join(words, " ")[1:]
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	var b bytes.Buffer
	err := files.ExecuteTemplate(&b, kind, map[string]string{
		"Schema":  "# yaml-language-server: $schema=../../schemas/" + kind + ".schema.json",
		"ID":      id,
		"Title":   strconv.Quote(sentence),
		"Name":    strconv.Quote(strings.Join(words, " ")),
		"Today":   today.Format(time.DateOnly),
		"SourceA": cmp.Or(at(sources, 0), "source-a"),
		"SourceB": cmp.Or(at(sources, 1), at(sources, 0), "source-b"),
	})
	return b.Bytes(), err
}

func at(s []string, i int) string {
	if i < len(s) {
		return s[i]
	}
	return ""
}

// Write writes the new file of kind for id into the site at dir, and
// returns its path. It never replaces a file: if one exists, the error
// wraps fs.ErrExist. sources are as for Text.
func Write(dir, kind, id string, today time.Time, sources ...string) (string, error) {
	rel, err := Path(kind, id)
	if err != nil {
		return "", err
	}
	text, err := Text(kind, id, today, sources...)
	if err != nil {
		return "", err
	}
	name := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return "", err
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return "", err
	}
	if _, err := f.Write(text); err != nil {
		f.Close()
		os.Remove(name)
		return "", err
	}
	return name, f.Close()
}

// The files, one template per kind. Values that come from the id are
// quoted, so that no id can turn into another YAML type.
var files = template.Must(template.New("").Parse(`
{{- define "event" -}}
---
{{.Schema}}
# Below the front matter, cite sources as [@id] or [@a; @b], and link to
# entities as [[id]] or [[id|shown text]].
draft: true   # only dossier serve shows a draft; delete this line to publish the event
title: {{.Title}}   # required: what happened, in a few words
date: {{.Today}}   # required: YYYY, YYYY-MM, YYYY-MM-DD, a time such as 2022-01-05T23:40+06:00, or a range such as 2022-01-04/2022-01-05
# order: 1    # only to move the event among those of its day: lower first, 0 by default
# inferred: The source says "the evening of 5 January".   # only if the date is inferred: the evidence
places: []    # entity ids of where it happened, such as [lisbon]
actors: []    # entity ids of who acted, such as [maria-silva, river-compact]
tags: []      # free words, such as [request]
sources: []   # required: the id of every source that reports it, such as [secretariat-statement]
# quotes:     # verbatim words from a source's original, checked by the build
#   - source: secretariat-statement   # the source quoted; it must be in sources
#     text: "the words, exactly as in the original"
#     by: maria-silva                 # who speaks, if anyone
---
The first paragraph sums the event up; the timeline shows it.

Further paragraphs appear on the event's own page.
{{end}}

{{- define "source" -}}
---
{{.Schema}}
draft: true   # only dossier serve shows a draft; delete this line to publish the source
title: {{.Title}}   # required: the text's title, or a descriptive one if it has none
publisher: unknown   # required: the outlet, or unknown
language: en   # required: the language of the original, as a language tag such as en, vi or pt-BR
published:     # required: when the text was published
  date: {{.Today}}   # YYYY, YYYY-MM or YYYY-MM-DD
  precision: day   # day, month or approximate
  # inferred: The text reports the events of 6 January as past.   # only if the date is inferred: the evidence
# url: https://example.com/article   # where the text was published, if it was online
original: originals/{{.ID}}.txt   # the original text, relative to content/; quotes are checked against it, and it is never published (without it, quotes are shown unverified)
mentions: []   # entity ids of what the source mentions, such as [river-compact, upper-state]
---
A faithful summary of what the source says.
{{end}}

{{- define "entity" -}}
---
{{.Schema}}
draft: true   # only dossier serve shows a draft; delete this line to publish the entity
name: {{.Name}}   # required: the name shown on pages
kind: person   # required: one of site.yaml's entity_kinds, or the built-in person, organization, country, territory, place, document, event-series
aliases: []    # other spellings and languages, such as [Tokaev]
---
Optional: who or what this is, with citations as in events.
{{end}}

{{- define "discrepancy" -}}
---
{{.Schema}}
draft: true   # only dossier serve shows a draft; delete this line to publish it
title: {{.Title}}   # required: the point on which the sources differ
topic: other   # required: one of site.yaml's topics, or the built-in figures, names, dates, places, responsibility, characterisation, other
events: []     # the events concerned, such as [troops-arrive]
claims:        # required, at least two: what each source says
  - source: {{.SourceA}}   # a source id
    claim: What the first source says.   # in the site's words, attributed
    # quote: "its words, verbatim"   # optional, checked against the original
  - source: {{.SourceB}}   # another source
    claim: What the second source says.   # in the site's words, attributed
---
A neutral note on the difference, citing the sources as [@{{.SourceA}}; @{{.SourceB}}].
{{end}}

{{- define "page" -}}
---
{{.Schema}}
draft: true   # only dossier serve shows a draft; delete this line to publish the page
title: {{.Name}}   # required
# weight: 1   # order in the footer menu, lower first
---
Editorial text, such as who made the dossier and how; free pages need no citations.
{{end}}
`))

// Translation returns the stub of a translation into lang of the file orig
// (its bytes): the hash of the original it translates, and its title or
// name to translate, as a comment, with an empty body, so the page shows
// the original's text, marked as untranslated, until the body is written.
func Translation(orig []byte, lang string) []byte {
	front, _, _, _ := content.SplitFrontMatter(orig)
	var b bytes.Buffer
	fmt.Fprintf(&b, "---\ntranslation_of: %s   # the original this translates; after updating the translation, run dossier translations -update FILE\n", content.Hash(orig))
	for _, key := range []string{"title", "name"} {
		for _, line := range strings.Split(string(front), "\n") {
			if v, ok := strings.CutPrefix(line, key+":"); ok {
				v = strings.TrimSpace(strings.SplitN(v, " #", 2)[0])
				fmt.Fprintf(&b, "# %s: %s   # translate into %s, then remove the #\n", key, v, lang)
			}
		}
	}
	b.WriteString("---\n")
	return b.Bytes()
}
