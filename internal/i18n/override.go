package i18n

import (
	"maps"
	"slices"
)

// With returns a copy of c in which the messages of over replace the
// catalogue's: a site's own wording (site.yaml's strings:) over the theme's.
func (c *Catalog) With(over map[string]string) *Catalog {
	if len(over) == 0 {
		return c
	}
	m := maps.Clone(c.msgs)
	maps.Copy(m, over)
	return &Catalog{Lang: c.Lang, msgs: m}
}

// CheckOverride says what is wrong with replacing the message key by msg:
// an unknown key, or a placeholder the message is never given. It returns
// "" when the replacement is fine.
func (c *Catalog) CheckOverride(key, msg string) string {
	orig, ok := c.msgs[key]
	if !ok {
		return "no interface string is called " + quote(key) + "; the keys are those of templates/i18n/" + c.Lang + ".yaml in the theme"
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
