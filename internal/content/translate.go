package content

import (
	"errors"
	"io/fs"
	"path"
	"reflect"
	"slices"
	"strings"

	"github.com/dossier-dev/dossier/internal/diag"
	"github.com/dossier-dev/dossier/internal/yamlstrict"
)

// Translation states of a file in a language other than the default.
const (
	Original   = ""           // the file is in the default language
	Translated = "translated" // a current translation
	Missing    = "missing"    // no translation: the original is shown
	Stale      = "stale"      // the original changed since the translation
)

// TranslationMeta is the key every translation carries: the hash of the
// original it translates, as printed by Hash. `dossier translations -update`
// writes it.
type TranslationMeta struct {
	TranslationOf string `key:"translation_of"`
}

// The keys a translation may set, by kind. Everything else (dates, ids,
// sources, quotes) always comes from the original.
type (
	sourceTr struct {
		TranslationMeta `key:",inline"`
		Title           string `key:"title"`
		Short           string `key:"short"`
		Inferred        string `key:"inferred"`
	}
	eventTr struct {
		TranslationMeta `key:",inline"`
		Title           string `key:"title"`
		Inferred        string `key:"inferred"`
	}
	entityTr struct {
		TranslationMeta `key:",inline"`
		Name            string   `key:"name"`
		Short           string   `key:"short"`
		Aliases         []string `key:"aliases"`
	}
	discrepancyTr struct {
		TranslationMeta `key:",inline"`
		Keys            yamlstrict.KeyPos
		Title           string `key:"title"`
		Claims          []struct {
			Claim string `key:"claim"`
		} `key:"claims"`
	}
	pageTr struct {
		TranslationMeta `key:",inline"`
		Title           string `key:"title"`
	}
	homeTr struct {
		TranslationMeta `key:",inline"`
		Keys            yamlstrict.KeyPos
		Title           string `key:"title"`
		Figures         []struct {
			Value string `key:"value"`
			Label string `key:"label"`
		} `key:"figures"`
	}
	configTr struct {
		TranslationMeta `key:",inline"`
		Title           string `key:"title"`
		Description     string `key:"description"`
		CiteAs          string `key:"cite_as"`
		// Vocabulary terms and menu items are matched by id, not by
		// position.
		Vocabulary `key:",inline"`
		Menu       []MenuItem        `key:"menu"`
		Strings    map[string]string `key:"strings"`
		StringsPos yamlstrict.KeyPos `pos:"strings"`
	}
	membershipTr struct {
		TranslationMeta `key:",inline"`
		Notes           map[string][]string `key:"notes"`
	}
)

// A Status says how one file stands in one language.
type Status struct {
	Lang        string
	Original    string // path of the original, e.g. content/events/x.md
	Translation string // path of the translation, e.g. content/events/x.vi.md
	State       string // Translated, Missing or Stale
	Recorded    string // the translation_of of the translation, if any
	Current     string // the hash of the original now
}

// TranslationPath returns the path of the translation of original into lang:
// content/events/x.md becomes content/events/x.vi.md.
func TranslationPath(original, lang string) string {
	ext := path.Ext(original)
	return strings.TrimSuffix(original, ext) + "." + lang + ext
}

