// Package i18n holds the user-interface strings of the site, one catalogue
// per language, and writes dates the way each language writes them, from
// the catalogue rather than from Go, so that a new language is one file.
//
// # Catalogues
//
// The catalogue of a language is templates/i18n/<tag>.yaml, the BCP 47 tag
// in lower case (en.yaml, fr.yaml, pt-br.yaml, zh-hans.yaml). The built-in
// catalogues are en, vi, fr, de, ru, ar and zh-hans: Chinese is named by
// its script, because "zh" alone says nothing of Simplified or Traditional
// characters; a site in Traditional Chinese adds zh-hant.yaml. ParseTag
// checks a tag and Direction gives its writing direction.
//
// A catalogue is a YAML mapping of message keys to strings; {0}, {1}… are
// filled in by the page. A few date keys take a list instead (below). Every
// catalogue must define exactly the keys of the site's first language, with
// the same placeholders and lists of the same length: a missing key is a
// build error naming the file, the key and the language, so no reader sees
// a string left in another language.
//
// # Dates
//
// Dates are written from these keys, which every catalogue defines:
//
//	date.months:            12 month names as written with a day (Russian "апреля")
//	date.months.standalone: 12 month names written alone or with a year ("апрель")
//	date.am-pm:             the marks before and after noon, for 12-hour times
//	date.digits:            the ten digits, "0123456789" or Arabic-Indic "٠١٢٣٤٥٦٧٨٩"
//	date.pattern.day:       a day, "{d} {MMMM} {y}"
//	date.pattern.month:     a month, "{LLLL} {y}"
//	date.pattern.year:      a year, "{y}"
//	date.pattern.time:      a time of day, "{HH}:{mm}"
//	date.pattern.range.same-month:  "{d}–{d2} {MMMM} {y}"
//	date.pattern.range.same-year:   "{d} {MMMM} – {d2} {MMMM2} {y}"
//	date.pattern.range.other-years: "{d} {MMMM} {y} – {d2} {MMMM2} {y2}"
//	date.pattern.range.months:      two months of one year, "{LLLL}–{LLLL2} {y}"
//	date.pattern.range.years:       "{y}–{y2}"
//	date.pattern.range:     any other range, its ends written in full, "{0} – {1}"
//
// A pattern is text with fields in braces, named after CLDR's date symbols
// so that CLDR's patterns (cldr-json, dateFormats "long", availableFormats
// "yMMMM" and "y", intervalFormats "yMMMd", "yMMMM" and "y") carry over:
// {d} the day, {dd} with two digits; {M} the month's number, {MM} with two
// digits, {MMMM} its name from date.months, {LLLL} from
// date.months.standalone; {y} the year; {H} or {HH} the hour from 0 to 23,
// {h} from 1 to 12 with {a} from date.am-pm; {mm} the minutes. In a range,
// a field ending in 2 ({d2}, {MMMM2}, {y2}) reads the end date. Every other
// character is literal text, so no quoting is needed. Load checks that each
// pattern shows what it must (a day pattern its day, month and year) and
// uses only the fields it can, and reports a mistake at its line and column.
//
// Lists are YAML sequences, so they cannot be confused with a message and
// keep the twelve names in one place; a list key is not a message, and
// templates cannot print it with t.
//
// # Plural forms
//
// A message that goes with a count (the home page's "12 events from …")
// is a mapping of CLDR plural categories to strings, one per form the
// language uses for whole numbers:
//
//	home.count.sources:      # English: one, other
//	  one: source
//	  other: sources
//	home.count.sources:      # Russian: one (1, 21…), few (2–4, 22…), many (0, 5–20…), other
//	  one: источник
//	  few: источника
//	  many: источников
//	  other: источника
//
// The rule that picks a form is not written in the catalogue: it is CLDR's
// rule for the catalogue's language, from golang.org/x/text/feature/plural,
// so a new language needs no rule of its own and cannot get one wrong.
// Load checks that each plural message has exactly the forms its language
// uses for counts (Forms lists them, with examples: Arabic has zero, one,
// two, few, many and other), plus other, CLDR's fallback, and the same
// placeholders in every form. Go code writes a plural message with Plural
// and the count's digits with Number. A site's strings: may replace a
// plural message by one wording for every count ("key: …") or one form
// ("key.few: …").
//
// # Language names and mixed directions
//
// The switcher names each language in itself (Autonym) and a source's
// language is named in the page's (LanguageName): from the catalogue's
// lang.name.<tag> and language.<tag> where it has them, or else from
// CLDR's names, so a language none of the catalogues name needs no key.
// Isolate wraps a name put into a sentence of the other direction in
// Unicode's isolates, so that "NATO" in an Arabic sentence stays whole.
package i18n

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/dossier-dev/dossier/internal/diag"
	"github.com/dossier-dev/dossier/internal/yamlstrict"
	"go.yaml.in/yaml/v3"
)

