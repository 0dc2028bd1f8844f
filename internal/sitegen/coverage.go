package sitegen

import (
	"io/fs"
	"maps"
	"slices"

	"github.com/dossier-dev/dossier"
	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/i18n"
	"github.com/dossier-dev/dossier/internal/theme"
)

// Coverage says how far one language's interface strings are the site's
// own and how complete they are, for dossier translations.
type Coverage struct {
	Lang      string
	File      string // the catalogue, templates/i18n/<tag>.yaml
	FromTheme bool   // the theme's catalogue, not one of the site's
	Readable  bool   // the catalogue exists and parses
	Keys      int    // keys of the first language's catalogue that it defines
	Total     int    // keys of the first language's catalogue
	Missing   []string
	// Strings is the file holding the site's own wording in this
	// language (content/site.yaml's strings:, or its translation), and
	// Replaced how many interface strings that wording replaces.
	Strings  string
	Replaced int
	// Untranslated are the keys the site words its own way in its first
	// language but not in this one: readers see the theme's wording.
	Untranslated []string
}

// CatalogCoverage reports, for each language of d, the catalogue it is
// written from (the theme's or the site's), the keys it lacks, and the
// interface strings the site replaces. th is the theme; nil means the
// built-in one.
func CatalogCoverage(fsys, th fs.FS, d *content.Dossier) []Coverage {
	if th == nil {
		th = dossier.Theme()
	}
	fsys = theme.Overlay(fsys, th)
	langs := d.Config.Languages
	var out []Coverage
	var first []string
	for i, lang := range langs {
		c := Coverage{Lang: lang, File: i18n.File(lang), FromTheme: theme.FromTheme(fsys, i18n.File(lang)), Strings: content.Dir + "/site.yaml"}
		cats, _ := i18n.Load(fsys, []string{lang}) // problems are the build's to report
		if cat := cats[lang]; cat != nil {
			c.Readable = true
			keys := cat.Keys()
			if i == 0 {
				first = keys
			}
			for _, k := range first {
				if slices.Contains(keys, k) {
					c.Keys++
				} else {
					c.Missing = append(c.Missing, k)
				}
			}
		}
		c.Total = len(first)
		strs := d.Config.Strings
		if i > 0 {
			c.Strings = content.TranslationPath(content.Dir+"/site.yaml", lang)
			if loc, _, err := d.Localize(fsys, lang); err == nil {
				strs = loc.Config.Strings
			}
			for _, k := range slices.Sorted(maps.Keys(d.Config.Strings)) {
				if _, ok := strs[k]; !ok {
					c.Untranslated = append(c.Untranslated, k)
				}
			}
		}
		c.Replaced = len(strs)
		out = append(out, c)
	}
	return out
}
