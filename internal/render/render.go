// Package render lays pages out with the site's html/template files.
//
// templates/ holds one file per page kind (home.html, event.html, …) and
// shared files whose names start with an underscore (_base.html,
// _partials.html). Each page template is parsed together with the shared
// files, so every page kind can define the "main" block of the base layout.
// A page's view model names its template (site.View's TemplateName): an
// *site.Event is laid out by event.html. Templates receive the page's
// site.Layout with its view model as Data (one struct, whose fields
// text/template finds at once: through an embedded struct it searches
// them, allocating, at every use), and can call these functions:
//
//	t KEY ARGS...   the interface string KEY in the page's language
//	json VALUE      VALUE as JSON, safe inside <script>
//	cached NAME VALUE FIELD...
//	                the template NAME executed with only these fields of
//	                VALUE, laid out once for each value they hold (cached.go)
package render

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/dossier-dev/dossier/internal/diag"
	"github.com/dossier-dev/dossier/internal/i18n"
	"github.com/dossier-dev/dossier/internal/site"
)

// Dir is where templates live, relative to the site root.
const Dir = "templates"

// Templates is a parsed set of page templates.
//
// Each page template is parsed with the shared files into a set of its
// own, and its pages are laid out by that set in every language: the
// functions of every set read the language being laid out from lang, so
// that no set is cloned for a language, and each is escaped (by
// html/template, on its first execution) once. Cloning and escaping a set
// for each language took a tenth of a build's time. One Write runs at a
// time (mu), and it lays the languages out one after the other.
type Templates struct {
	byName map[string]*template.Template
	// shared holds the shared files alone: a part (cached.go) whose
	// templates the page's file does not define is laid out by it, for
	// the pages of every template.
	shared *template.Template
	// own lists the templates that each page's file defines, by page
	// template; calls lists the templates that each shared template
	// calls, directly or not.
	own   map[string]map[string]bool
	calls map[string][]string
	srcs  map[string][]byte // the files, by name, to locate errors in

	mu   sync.Mutex
	lang langState
}

// langState is what the template functions of every set read: the
// language being laid out, and its parts laid out so far.
type langState struct {
	cat   *i18n.Catalog
	parts *parts
}

// Load parses the templates in fsys/templates.
func Load(fsys fs.FS) (*Templates, diag.List) {
	var diags diag.List
	entries, err := fs.ReadDir(fsys, Dir)
	if err != nil {
		diags.Add(Dir, 0, 0, "cannot read templates: %v", err)
		return nil, diags
	}
	t := &Templates{byName: map[string]*template.Template{}, own: map[string]map[string]bool{}, srcs: map[string][]byte{}}
	t.shared = template.New("").Funcs(t.funcs(""))
	var pages []string
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || path.Ext(name) != ".html" {
			continue
		}
		if strings.HasPrefix(name, "_") {
			if err := t.parseFile(fsys, t.shared, name); err != nil {
				diags = append(diags, templateError(err, t.srcs, t.shared))
			}
			continue
		}
		pages = append(pages, name)
	}
	if len(diags) > 0 {
		return nil, diags
	}
	// The page files are parsed on every core, each into a clone of the
	// shared set.
	sets := make([]*template.Template, len(pages))
	errs := make([]error, len(pages))
	srcs := make([][]byte, len(pages))
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), len(pages)) {
		wg.Go(func() {
			for i := range next {
				sets[i], srcs[i], errs[i] = parsePage(fsys, t.shared, pages[i])
			}
		})
	}
	for i := range pages {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, name := range pages {
		if srcs[i] != nil {
			t.srcs[name] = srcs[i]
		}
	}
	for i, name := range pages {
		c, err := sets[i], errs[i]
		if c == nil {
			diags.Add(path.Join(Dir, name), 0, 0, "%v", err)
			continue
		}
		if err != nil {
			diags = append(diags, templateError(err, t.srcs, c))
			continue
		}
		if c.Lookup("base") == nil {
			diags.Add(path.Join(Dir, name), 0, 0, `no template "base": define it in templates/_base.html`)
			continue
		}
		tmpl := strings.TrimSuffix(name, ".html")
		t.byName[tmpl] = c.Funcs(t.funcs(tmpl))
		t.own[tmpl] = map[string]bool{}
		for _, d := range c.Templates() {
			if d.Tree != nil && d.Tree.ParseName == name {
				t.own[tmpl][d.Name()] = true
			}
		}
	}
	if len(diags) > 0 {
		return nil, diags
	}
	t.calls = calls(t.shared)
	return t, nil
}

// parsePage parses the page file name into a clone of shared, and returns
// the set (nil if it could not be made), the file and the error.
func parsePage(fsys fs.FS, shared *template.Template, name string) (*template.Template, []byte, error) {
	c, err := shared.Clone()
	if err != nil {
		return nil, nil, err
	}
	b, err := fs.ReadFile(fsys, path.Join(Dir, name))
	if err != nil {
		return c, nil, err
	}
	_, err = c.New(name).Parse(string(b))
	return c, b, err
}

func (t *Templates) parseFile(fsys fs.FS, set *template.Template, name string) error {
	b, err := fs.ReadFile(fsys, path.Join(Dir, name))
	if err != nil {
		return err
	}
	t.srcs[name] = b
	_, err = set.New(name).Parse(string(b))
	return err
}

// pristine parses the set of the page template name again, never
// executed, for templateError: the sets that lay pages out are escaped,
// and an escaping error drops their trees.
func (t *Templates) pristine(name string) *template.Template {
	set := template.New("").Funcs(funcs(&langState{}, nil))
	for _, f := range slices.Sorted(maps.Keys(t.srcs)) {
		if strings.HasPrefix(f, "_") || f == name+".html" {
			if _, err := set.New(f).Parse(string(t.srcs[f])); err != nil {
				return nil
			}
		}
	}
	return set
}

