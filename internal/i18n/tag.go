package i18n

import (
	"fmt"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
	"golang.org/x/text/unicode/bidi"
)

// ParseTag reads a BCP 47 language tag such as en, vi, fr, pt-BR, zh-Hant
// or ar. It accepts only the canonical spelling, so one language has one
// name in site.yaml, file names and URLs: "pt_BR", "ZH-hant" and "iw" are
// errors that give the spelling to use instead. The error does not name the
// file: the caller adds the path and position.
func ParseTag(s string) (language.Tag, error) {
	tag, err := language.Parse(s)
	switch {
	case s == "":
		return language.Und, fmt.Errorf("empty language tag: write a BCP 47 tag such as en, fr, pt-BR or zh-Hant")
	case err != nil:
		return language.Und, fmt.Errorf("%q is not a BCP 47 language tag (%v): write a language subtag, then optionally a script and a region, as in en, fr, pt-BR or zh-Hant", s, err)
	case tag == language.Und:
		return language.Und, fmt.Errorf("%q names no language: write a BCP 47 tag such as en, fr, pt-BR or zh-Hant", s)
	case tag.String() != s:
		return language.Und, fmt.Errorf("language tag %q is written %q in canonical form: write %q", s, tag.String(), tag.String())
	}
	return tag, nil
}

// rtlScripts are the ISO 15924 scripts written right to left that a
// language tag can imply: Arabic (also Persian and Urdu), Hebrew, Syriac,
// Thaana, N'Ko, Adlam, Hanifi Rohingya, Mandaic and Samaritan.
var rtlScripts = map[string]bool{
	"Arab": true, "Hebr": true, "Syrc": true, "Thaa": true, "Nkoo": true,
	"Adlm": true, "Rohg": true, "Mand": true, "Samr": true,
}

// Direction returns "rtl" for a language written right to left and "ltr"
// otherwise, for the dir attribute of a page. The script is the tag's own
// (az-Arab) or the one its language is most likely written in (ar, fa, he, ur).
func Direction(tag language.Tag) string {
	if script, conf := tag.Script(); conf != language.No && rtlScripts[script.String()] {
		return "rtl"
	}
	return "ltr"
}

// PathPrefix is the directory of a language's pages other than the site's
// first language: the tag in lower case and a slash ("vi/", "pt-br/",
// "zh-hans/"), as URLs and file names are case-sensitive on some hosts and
// not on others. The page itself keeps the canonical tag in its lang.
func PathPrefix(lang string) string { return strings.ToLower(lang) + "/" }

// LanguageName returns the name of the language tag in c's language, for
// "Language: Russian": the catalogue's message language.<tag> where it has
// one, or else CLDR's name from golang.org/x/text, so that a source in a
// language no catalogue names still shows a name and not a marker.
func (c *Catalog) LanguageName(tag string) string {
	if c.Has("language." + tag) {
		return c.T("language." + tag)
	}
	t, err := language.Parse(tag)
	if err != nil {
		return tag
	}
	return display.Tags(language.Make(c.Lang)).Name(t)
}

// Autonym returns the name of the language tag in that language, for the
// language switcher: the catalogue's message lang.name.<tag> where it has
// one ("Tiếng Việt"), or else CLDR's ("português").
func (c *Catalog) Autonym(tag string) string {
	if c.Has("lang.name." + tag) {
		return c.T("lang.name." + tag)
	}
	t, err := language.Parse(tag)
	if err != nil {
		return tag
	}
	return display.Self.Name(t)
}

// Isolate returns s ready to go into a sentence written in direction dir
// ("rtl" or "ltr"): wrapped in Unicode's first-strong isolate, U+2068 …
// U+2069 (the plain-text <bdi>), when its own direction, from its first
// strong letter, is the other one. A Latin name in an Arabic sentence
// then stays whole, and the punctuation around it keeps the sentence's
// order; this works in attributes and SVG titles too, where no element
// can go. Text of the sentence's direction, or with no letter, is returned
// as it is.
func Isolate(dir, s string) string {
	for _, r := range s {
		p, _ := bidi.LookupRune(r)
		var own string
		switch p.Class() {
		case bidi.L:
			own = "ltr"
		case bidi.R, bidi.AL:
			own = "rtl"
		default:
			continue
		}
		if own == dir {
			return s
		}
		return "\u2068" + s + "\u2069"
	}
	return s
}