// Dir is where catalogues live, relative to the site root.
const Dir = "templates/i18n"

// A Catalog maps message keys to the strings of one language.
type Catalog struct {
	Lang  string
	msgs  map[string]string
	lists map[string][]string
	// plurals are the messages that have a form per CLDR plural
	// category: key, then "one", "few", "other"…
	plurals map[string]map[string]string
	pos     map[string]position // of each value in the catalogue file
	dates   *dateFormat
}

type position struct{ line, col int }

// File is the catalogue file of lang, relative to the site root: the tag
// in lower case, as in URLs (templates/i18n/zh-hans.yaml for zh-Hans).
func File(lang string) string { return path.Join(Dir, strings.ToLower(lang)+".yaml") }

// Load reads the catalogue of every language. Every catalogue must define
// the date keys, and the same keys as the first one with the same
// placeholders, so no string is silently missing.
func Load(fsys fs.FS, langs []string) (map[string]*Catalog, diag.List) {
	var diags diag.List
	cats := map[string]*Catalog{}
	for _, lang := range langs {
		if c := read(fsys, lang, &diags); c != nil {
			cats[lang] = c
		}
	}
	if len(diags) > 0 {
		return cats, diags
	}
	reported := map[string]bool{} // lang + " " + key
	for _, lang := range langs {
		c, p, missing := cats[lang], File(lang), false
		for _, k := range dateKeys {
			if _, ok := c.pos[k]; !ok {
				missing = true
				diags.Add(p, 0, 0, "message %q is missing from the %s catalogue, which needs it to write dates: add it (%s)", k, lang, dateKeyHelp[k])
				reported[lang+" "+k] = true
			}
		}
		if missing {
			continue
		}
		f, errs := parseDates(c)
		for _, k := range dateKeys {
			if err := errs[k]; err != nil {
				diags.Add(p, c.pos[k].line, c.pos[k].col, "%v", err)
			}
		}
		c.dates = f
	}
	first := cats[langs[0]]
	for _, lang := range langs[1:] {
		c, p := cats[lang], File(lang)
		for _, k := range first.Keys() {
			pos, ok := c.pos[k]
			firstPos := fmt.Sprintf("%s:%d", path.Base(File(langs[0])), first.pos[k].line)
			_, isList := first.lists[k]
			_, hasList := c.lists[k]
			isPlural, hasPlural := first.IsPlural(k), c.IsPlural(k)
			switch {
			case reported[lang+" "+k]:
			case !ok && isPlural:
				diags.Add(p, 0, 0, "plural message %q is missing from the %s catalogue: add it with a form for each plural category of %s, like the message at %s", k, lang, lang, firstPos)
			case isPlural != hasPlural && ok:
				diags.Add(p, pos.line, pos.col, "message %q must be %s, like the message at %s", k, map[bool]string{true: "plural forms (one:, other: …)", false: "a single string or list"}[isPlural], firstPos)
			case isPlural:
				want := placeholders(first.plurals[k]["other"])
				for _, f := range slices.Sorted(maps.Keys(c.plurals[k])) {
					if got := placeholders(c.plurals[k][f]); got != want {
						diags.Add(p, pos.line, pos.col, "plural message %q, form %s, has placeholders %q; %s has %q: use the same placeholders in every form", k, f, got, firstPos, want)
					}
				}
			case !ok && isList:
				diags.Add(p, 0, 0, "message %q is missing from the %s catalogue: add it as a list of %d items in %s, like the list at %s", k, lang, len(first.lists[k]), lang, firstPos)
			case !ok:
				diags.Add(p, 0, 0, "message %q is missing from the %s catalogue: add a line \"%s: …\" with its %s translation of %q (%s)", k, lang, k, lang, first.msgs[k], firstPos)
			case isList && !hasList:
				diags.Add(p, pos.line, pos.col, "message %q must be a list of %d items, like the list at %s", k, len(first.lists[k]), firstPos)
			case !isList && hasList:
				diags.Add(p, pos.line, pos.col, "message %q must be a string, like %q at %s, not a list", k, first.msgs[k], firstPos)
			case isList && len(c.lists[k]) != len(first.lists[k]):
				diags.Add(p, pos.line, pos.col, "message %q has %d items; the list at %s has %d: give one translation for each", k, len(c.lists[k]), firstPos, len(first.lists[k]))
			case !isList:
				if want, got := placeholders(first.msgs[k]), placeholders(c.msgs[k]); want != got {
					diags.Add(p, pos.line, pos.col, "message %q has placeholders %q; %s has %q: use the same placeholders, in the order the language needs", k, got, firstPos, want)
				}
			}
		}
		for _, k := range c.Keys() {
			if _, ok := first.pos[k]; !ok {
				diags.Add(p, c.pos[k].line, c.pos[k].col, "message %q is not in %s: remove it, or add it there too", k, path.Base(File(langs[0])))
			}
		}
	}
	return cats, diags
}