// funcs returns the template functions of the set of the page template
// tmpl ("" for the shared set), which read the language being laid out.
func (t *Templates) funcs(tmpl string) template.FuncMap {
	return funcs(&t.lang, func(name string, dot any, fields []string) (template.HTML, error) {
		return t.lang.parts.cached(tmpl, name, dot, fields)
	})
}

// funcs returns the template functions: of the language st holds (no
// catalogue while parsing), with cached laying parts out.
func funcs(st *langState, cached func(name string, dot any, fields []string) (template.HTML, error)) template.FuncMap {
	return template.FuncMap{
		"t": func(key string, args ...any) (string, error) {
			cat := st.cat
			if cat == nil {
				return "", nil
			}
			if !cat.Has(key) {
				return "", fmt.Errorf("unknown interface string %q: add it to templates/i18n/%s.yaml", key, cat.Lang)
			}
			return cat.T(key, args...), nil
		},
		"json": func(v any) (template.JS, error) {
			b, err := json.Marshal(v) // escapes <, > and & as \u003c…, so </script> cannot close the element
			return template.JS(b), err
		},
		"cached": func(name string, dot any, fields ...string) (template.HTML, error) {
			if cached == nil {
				return "", nil
			}
			return cached(name, dot, fields)
		},
	}
}

// Render lays out every page of s, in parallel, and returns the files by
// path. The links of the bodies in the pages' views climb to the site root
// by a mark, resolved for each page as it is written (see pageWriter).
func (t *Templates) Render(s *site.Site) (map[string][]byte, diag.List) {
	files, diags, _ := t.RenderContext(context.Background(), s)
	return files, diags
}

// RenderContext is Render, which gives up once ctx is done, laying out no
// page after, and returns ctx's error.
func (t *Templates) RenderContext(ctx context.Context, s *site.Site) (map[string][]byte, diag.List, error) {
	files := map[string][]byte{}
	var mu sync.Mutex
	diags, err := t.Write(s, func(name string, b []byte) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		b = bytes.Clone(b)
		mu.Lock()
		files[name] = b
		mu.Unlock()
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	if len(diags) > 0 {
		return nil, diags, nil
	}
	return files, nil, nil
}

// Write lays out every page of s, in parallel on every core, and hands
// each file to emit as soon as it is laid out, from any goroutine: emit
// must be safe for concurrent use and keep nothing of b. Each page's view
// is computed as it is laid out (site.Page.View) and dropped after, so
// that neither the site's views nor its files are all in memory at once.
// The error is emit's first; template errors are in the list.
func (t *Templates) Write(s *site.Site, emit func(name string, b []byte) error) (diag.List, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	pages := s.Pages
	// 404.html is laid out by templates/notfound.html; a site without
	// that template has none.
	if s.NotFound != nil && t.byName[s.NotFound.TemplateName()] != nil {
		pages = append(slices.Clip(pages), s.NotFound)
	}
	var diags diag.List
	missing := map[string]bool{}
	var langs []string
	byLang := map[string][]*site.Page{}
	for _, p := range pages {
		if name := p.TemplateName(); t.byName[name] == nil {
			if !missing[name] {
				missing[name] = true
				diags.Add(path.Join(Dir, name+".html"), 0, 0, "template is missing: every %s page needs it", name)
			}
			continue
		}
		if byLang[p.Lang] == nil {
			langs = append(langs, p.Lang)
		}
		byLang[p.Lang] = append(byLang[p.Lang], p)
	}
	if len(diags) > 0 {
		return diags, nil
	}

	var mu sync.Mutex
	var failed error
	// A worker's buffer passes to a worker of the next language, grown
	// to the largest page already: not grown again from nothing.
	bufs := make(chan []byte, runtime.GOMAXPROCS(0))
	for _, lang := range langs {
		// Between languages no page is being laid out: the functions
		// read the new language once the workers of the last are done.
		t.lang = langState{cat: s.Catalogs[lang], parts: t.newParts()}
		var wg sync.WaitGroup
		work := make(chan *site.Page)
		for range runtime.GOMAXPROCS(0) {
			wg.Go(func() {
				var w pageWriter
				select {
				case w.buf = <-bufs:
				default:
				}
				defer func() {
					select {
					case bufs <- w.buf:
					default:
					}
				}()
				for p := range work {
					w.reset(p)
					v := *p.Laid()
					v.Data = p.View()
					err := t.byName[p.TemplateName()].ExecuteTemplate(&w, "base", &v)
					if err == nil {
						if err := emit(p.File(), w.buf); err != nil {
							mu.Lock()
							failed = cmp.Or(failed, err)
							mu.Unlock()
						}
						continue
					}
					d := partDiag(err, t.srcs, t.pristine(p.TemplateName()))
					mu.Lock()
					diags = append(diags, d)
					mu.Unlock()
				}
			})
		}
		for _, p := range byLang[lang] {
			mu.Lock()
			stop := failed != nil
			mu.Unlock()
			if stop {
				break
			}
			work <- p
		}
		close(work)
		wg.Wait()
	}
	t.lang = langState{}
	if failed != nil {
		return nil, failed
	}
	if len(diags) > 0 {
		// The same template error would be reported once per page.
		diags = diags.Sort()
		diags = slices.CompactFunc(diags, func(a, b diag.Diagnostic) bool { return a == b })
		return diags, nil
	}
	return nil, nil
}
