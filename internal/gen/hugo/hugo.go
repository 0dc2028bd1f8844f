// Package hugo writes a dossier's Markdown as a Hugo site, so that Hugo can
// be timed on the same corpus as dossier and the floor (internal/benchsize).
// A comparison means something only if both programs read the same texts:
// the bodies are copied byte for byte, citations ([@id]) and cross-links
// ([[id]]) staying text as they do for the floor, since resolving them is
// the dossier's own work.
//
// The front matter is rewritten into what Hugo understands: title (an
// entity's name), date (a source's published date; a year alone becomes
// its first of January), weight, tags, and the ids of actors, places and
// sources, which index Hugo's related content as dossier chooses related
// events by them. Every other key goes under dossier:, so that Hugo reads
// the same data but takes none of it for one of its own keys (an entity's
// aliases are names, not Hugo's redirects). A translation, x.fr.md, takes
// its original's front matter under its own, as dossier reads it.
//
// The theme is the least a site of these pages needs: a single template
// (title, date, body, tags, five related pages) and a list template (every
// page of the section, term or home, linked with its date). The home page
// (content/home.md) becomes the home's _index.md, free pages
// (content/pages/) top-level pages, originals static files; the YAML files
// are dossier's own and are left out. Hugo's defaults do the rest: RSS
// feeds, a sitemap, tag pages, one site per language.
//
// The output is a pure function of the input: keys are written sorted.
package hugo

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/dossier-dev/dossier/internal/content"
)