// dateKeyHelp gives an example of each date key, in English.
var dateKeyHelp = map[string]string{
	keyMonths:                        "a list of the 12 month names as written with a day, e.g. [January, February, …]",
	keyMonthsAlone:                   "a list of the 12 month names as written alone or with a year, e.g. [January, February, …]",
	keyAmPm:                          "a list of the two marks before and after noon, e.g. [am, pm]",
	keyDigits:                        `the ten digits, e.g. "0123456789"`,
	keyRange:                         `a range whose ends are written in full, e.g. "{0} – {1}"`,
	"date.pattern.day":               `e.g. "{d} {MMMM} {y}"`,
	"date.pattern.month":             `e.g. "{LLLL} {y}"`,
	"date.pattern.year":              `e.g. "{y}"`,
	"date.pattern.time":              `e.g. "{HH}:{mm}"`,
	"date.pattern.range.same-month":  `e.g. "{d}–{d2} {MMMM} {y}"`,
	"date.pattern.range.same-year":   `e.g. "{d} {MMMM} – {d2} {MMMM2} {y}"`,
	"date.pattern.range.other-years": `e.g. "{d} {MMMM} {y} – {d2} {MMMM2} {y2}"`,
	"date.pattern.range.months":      `e.g. "{LLLL}–{LLLL2} {y}"`,
	"date.pattern.range.years":       `e.g. "{y}–{y2}"`,
}