// Localize returns the dossier as readers of lang see it: each translated
// field replaces the original's, and a file without a translation keeps the
// original text. Each File's Status tells which. Problems in translation
// files are errors; stale translations are warnings.
func (d *Dossier) Localize(fsys fs.FS, lang string) (loc *Dossier, warnings diag.List, err error) {
	if lang == d.Config.Languages[0] {
		return d, nil, nil
	}
	t := translator{d: d, fsys: fsys, lang: lang}
	loc = &Dossier{Config: d.Config, Membership: d.Membership, Translations: d.Translations, drafts: d.drafts, cache: d.cache}

	var cfg configTr
	if st := t.yaml(Dir+"/site.yaml", &cfg); st.State != Missing {
		loc.Config.Title = or(cfg.Title, d.Config.Title)
		loc.Config.Description = or(cfg.Description, d.Config.Description)
		loc.Config.CiteAs = or(cfg.CiteAs, d.Config.CiteAs)
	}
	t.config(&loc.Config, &cfg)
	var mem membershipTr
	if st := t.yaml(Dir+"/membership.yaml", &mem); st.State != Missing {
		loc.Membership = t.membership(mem)
	}
	if d.Home != nil && d.Home.generated {
		h := *d.Home
		h.Title = loc.Config.Title
		h.Body = []byte(loc.Config.Description + "\n")
		h.Lang = lang
		loc.Home = &h
	} else if d.Home != nil {
		h := *d.Home
		var tr homeTr
		if t.markdown(&h.File, &tr) {
			h.Title = or(tr.Title, h.Title)
			t.sameLength(h.Path, "figures", tr.Keys["figures"], len(tr.Figures), len(h.Figures))
			h.Figures = slices.Clone(h.Figures)
			for i := range min(len(tr.Figures), len(h.Figures)) {
				h.Figures[i].Value = or(tr.Figures[i].Value, h.Figures[i].Value)
				h.Figures[i].Label = or(tr.Figures[i].Label, h.Figures[i].Label)
			}
		}
		loc.Home = &h
	}
	for _, x := range d.Sources {
		loc.Sources = append(loc.Sources, t.source(x))
	}
	for _, x := range d.Events {
		loc.Events = append(loc.Events, t.event(x))
	}
	for _, x := range d.Entities {
		loc.Entities = append(loc.Entities, t.entity(x))
	}
	for _, x := range d.Discrepancies {
		c := *x
		var tr discrepancyTr
		if t.markdown(&c.File, &tr) {
			c.Title = or(tr.Title, c.Title)
			t.sameLength(c.Path, "claims", tr.Keys["claims"], len(tr.Claims), len(c.Claims))
			c.Claims = slices.Clone(c.Claims)
			for i := range min(len(tr.Claims), len(c.Claims)) {
				c.Claims[i].Claim = or(tr.Claims[i].Claim, c.Claims[i].Claim)
			}
		}
		loc.Discrepancies = append(loc.Discrepancies, &c)
	}
	for _, x := range d.Pages {
		loc.Pages = append(loc.Pages, t.page(x))
	}
	loc.reindex()
	// A translation whose original does not exist is a mistake in its name.
	known := map[string]bool{}
	for _, f := range d.Files() {
		known[f.Path] = true
	}
	for orig, tf := range d.Translations[lang] {
		if !known[orig] {
			t.diags.Add(tf.Path, 0, 0, "translation of %s, which does not exist; rename the file after its original", orig)
		}
	}
	return loc, t.warnings, t.diags.Err()
}

// The files with pages of their own, as readers of t.lang see them: a
// copy of x with its translation, if any, overlaid.

func (t *translator) source(x *Source) *Source {
	s := *x
	var tr sourceTr
	if t.markdown(&s.File, &tr) {
		s.Title = or(tr.Title, s.Title)
		s.Short = or(tr.Short, s.Short)
		s.Published.Inferred = or(tr.Inferred, s.Published.Inferred)
	}
	return &s
}

func (t *translator) event(x *Event) *Event {
	e := *x
	var tr eventTr
	if t.markdown(&e.File, &tr) {
		e.Title = or(tr.Title, e.Title)
		e.Inferred = or(tr.Inferred, e.Inferred)
	}
	return &e
}

func (t *translator) entity(x *Entity) *Entity {
	e := *x
	var tr entityTr
	if t.markdown(&e.File, &tr) {
		e.Name = or(tr.Name, e.Name)
		e.Short = or(tr.Short, e.Short)
		// Readers search by any spelling: keep the original's name and
		// aliases beside the translation's.
		aliases := slices.Clone(tr.Aliases)
		for _, a := range append([]string{x.Name}, x.Aliases...) {
			if a != e.Name && !slices.Contains(aliases, a) {
				aliases = append(aliases, a)
			}
		}
		e.Aliases = aliases
	}
	return &e
}