// Write converts the dossier in src (src/content/…) into a Hugo site in
// dst: dst/hugo.toml, dst/content/, dst/static/ and dst/layouts/.
func Write(src, dst string) error {
	var site struct {
		Title     string   `yaml:"title"`
		BaseURL   string   `yaml:"base_url"`
		Languages []string `yaml:"languages"`
	}
	b, err := os.ReadFile(filepath.Join(src, content.Dir, "site.yaml"))
	if err != nil {
		return err
	}
	if err := yaml.Unmarshal(b, &site); err != nil {
		return fmt.Errorf("%s/site.yaml: %v", content.Dir, err)
	}
	if len(site.Languages) == 0 {
		site.Languages = []string{"en"}
	}
	if err := write(dst, "hugo.toml", config(site.Title, site.BaseURL, site.Languages)); err != nil {
		return err
	}
	for name, text := range layouts {
		if err := write(dst, name, text); err != nil {
			return err
		}
	}

	// Originals first, so that each translation finds its original's front
	// matter; WalkDir's order makes the output the same on every run.
	var originals, translations []string
	root := os.DirFS(filepath.Join(src, content.Dir))
	err = fs.WalkDir(root, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch {
		case strings.HasPrefix(p, "originals/"):
			b, err := fs.ReadFile(root, p)
			if err != nil {
				return err
			}
			return write(dst, path.Join("static", p), string(b))
		case path.Ext(p) != ".md":
			return nil // dossier's YAML
		case lang(p, site.Languages) != "":
			translations = append(translations, p)
		default:
			originals = append(originals, p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	fronts := map[string]map[string]any{}
	for _, p := range append(originals, translations...) {
		b, err := fs.ReadFile(root, p)
		if err != nil {
			return err
		}
		front, body, _, _ := content.SplitFrontMatter(b)
		fm := map[string]any{}
		if err := yaml.Unmarshal(front, &fm); err != nil {
			return fmt.Errorf("%s/%s: %v", content.Dir, p, err)
		}
		if l := lang(p, site.Languages); l != "" {
			orig := strings.TrimSuffix(p, "."+l+".md") + ".md"
			merged := map[string]any{}
			for k, v := range fronts[orig] {
				merged[k] = v
			}
			for k, v := range fm {
				merged[k] = v
			}
			fm = merged
		} else {
			fronts[p] = fm
		}
		out, err := frontMatter(fm)
		if err != nil {
			return fmt.Errorf("%s/%s: %v", content.Dir, p, err)
		}
		if err := write(dst, path.Join("content", target(p)), "---\n"+out+"---\n"+string(body)); err != nil {
			return err
		}
	}
	return nil
}

// lang is the language of a translation's path (x.fr.md: fr), or "" for an
// original.
func lang(p string, langs []string) string {
	base := strings.TrimSuffix(path.Base(p), ".md")
	if i := strings.LastIndexByte(base, '.'); i >= 0 && slices.Contains(langs[1:], base[i+1:]) {
		return base[i+1:]
	}
	return ""
}

// target is where a file of content/ goes below the Hugo site's content/.
func target(p string) string {
	switch {
	case strings.HasPrefix(p, "home."):
		return "_index." + strings.TrimPrefix(p, "home.")
	case strings.HasPrefix(p, "pages/"):
		return strings.TrimPrefix(p, "pages/")
	}
	return p
}

// hugoKeys are the keys Hugo reads, kept at the top of the front matter.
var hugoKeys = []string{"title", "weight", "tags", "actors", "places", "sources"}

// frontMatter is fm as Hugo's YAML front matter.
func frontMatter(fm map[string]any) (string, error) {
	out := map[string]any{}
	rest := map[string]any{}
	for k, v := range fm {
		switch {
		case slices.Contains(hugoKeys, k):
			out[k] = v
		case k == "date": // rewritten below
		default:
			rest[k] = v
		}
	}
	if _, ok := out["title"]; !ok {
		if name, ok := fm["name"]; ok {
			out["title"] = name
		}
	}
	d := fm["date"]
	if pub, ok := fm["published"].(map[string]any); ok && d == nil {
		d = pub["date"]
	}
	if d != nil {
		date, err := hugoDate(d)
		if err != nil {
			return "", err
		}
		out["date"] = date
	}
	if len(rest) > 0 {
		out["dossier"] = rest
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(out); err != nil {
		return "", err
	}
	return b.String(), enc.Close()
}

// hugoDate is a dossier date (2001-05-03, 2001-05 or 2001) as a full date.
func hugoDate(v any) (string, error) {
	switch d := v.(type) {
	case time.Time:
		return d.Format(time.DateOnly), nil
	case int:
		return fmt.Sprintf("%04d-01-01", d), nil
	case string:
		for _, layout := range []string{time.DateOnly, "2006-01", "2006"} {
			if t, err := time.Parse(layout, d); err == nil {
				return t.Format(time.DateOnly), nil
			}
		}
	}
	return "", fmt.Errorf("date %v: not a date of the form 2001-05-03, 2001-05 or 2001", v)
}

func write(dir, name, text string) error {
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, []byte(text), 0o644)
}

// config is hugo.toml: the languages in their order, the first at the
// root; related content indexed as dossier chooses related events.
func config(title, baseURL string, langs []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "baseURL = %q\ntitle = %q\ndefaultContentLanguage = %q\n\n", baseURL, title, langs[0])
	for i, l := range langs {
		fmt.Fprintf(&b, "[languages.%s]\nweight = %d\n", l, i+1)
	}
	b.WriteString(`
[related]
includeNewer = true
threshold = 80
toLower = false
[[related.indices]]
name = "actors"
weight = 100
[[related.indices]]
name = "places"
weight = 80
[[related.indices]]
name = "sources"
weight = 80
[[related.indices]]
name = "tags"
weight = 60
[[related.indices]]
name = "date"
weight = 10
`)
	return b.String()
}

// layouts is the theme.
var layouts = map[string]string{
	"layouts/_default/single.html": `<!DOCTYPE html>
<html lang="{{ .Language.Lang }}">
<head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title></head>
<body>
<nav><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a>{{ with .Parent }} › <a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
<main>
<h1>{{ .Title }}</h1>
{{ if not .Date.IsZero }}<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></p>{{ end }}
{{ .Content }}
{{ with .GetTerms "tags" }}<ul>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ end }}
{{ with .Site.RegularPages.Related . | first 5 }}<h2>Related</h2>
<ul>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
{{ with .Translations }}<ul>{{ range . }}<li><a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}">{{ .Language.Lang }}</a></li>{{ end }}</ul>{{ end }}
</main>
</body>
</html>
`,
	"layouts/_default/list.html": `<!DOCTYPE html>
<html lang="{{ .Language.Lang }}">
<head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title></head>
<body>
<nav><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a></nav>
<main>
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ if not .Date.IsZero }} <time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006-01-02" }}</time>{{ end }}</li>
{{ end }}</ul>
</main>
</body>
</html>
`,
}