// read reads the catalogue of lang; it reports problems to diags and
// returns nil if the file cannot be read or parsed.
func read(fsys fs.FS, lang string, diags *diag.List) *Catalog {
	p := File(lang)
	b, err := fs.ReadFile(fsys, p)
	if errors.Is(err, fs.ErrNotExist) {
		diags.Add(p, 0, 0, "the site's language %q has no catalogue of interface strings, neither in the theme nor in the site: add %s, a copy of the theme's %s/en.yaml with every string translated and the date keys written as %s writes dates", lang, p, Dir, lang)
		return nil
	}
	if err != nil {
		diags.Add(p, 0, 0, "cannot read the %s catalogue of interface strings: %v", lang, err)
		return nil
	}
	node, ds := yamlstrict.ParseNode(p, b, 0)
	if node == nil {
		diags.Append(ds)
		return nil
	}
	c := &Catalog{Lang: lang, msgs: map[string]string{}, lists: map[string][]string{}, plurals: map[string]map[string]string{}, pos: map[string]position{}}
	if len(node.Content) == 0 {
		return c
	}
	m := node.Content[0]
	if m.Kind != yaml.MappingNode {
		diags.Add(p, m.Line, m.Column, "expected a mapping of message keys to strings")
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if _, dup := c.pos[k.Value]; dup {
			diags.Add(p, k.Line, k.Column, "message %q is defined twice: keep one", k.Value)
			continue
		}
		c.pos[k.Value] = position{v.Line, v.Column}
		switch v.Kind {
		case yaml.ScalarNode:
			c.msgs[k.Value] = v.Value
		case yaml.SequenceNode:
			var items []string
			for _, it := range v.Content {
				if it.Kind != yaml.ScalarNode {
					diags.Add(p, it.Line, it.Column, "message %q: each item of the list must be a string", k.Value)
				}
				items = append(items, it.Value)
			}
			c.lists[k.Value] = items
		case yaml.MappingNode:
			c.plurals[k.Value] = readPlural(p, k.Value, v, diags)
			if msg := checkPlural(k.Value, lang, c.plurals[k.Value]); msg != "" {
				diags.Add(p, v.Line, v.Column, "%s", msg)
			}
		default:
			diags.Add(p, v.Line, v.Column, "message %q must be a string, a list of strings, or plural forms", k.Value)
		}
	}
	for k, n := range listKeys {
		pos, ok := c.pos[k]
		if items, isList := c.lists[k]; ok && (!isList || len(items) != n) {
			diags.Add(p, pos.line, pos.col, "message %q must be a list of %d items (%s)", k, n, dateKeyHelp[k])
		}
	}
	return c
}

var placeholderRE = regexp.MustCompile(`\{\d+\}`)

// placeholders lists the {n} of a message, sorted, as one string.
func placeholders(msg string) string {
	ps := placeholderRE.FindAllString(msg, -1)
	slices.Sort(ps)
	return strings.Join(ps, "")
}

// Keys returns the message keys, of strings and lists, sorted.
func (c *Catalog) Keys() []string {
	ks := make([]string, 0, len(c.pos))
	for k := range c.pos {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// Has reports whether the catalogue defines key as a string.
func (c *Catalog) Has(key string) bool { _, ok := c.msgs[key]; return ok }

// T returns the message for key. Arguments fill {0}, {1}, … in order.
// An unknown key returns a visible marker; the build checks templates for
// unknown keys, so it never reaches a reader.
func (c *Catalog) T(key string, args ...any) string {
	s, ok := c.msgs[key]
	if !ok {
		return "[missing: " + key + "]"
	}
	for i, a := range args {
		s = strings.ReplaceAll(s, fmt.Sprintf("{%d}", i), fmt.Sprint(a))
	}
	return s
}

// readPlural reads the forms of a plural message, a mapping of CLDR plural
// categories to strings.
func readPlural(p, key string, m *yaml.Node, diags *diag.List) map[string]string {
	out := map[string]string{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		f, v := m.Content[i], m.Content[i+1]
		switch {
		case !isForm(f.Value):
			diags.Add(p, f.Line, f.Column, "plural message %q: %q is not a plural category; CLDR's are zero, one, two, few, many and other", key, f.Value)
		case v.Kind != yaml.ScalarNode:
			diags.Add(p, v.Line, v.Column, "plural message %q: form %s must be a string", key, f.Value)
		default:
			out[f.Value] = v.Value
		}
	}
	return out
}