func (t *translator) page(x *Page) *Page {
	p := *x
	var tr pageTr
	if t.markdown(&p.File, &tr) {
		p.Title = or(tr.Title, p.Title)
	}
	return &p
}

// WithTranslation returns the dossier that d.Localize(fsys, lang) would
// return, loc being what it returned, if the translation file name of an
// event, a source, an entity or a free page held text, as ReadMarkdown
// reads it. A translation sets only words (titles, names, its body),
// never what orders or links files, so the dossier returned is loc but
// for that file, and shares everything else with loc, which is left as
// it was.
//
// ok is false when that cannot be told so: the translation of another
// kind of file, or of one d does not hold, or one with a problem
// (Localize reports it). The preview takes WithTranslation's dossier for
// the page of a file whose translation a translator saved, before it
// reads and checks the whole dossier.
func (d *Dossier) WithTranslation(loc *Dossier, name string, text []byte) (nd *Dossier, ok bool) {
	orig, lang, ok := OriginalPath(name)
	if !ok || loc == nil {
		return nil, false
	}
	t := translator{d: d, lang: lang, saved: &File{Path: name, Lang: lang, Body: text, BodyLine: 1, Hash: Hash(text)}}
	c := *loc
	switch path.Dir(orig) {
	case Dir + "/events":
		ok = relocalize(&c.Events, d.Events, orig, func(x *Event) *File { return &x.File }, t.event)
	case Dir + "/sources":
		ok = relocalize(&c.Sources, d.Sources, orig, func(x *Source) *File { return &x.File }, t.source)
	case Dir + "/entities":
		ok = relocalize(&c.Entities, d.Entities, orig, func(x *Entity) *File { return &x.File }, t.entity)
	case Dir + "/pages":
		ok = relocalize(&c.Pages, d.Pages, orig, func(x *Page) *File { return &x.File }, t.page)
	default:
		ok = false
	}
	if !ok || len(t.diags) > 0 {
		return nil, false
	}
	c.reindex()
	return &c, true
}

