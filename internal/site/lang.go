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
