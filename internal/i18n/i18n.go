// Package i18n holds the user-interface strings of the site, one catalogue
// per language (templates/i18n/<lang>.yaml), and writes dates the way each
// language writes them.
package i18n

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/dossier-dev/dossier/internal/diag"
	"go.yaml.in/yaml/v3"
)

// Dir is where catalogues live, relative to the site root.
const Dir = "templates/i18n"

// A Catalog maps message keys to the strings of one language.
type Catalog struct {
	Lang string
	msgs map[string]string
}

// Load reads the catalogue of every language. Every catalogue must define
// the same keys as the first one, so no string is silently missing.
func Load(fsys fs.FS, langs []string) (map[string]*Catalog, diag.List) {
	var diags diag.List
	cats := map[string]*Catalog{}
	for _, lang := range langs {
		p := path.Join(Dir, lang+".yaml")
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			diags.Add(p, 0, 0, "cannot read the %s catalogue of interface strings: %v", lang, err)
			continue
		}
		var node yaml.Node
		if err := yaml.Unmarshal(b, &node); err != nil {
			diags.Add(p, 0, 0, "invalid YAML: %v", err)
			continue
		}
		c := &Catalog{Lang: lang, msgs: map[string]string{}}
		if len(node.Content) > 0 {
			m := node.Content[0]
			if m.Kind != yaml.MappingNode {
				diags.Add(p, m.Line, m.Column, "expected a mapping of message keys to strings")
				continue
			}
			for i := 0; i+1 < len(m.Content); i += 2 {
				k, v := m.Content[i], m.Content[i+1]
				if v.Kind != yaml.ScalarNode {
					diags.Add(p, v.Line, v.Column, "message %q must be a string", k.Value)
					continue
				}
				if _, dup := c.msgs[k.Value]; dup {
					diags.Add(p, k.Line, k.Column, "message %q is defined twice", k.Value)
				}
				c.msgs[k.Value] = v.Value
			}
		}
		cats[lang] = c
	}
	if len(diags) > 0 || len(langs) < 2 {
		return cats, diags
	}
	first := cats[langs[0]]
	for _, lang := range langs[1:] {
		for _, k := range first.Keys() {
			msg, ok := cats[lang].msgs[k]
			if !ok {
				diags.Add(path.Join(Dir, lang+".yaml"), 0, 0, "message %q is missing; %s.yaml defines it", k, langs[0])
			} else if want, got := placeholders(first.msgs[k]), placeholders(msg); want != got {
				diags.Add(path.Join(Dir, lang+".yaml"), 0, 0, "message %q has placeholders %q; %s.yaml has %q", k, got, langs[0], want)
			}
		}
	}
	return cats, diags
}

var placeholderRE = regexp.MustCompile(`\{\d+\}`)

// placeholders lists the {n} of a message, sorted, as one string.
func placeholders(msg string) string {
	ps := placeholderRE.FindAllString(msg, -1)
	slices.Sort(ps)
	return strings.Join(ps, "")
}

// Keys returns the message keys, sorted.
func (c *Catalog) Keys() []string {
	ks := make([]string, 0, len(c.msgs))
	for k := range c.msgs {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// Has reports whether the catalogue defines key.
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
