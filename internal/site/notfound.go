package site

import (
	"net/url"

	"github.com/dossier-dev/dossier/internal/i18n"
)

// notFound builds 404.html, in the default language. GitHub Pages serves
// it at whatever address was missing, at any depth ("/repo/no/such/page/"),
// so no relative link would hold there: its links are absolute paths from
// the base URL's path ("/repo/timeline/"). It has no canonical URL, no
// language alternates (it is no page's translation), and asks not to be
// indexed; it links to the home page of every language instead.
func (b *builder) notFound() *Page {
	root := "/"
	if u, err := url.Parse(b.s.BaseURL); err == nil && u.Path != "" {
		root = u.Path // BaseURL ends in a slash
	}
	l := linker{prefix: b.prefix, root: root}
	lay := b.layout(l, "404.html", b.t("notfound.title"))
	lay.Canonical, lay.Alternates, lay.NoIndex = "", nil, true
	lay.Description = b.d.Config.Description
	v := &NotFound{}
	for i, lang := range b.s.Langs {
		prefix := ""
		if i > 0 {
			prefix = i18n.PathPrefix(lang)
		}
		v.Homes = append(v.Homes, Alternate{
			Lang: lang, Name: b.s.Catalogs[lang].T("notfound.home"),
			Href: l.abs(prefix), URL: b.s.absURL(prefix), Current: lang == b.lang,
		})
	}
	return &Page{Path: "404.html", Lang: b.lang, Layout: lay, Data: v}
}