// relocalize replaces in *loc, a copy of it, the file at path of orig,
// the files of one kind of a dossier, as localize makes it: loc holds
// them localized, in the same order. It reports false when it cannot.
func relocalize[T any](loc *[]*T, orig []*T, path string, file func(*T) *File, localize func(*T) *T) bool {
	i := slices.IndexFunc(orig, func(x *T) bool { return file(x).Path == path })
	// A file whose hash Load did not take was broken: its translation's
	// state would be read from the file system.
	if i < 0 || len(*loc) != len(orig) || file((*loc)[i]).ID != file(orig[i]).ID || file(orig[i]).Hash == "" {
		return false
	}
	*loc = slices.Clone(*loc)
	(*loc)[i] = localize(orig[i])
	return true
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// reindex rebuilds the id maps after the slices changed.
func (d *Dossier) reindex() {
	d.source, d.entity, d.event, d.page, d.disc = map[string]*Source{}, map[string]*Entity{}, map[string]*Event{}, map[string]*Page{}, map[string]*Discrepancy{}
	for _, x := range d.Sources {
		d.source[x.ID] = x
	}
	for _, x := range d.Entities {
		d.entity[x.ID] = x
	}
	for _, x := range d.Events {
		d.event[x.ID] = x
	}
	for _, x := range d.Pages {
		d.page[x.ID] = x
	}
	for _, x := range d.Discrepancies {
		d.disc[x.ID] = x
	}
}

type translator struct {
	d        *Dossier
	fsys     fs.FS
	lang     string
	diags    diag.List
	warnings diag.List
	// saved, when set, is a translation file read anew, which stands
	// for the one of d.Translations at its path (WithTranslation).
	saved *File
}

func (t *translator) errorf(p, format string, args ...any) {
	t.diags.Add(TranslationPath(p, t.lang), 0, 0, format, args...)
}

// sameLength reports a translated list whose items cannot be matched with
// the original's by position, at its key (at). An empty list translates
// nothing. p is the path of the translation, or of its original.
func (t *translator) sameLength(p, key string, at yamlstrict.Pos, got, want int) {
	if got == 0 || got == want {
		return
	}
	orig := p
	if o, _, ok := OriginalPath(p); ok {
		orig = o
	}
	t.diags.Add(TranslationPath(orig, t.lang), at.Line, at.Col, "%s lists %d items, the original %d: translate each, in the same order", key, got, want)
}

// status compares a translation's translation_of with its original's hash,
// current (read from orig when empty), and warns when the translation is
// stale.
func (t *translator) status(orig, recorded, current string) Status {
	st := Status{Lang: t.lang, Original: orig, Translation: TranslationPath(orig, t.lang), Recorded: recorded, State: Translated, Current: current}
	if current == "" {
		if b, err := readText(t.fsys, orig, MaxMarkdownSize); err == nil {
			st.Current = Hash(b)
		}
	}
	switch {
	case recorded == "":
		st.State = Stale
		t.warnings.Add(st.Translation, 0, 0, "no translation_of: once the translation is current, run: dossier translations -update %s", st.Translation)
	case recorded != st.Current:
		st.State = Stale
		t.warnings.Add(st.Translation, 0, 0, "%s has changed since this translation (translation_of %s, now %s): update the translation, then run: dossier translations -update %s", orig, recorded, st.Current, st.Translation)
	}
	return st
}

// markdown overlays the translation of f, if there is one, onto f: the body
// and path become the translation's, and tr receives its front matter.
func (t *translator) markdown(f *File, tr any) bool {
	tf := t.d.Translations[t.lang][f.Path]
	if t.saved != nil && t.saved.Path == TranslationPath(f.Path, t.lang) {
		tf = t.saved
	}
	if tf == nil {
		f.Status = Status{Lang: t.lang, Original: f.Path, Translation: TranslationPath(f.Path, t.lang), State: Missing}
		return false
	}
	front, body, bodyLine, ok := SplitFrontMatter(tf.Body)
	if !ok {
		t.diags.Add(tf.Path, 1, 1, "missing front matter: the file must start with a line \"---\", then YAML keys, then another \"---\"")
		return false
	}
	t.diags.Append(t.decode(tf.Path, tf.Body, front, tr))
	meta := metaOf(tr)
	orig := *f
	*f = File{Path: tf.Path, ID: f.ID, Lang: t.lang, Body: body, BodyLine: bodyLine, Hash: tf.Hash, front: frontSum(front)}
	f.Status = t.status(orig.Path, meta.TranslationOf, orig.Hash) // the original as Load read it
	if strings.TrimSpace(string(body)) == "" {
		// A translation of the front matter only: keep the original text,
		// untranslated unless there is none (an entity with a name only).
		f.Body, f.BodyLine, f.Path = orig.Body, orig.BodyLine, orig.Path
		if strings.TrimSpace(string(orig.Body)) != "" {
			f.Status.State = Missing
		}
	}
	return true
}

// decode decodes front, the front matter of the translation file p, whose
// bytes are b, into tr, and returns its problems: as the last load
// decoded it, when b is the same (Cache).
func (t *translator) decode(p string, b, front []byte, tr any) diag.List {
	type decoded struct {
		tr    any // never changed
		diags diag.List
	}
	v := reflect.ValueOf(tr).Elem()
	key := memoKey{p, "translation " + v.Type().Name()}
	if m, ok := t.d.cache.get(key, b).(*decoded); ok {
		v.Set(reflect.ValueOf(m.tr).Elem())
		return m.diags
	}
	ds := t.d.cache.YAML().Parse(p, front, 1, tr)
	kept := reflect.New(v.Type())
	kept.Elem().Set(v)
	t.d.cache.put(key, b, &decoded{kept.Interface(), ds})
	return ds
}

// yaml reads the translation of a YAML file (site.yaml, membership.yaml).
func (t *translator) yaml(orig string, tr any) Status {
	p := TranslationPath(orig, t.lang)
	b, err := readText(t.fsys, p, MaxYAMLSize)
	if errors.Is(err, fs.ErrNotExist) {
		return Status{State: Missing}
	}
	if re, ok := isReadError(err); ok {
		t.diags.Add(p, re.line, re.col, "%s", re.msg)
		return Status{State: Missing}
	}
	if err != nil {
		t.diags.Add(p, 0, 0, "cannot read: %v", err)
		return Status{State: Missing}
	}
	t.diags.Append(t.d.cache.YAML().Parse(p, b, 0, tr))
	return t.status(orig, metaOf(tr).TranslationOf, "")
}

// meta lets every translation type, which embeds TranslationMeta, give
// its translation_of.
func (m TranslationMeta) meta() TranslationMeta { return m }

func metaOf(tr any) TranslationMeta {
	return tr.(interface{ meta() TranslationMeta }).meta()
}

// config overlays the translated labels of site.yaml on c, a copy of the
// original's.
func (t *translator) config(c *Config, tr *configTr) {
	p := TranslationPath(Dir+"/site.yaml", t.lang)
	orig, trv := c.Vocabulary.lists(), tr.Vocabulary.lists()
	for i := range orig {
		if len(trv[i].terms) == 0 {
			continue
		}
		ts := slices.Clone(orig[i].terms)
		for _, x := range trv[i].terms {
			j := slices.IndexFunc(ts, func(o Term) bool { return o.ID == x.ID })
			if j < 0 {
				t.diags.Add(p, x.Line, x.Col, "%s: %q is not a term of site.yaml; translate only the terms it lists", orig[i].key, x.ID)
				continue
			}
			ts[j].Label = or(x.Label, ts[j].Label)
			ts[j].Plural = or(x.Plural, ts[j].Plural)
			ts[j].Translated = x.Label != ""
		}
		switch orig[i].key {
		case "entity_kinds":
			c.EntityKinds = ts
		case "topics":
			c.Topics = ts
		case "joining":
			c.Joining = ts
		case "leaving":
			c.Leaving = ts
		case "tags":
			c.Tags = ts
		}
	}
	if len(tr.Menu) > 0 {
		c.Menu = slices.Clone(c.Menu)
		for _, x := range tr.Menu {
			j := slices.IndexFunc(c.Menu, func(o MenuItem) bool { return o.Section == x.Section })
			if j < 0 {
				t.diags.Add(p, x.Line, x.Col, "menu: %q is not in the menu of site.yaml; translate only its items", x.Section)
				continue
			}
			c.Menu[j].Label = or(x.Label, c.Menu[j].Label)
		}
	}
	// The site's own wording is in one language: another language shows
	// its translation, or the theme's words for that language.
	for k := range c.Strings {
		if _, ok := tr.Strings[k]; !ok {
			t.warnings.Add(p, 0, 0, "strings: %q has no translation; readers of this language see the theme's wording; add it under strings:", k)
		}
	}
	c.Strings, c.StringsPos = tr.Strings, tr.StringsPos
}

func (t *translator) membership(tr membershipTr) *Membership {
	const p = Dir + "/membership.yaml"
	if t.d.Membership == nil {
		if len(tr.Notes) > 0 {
			t.errorf(p, "notes for a membership.yaml that does not exist")
		}
		return nil
	}
	m := &Membership{Organization: t.d.Membership.Organization, Members: slices.Clone(t.d.Membership.Members)}
	for id, notes := range tr.Notes {
		i := slices.IndexFunc(m.Members, func(c MemberHistory) bool { return c.Member.ID == id })
		if i < 0 {
			t.errorf(p, "notes for %q, which is not in membership.yaml", id)
			continue
		}
		c := &m.Members[i]
		if len(notes) != len(c.Periods) {
			t.errorf(p, "notes for %q lists %d items, one per period is %d", id, len(notes), len(c.Periods))
		}
		c.Periods = slices.Clone(c.Periods)
		for j := range min(len(notes), len(c.Periods)) {
			c.Periods[j].Note = or(notes[j], c.Periods[j].Note)
		}
	}
	return m
}

// TranslationStatus lists, for every language but the default, how each
// translatable file stands.
func (d *Dossier) TranslationStatus(fsys fs.FS) []Status {
	var out []Status
	for _, lang := range d.Config.Languages[1:] {
		loc, _, _ := d.Localize(fsys, lang)
		t := translator{d: d, fsys: fsys, lang: lang}
		for _, orig := range []string{Dir + "/site.yaml", Dir + "/membership.yaml"} {
			var tr any = &configTr{}
			if strings.HasSuffix(orig, "membership.yaml") {
				if !d.Membership.hasNotes() {
					continue // its translation holds notes only: nothing to translate
				}
				tr = &membershipTr{}
			}
			st := t.yaml(orig, tr)
			st.Lang, st.Original, st.Translation = lang, orig, TranslationPath(orig, lang)
			out = append(out, st)
		}
		for _, f := range loc.Files() {
			out = append(out, f.Status)
		}
	}
	slices.SortStableFunc(out, func(a, b Status) int { return strings.Compare(a.Translation, b.Translation) })
	return out
}

// Files lists every Markdown file of the dossier: home, sources, events,
// entities, discrepancies and pages.
func (d *Dossier) Files() []*File {
	var fs []*File
	if d.Home != nil && !d.Home.generated {
		fs = append(fs, &d.Home.File)
	}
	for _, x := range d.Sources {
		fs = append(fs, &x.File)
	}
	for _, x := range d.Events {
		fs = append(fs, &x.File)
	}
	for _, x := range d.Entities {
		fs = append(fs, &x.File)
	}
	for _, x := range d.Discrepancies {
		fs = append(fs, &x.File)
	}
	for _, x := range d.Pages {
		fs = append(fs, &x.File)
	}
	return fs
}

// OriginalPath returns the original of a translation path and the
// translation's language: content/events/x.vi.md gives content/events/x.md
// and "vi". ok is false for a path that is not a translation's.
func OriginalPath(p string) (orig, lang string, ok bool) {
	ext := path.Ext(p)
	base := strings.TrimSuffix(p, ext)
	i := strings.LastIndexByte(base, '.')
	if i < 0 || strings.ContainsRune(base[i:], '/') || len(base)-i-1 != 2 {
		return "", "", false
	}
	return base[:i] + ext, base[i+1:], true
}

// SetTranslationOf returns the translation file b with its translation_of
// key set to hash, added if missing. Markdown files have it in their front
// matter; YAML files at the top level.
func SetTranslationOf(b []byte, hash string, markdown bool) ([]byte, error) {
	s := string(normalizeNewlines(b))
	line := "translation_of: " + hash
	var head, rest string
	if markdown {
		if !strings.HasPrefix(s, "---\n") {
			return nil, errors.New("no front matter: the file must start with a line \"---\"")
		}
		head, rest = "---\n", s[4:]
	} else {
		rest = s
	}
	var out strings.Builder
	out.WriteString(head)
	replaced := false
	for l := range strings.Lines(rest) {
		if !replaced && strings.HasPrefix(l, "translation_of:") {
			out.WriteString(line + "\n")
			replaced = true
			continue
		}
		if markdown && !replaced && strings.TrimRight(l, " \t\n") == "---" {
			// The end of the front matter, without the key: add it.
			out.WriteString(line + "\n")
			replaced = true
		}
		out.WriteString(l)
	}
	if !replaced {
		if markdown {
			return nil, errors.New("unclosed front matter: add a line \"---\" after the keys")
		}
		return []byte(line + "\n" + out.String()), nil
	}
	return []byte(out.String()), nil
}

// hasNotes reports whether any membership period has a note, the only
// text of membership.yaml that a translation gives.
func (m *Membership) hasNotes() bool {
	if m == nil {
		return false
	}
	for _, c := range m.Members {
		for _, p := range c.Periods {
			if p.Note != "" {
				return true
			}
		}
	}
	return false
}
