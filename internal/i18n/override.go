package i18n

import (
	"maps"
	"slices"
	"strings"
)

// With returns a copy of c in which the messages of over replace the
// catalogue's: a site's own wording (site.yaml's strings:) over the theme's.
// For a plural message, "key: …" gives one wording for every count, and
// "key.few: …" replaces one form.
func (c *Catalog) With(over map[string]string) *Catalog {
	if len(over) == 0 {
		return c
	}
	m := maps.Clone(c.msgs)
	pl := maps.Clone(c.plurals)
	for k, v := range over {
		switch base, form := pluralOverride(c, k); {
		case c.IsPlural(k):
			pl[k] = map[string]string{"other": v}
		case base != "":
			pl[base] = maps.Clone(pl[base])
			pl[base][form] = v
		default:
			m[k] = v
		}
	}
	o := &Catalog{Lang: c.Lang, msgs: m, lists: c.lists, plurals: pl, pos: c.pos, dates: c.dates}
	if c.dates != nil && slices.ContainsFunc(dateKeys, func(k string) bool { _, ok := over[k]; return ok }) {
		o.dates, _ = parseDates(o) // CheckOverride has rejected bad patterns
	}
	return o
}

// pluralOverride splits "home.count.events.few" into the plural message
// and the form it replaces, or returns "" if key names no form of one.
func pluralOverride(c *Catalog, key string) (base, form string) {
	i := strings.LastIndexByte(key, '.')
	if i < 0 || !isForm(key[i+1:]) || !c.IsPlural(key[:i]) {
		return "", ""
	}
	return key[:i], key[i+1:]
}

// CheckOverride says what is wrong with replacing the message key by msg:
// an unknown key, or a placeholder the message is never given. It returns
// "" when the replacement is fine.
func (c *Catalog) CheckOverride(key, msg string) string {
	if _, ok := c.lists[key]; ok {
		return quote(key) + " is a list, which site.yaml's strings cannot replace; copy " + File(c.Lang) + " from the theme into the site and change it there"
	}
	orig, ok := c.msgs[key]
	if base, form := pluralOverride(c, key); c.IsPlural(key) || base != "" {
		if base != "" {
			if need, _ := Forms(c.Lang); !slices.Contains(need, form) {
				return quote(key) + ": " + c.Lang + " has no plural form " + form + " for counts; its forms are " + strings.Join(need, ", ")
			}
			key = base
		}
		orig, ok = c.plurals[key]["other"], true
	}
	if !ok {
		return "no interface string is called " + quote(key) + "; the keys are those of " + File(c.Lang) + " in the theme"
	}
	if slices.Contains(dateKeys, key) {
		m := maps.Clone(c.msgs)
		m[key] = msg
		if _, errs := parseDates(&Catalog{msgs: m, lists: c.lists}); errs[key] != nil {
			return errs[key].Error()
		}
	}
	have := placeholderRE.FindAllString(orig, -1)
	for _, p := range placeholderRE.FindAllString(msg, -1) {
		if !slices.Contains(have, p) {
			if len(have) == 0 {
				return "the page fills no " + p + " in " + quote(key) + ", which takes no placeholders; remove it"
			}
			return "the page fills no " + p + " in " + quote(key) + "; its placeholders are " + quote(placeholders(orig))
		}
	}
	return ""
}

func quote(s string) string { return `"` + s + `"` }
