package site

import (
	"github.com/dossier-dev/dossier/internal/i18n"
	"golang.org/x/text/language"
)

// rtl reports whether the page's language is written right to left: its
// <html> then says dir="rtl", the stylesheet's logical properties mirror
// the layout, and the membership chart runs from right to left.
func (b *builder) rtl() bool {
	tag, err := language.Parse(b.lang)
	return err == nil && i18n.Direction(tag) == "rtl"
}

// dir is the dir attribute of the page's <html>: "rtl", or "" for the
// default, left to right.
func (b *builder) dir() string {
	if b.rtl() {
		return "rtl"
	}
	return ""
}

// isolate makes user content (a name) safe to put into an interface
// string of the page's language: see i18n.Isolate.
func (b *builder) isolate(s string) string {
	return i18n.Isolate(map[bool]string{true: "rtl", false: "ltr"}[b.rtl()], s)
}

// LangMenu reports whether the language switcher is a menu, a <details>
// disclosure, rather than a row of links: with more than three languages
// the row would crowd the header.
func (l *Layout) LangMenu() bool { return len(l.Alternates) > 3 }

// CurrentAlternate is the page's own language among its alternates, named
// in the menu's button.
func (l *Layout) CurrentAlternate() *Alternate {
	for i := range l.Alternates {
		if l.Alternates[i].Current {
			return &l.Alternates[i]
		}
	}
	return nil
}

// OGLocale is the page's og:locale: Open Graph's language_TERRITORY, the
// territory being the tag's own (pt-BR gives pt_BR) or the one its language
// is most likely spoken in (en gives en_US, ar ar_EG, zh-Hans zh_CN), as
// CLDR's likely subtags say.
func (l *Layout) OGLocale() string { return ogLocale(l.Lang) }

// OGLocaleAlternates are the og:locale:alternate of the page: the locales
// of its other languages.
func (l *Layout) OGLocaleAlternates() []string {
	var out []string
	for _, a := range l.Alternates {
		if !a.Current {
			out = append(out, ogLocale(a.Lang))
		}
	}
	return out
}

func ogLocale(lang string) string {
	tag, err := language.Parse(lang)
	if err != nil {
		return lang
	}
	base, _ := tag.Base()
	region, conf := tag.Region()
	if conf == language.No {
		return base.String()
	}
	return base.String() + "_" + region.String()
}

// count is a count on the home page: n in the language's digits, and the
// plural form of key that n takes (i18n.Catalog.Plural).
func (b *builder) count(n int, key string, args ...any) Figure {
	return Figure{Value: b.cat.Number(n), Label: b.cat.Plural(key, n, args...)}
}
