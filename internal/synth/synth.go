// Package synth writes synthetic dossiers of any size, to measure the build
// at scales no real dossier has yet: N events, N/10 sources with their
// original texts, 200 entities, N/50 discrepancies, a membership.yaml, two
// free pages and a home page, in two languages with every fourth file
// translated. Each body has about 350 words with citations, cross-links, a
// table, a code block and a footnote; every quote is a sentence copied from
// its source's original. The dossier builds with no problem and no warning
// under -strict, so what a benchmark measures is a build that succeeds.
//
// The output is a pure function of Options: the same seed and size give
// the same files, byte for byte, so figures measured on two machines, or
// before and after a change, are of the same input.
package synth

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dossier-dev/dossier/internal/content"
)

// Options say what to generate.
type Options struct {
	Events int    // number of events; sources are Events/10 (at least 2)
	Seed   uint64 // the random seed; the same seed gives the same dossier
}

// Entities is the number of entities of every generated dossier.
const Entities = 200

// Generate writes a dossier into dir (which should be empty or absent):
// dir/content/… as the content format describes.
func Generate(dir string, opts Options) error {
	g := newGen(opts)
	files := g.files()
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, f.body, 0o644); err != nil {
			return err
		}
	}
	return nil
}

type file struct {
	path string
	body []byte
}

type entity struct {
	id, name, kind string
}

type source struct {
	id, title string
	sentences []string // the original, one sentence each
	date      string
}

type event struct {
	id, title, date string
	background      bool
	sources         []int // indexes into gen.sources
	actors, places  []int // indexes into gen.entities
}

type gen struct {
	r        *rand.Rand
	n        int
	entities []entity
	sources  []source
	events   []event
	out      []file
}

// Period of the generated dossier: events before it are background.
const (
	periodStart = 2001
	periodEnd   = 2020
	firstYear   = 1961
)

var kinds = []string{"person", "organization", "country", "place"}

func newGen(opts Options) *gen {
	g := &gen{r: rand.New(rand.NewPCG(opts.Seed, 0x5eed)), n: max(opts.Events, 1)}
	for i := range Entities {
		kind := kinds[i%len(kinds)]
		if i == 0 {
			kind = "organization" // the organisation of membership.yaml
		}
		name := g.title(2)
		g.entities = append(g.entities, entity{id: fmt.Sprintf("ent-%03d-%s", i, slug(name)), name: name, kind: kind})
	}
	for i := range max(g.n/10, 2) {
		t := g.title(5)
		s := source{id: fmt.Sprintf("src-%05d", i), title: t, date: g.date(periodStart, periodEnd, true)}
		for range 40 {
			s.sentences = append(s.sentences, g.sentence(words, 10+g.r.IntN(10)))
		}
		g.sources = append(g.sources, s)
	}
	for i := range g.n {
		t := g.title(6)
		e := event{id: fmt.Sprintf("ev-%06d-%s", i, slug(t)), title: t}
		if g.r.IntN(10) == 0 {
			e.background = true
			e.date = g.date(firstYear, periodStart-1, false)
		} else {
			e.date = g.date(periodStart, periodEnd, true)
		}
		for range 1 + g.r.IntN(3) {
			e.sources = appendNew(e.sources, g.r.IntN(len(g.sources)))
		}
		for range 1 + g.r.IntN(3) {
			e.actors = appendNew(e.actors, g.entityOf("person", "organization"))
		}
		e.places = appendNew(e.places, g.entityOf("place", "country"))
		g.events = append(g.events, e)
	}
	return g
}

func appendNew(xs []int, x int) []int {
	for _, y := range xs {
		if y == x {
			return xs
		}
	}
	return append(xs, x)
}

// entityOf picks an entity of one of the kinds.
func (g *gen) entityOf(ks ...string) int {
	for {
		i := g.r.IntN(len(g.entities))
		for _, k := range ks {
			if g.entities[i].kind == k {
				return i
			}
		}
	}
}

func (g *gen) date(from, to int, day bool) string {
	y := from + g.r.IntN(to-from+1)
	if !day {
		return fmt.Sprint(y)
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, 1+g.r.IntN(12), 1+g.r.IntN(28))
}

func (g *gen) files() []file {
	g.add("content/site.yaml", g.siteYAML())
	g.add("content/site.fr.yaml", g.translation("content/site.yaml", "title: Dossier synthétique de "+fmt.Sprint(g.n)+" événements\ndescription: Un dossier généré pour mesurer la construction.\n", ""))
	g.home()
	g.pages()
	for i := range g.entities {
		g.entity(i)
	}
	for i := range g.sources {
		g.source(i)
	}
	for i := range g.events {
		g.event(i)
	}
	g.discrepancies()
	g.membership()
	return g.out
}

func (g *gen) add(p, body string) {
	g.out = append(g.out, file{path: p, body: []byte(body)})
}

// translation returns the French translation of the file at orig (already
// added): its front matter, translation_of the original's hash, then body.
func (g *gen) translation(orig, front, body string) string {
	var b []byte
	for _, f := range g.out {
		if f.path == orig {
			b = f.body
		}
	}
	fm := "translation_of: " + content.Hash(b) + "\n" + front
	if strings.HasSuffix(orig, ".yaml") {
		return fm
	}
	return "---\n" + fm + "---\n" + body
}

func (g *gen) translate(orig, front, body string) {
	g.add(strings.TrimSuffix(orig, filepath.Ext(orig))+".fr"+filepath.Ext(orig), g.translation(orig, front, body))
}

func (g *gen) siteYAML() string {
	return fmt.Sprintf(`title: A synthetic dossier of %d events
description: "A generated dossier, to measure the build: %d events, %d sources, %d entities."
base_url: https://example.org/synthetic/
languages: [en, fr]
period:
  start: %d-01-01
  end: %d-12-31
`, g.n, g.n, len(g.sources), len(g.entities), periodStart, periodEnd)
}

func (g *gen) home() {
	s := g.sources[0]
	front := fmt.Sprintf("title: %s\nfigures:\n  - value: \"%d\"\n    label: events in the dossier\n    sources: [%s]\n", "A synthetic dossier", g.n, s.id)
	g.add("content/home.md", "---\n"+front+"---\n"+g.body(words, []int{0}, 120, false))
	g.translate("content/home.md", "title: Un dossier synthétique\n", g.body(frWords, []int{0}, 120, false))
}

func (g *gen) pages() {
	for i, id := range []string{"about", "method"} {
		p := "content/pages/" + id + ".md"
		g.add(p, fmt.Sprintf("---\ntitle: %s\nweight: %d\n---\n%s", strings.ToUpper(id[:1])+id[1:], i+1, g.prose(words, 200)))
		g.translate(p, "title: Page "+id+"\n", g.prose(frWords, 200))
	}
}

func (g *gen) entity(i int) {
	e := g.entities[i]
	p := "content/entities/" + e.id + ".md"
	srcs := []int{g.r.IntN(len(g.sources)), g.r.IntN(len(g.sources))}
	g.add(p, fmt.Sprintf("---\nname: %s\nkind: %s\naliases: [%s]\n---\n%s", e.name, e.kind, g.title(2), g.body(words, srcs, 350, true)))
	if i%4 == 0 {
		g.translate(p, "name: "+e.name+" (fr)\n", g.body(frWords, srcs, 350, true))
	}
}

func (g *gen) source(i int) {
	s := g.sources[i]
	p := "content/sources/" + s.id + ".md"
	orig := "originals/" + s.id + ".txt"
	var mentions []string
	for range 3 {
		mentions = append(mentions, g.entities[g.r.IntN(len(g.entities))].id)
	}
	g.add("content/"+orig, strings.Join(s.sentences, " ")+"\n")
	g.add(p, fmt.Sprintf("---\ntitle: %s\npublisher: %s\nlanguage: en\npublished:\n  date: %s\n  precision: day\noriginal: %s\nmentions: [%s]\nshort: %s\n---\n%s",
		s.title, g.title(2), s.date, orig, strings.Join(dedupe(mentions), ", "), s.title[:min(len(s.title), 20)], g.body(words, []int{i}, 350, true)))
	if i%4 == 0 {
		g.translate(p, "title: "+s.title+" (fr)\n", g.body(frWords, []int{i}, 350, true))
	}
}

func dedupe(xs []string) []string {
	var out []string
	for _, x := range xs {
		if !contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func (g *gen) event(i int) {
	e := g.events[i]
	p := "content/events/" + e.id + ".md"
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: %s\ndate: %s\n", e.title, e.date)
	fmt.Fprintf(&b, "actors: [%s]\nplaces: [%s]\n", g.entityIDs(e.actors), g.entityIDs(e.places))
	fmt.Fprintf(&b, "tags: [%s, %s]\n", tags[g.r.IntN(len(tags))], tags[g.r.IntN(len(tags))])
	var ids []string
	for _, s := range e.sources {
		ids = append(ids, g.sources[s].id)
	}
	fmt.Fprintf(&b, "sources: [%s]\n", strings.Join(ids, ", "))
	s := g.sources[e.sources[0]]
	fmt.Fprintf(&b, "quotes:\n  - source: %s\n    text: \"%s\"\n    by: %s\n", s.id, s.sentences[g.r.IntN(len(s.sentences))], g.entities[e.actors[0]].id)
	b.WriteString("---\n")
	body := g.body(words, e.sources, 350, true)
	b.WriteString(body)
	g.add(p, b.String())
	if i%4 == 0 {
		g.translate(p, "title: "+e.title+" (fr)\n", g.body(frWords, e.sources, 350, true))
	}
}

func (g *gen) entityIDs(is []int) string {
	var ids []string
	for _, i := range is {
		ids = append(ids, g.entities[i].id)
	}
	return strings.Join(dedupe(ids), ", ")
}

func (g *gen) discrepancies() {
	topics := []string{"figures", "names", "dates", "places", "responsibility", "characterisation", "other"}
	for i := range max(g.n/50, 1) {
		id := fmt.Sprintf("disc-%04d", i)
		p := "content/discrepancies/" + id + ".md"
		a, c := g.r.IntN(len(g.sources)), g.r.IntN(len(g.sources))
		if a == c {
			c = (a + 1) % len(g.sources)
		}
		var b strings.Builder
		fmt.Fprintf(&b, "---\ntitle: %s\ntopic: %s\nevents: [%s, %s]\nclaims:\n", g.title(5), topics[i%len(topics)],
			g.events[g.r.IntN(len(g.events))].id, g.events[g.r.IntN(len(g.events))].id)
		for _, s := range []int{a, c} {
			src := g.sources[s]
			fmt.Fprintf(&b, "  - source: %s\n    claim: %s\n    quote: \"%s\"\n", src.id, g.sentence(words, 12), src.sentences[g.r.IntN(len(src.sentences))])
		}
		b.WriteString("---\n")
		b.WriteString(g.body(words, []int{a, c}, 250, false))
		g.add(p, b.String())
	}
}

func (g *gen) membership() {
	var b strings.Builder
	fmt.Fprintf(&b, "organization: %s\nmembers:\n", g.entities[0].id)
	n := 0
	for i, e := range g.entities {
		if e.kind != "country" || n == 20 {
			continue
		}
		n++
		joined := 1960 + g.r.IntN(40)
		fmt.Fprintf(&b, "  - member: %s\n    periods:\n      - joined: %d-%02d-%02d\n        how: %s\n        sources: [%s]\n",
			e.id, joined, 1+g.r.IntN(12), 1+g.r.IntN(28), map[bool]string{true: "founding member", false: "joined"}[i < 20], g.sources[g.r.IntN(len(g.sources))].id)
		if n%3 == 0 {
			fmt.Fprintf(&b, "        left: %d\n        why: withdrew\n", joined+1+g.r.IntN(20))
		}
	}
	g.add("content/membership.yaml", b.String())
}

// body writes about n words of Markdown: paragraphs that cite the sources
// and link entities, events and sources, a table whose rows cite, a code
// block and, when rich, a footnote.
func (g *gen) body(ws []string, srcs []int, n int, rich bool) string {
	var b strings.Builder
	cite := func() string {
		return "[@" + g.sources[srcs[g.r.IntN(len(srcs))]].id + "]"
	}
	para := func(k int) {
		b.WriteString(g.sentence(ws, k/2))
		e := g.entities[g.r.IntN(len(g.entities))]
		fmt.Fprintf(&b, " [[%s]] ", e.id)
		if g.r.IntN(3) == 0 {
			fmt.Fprintf(&b, "[[events/%s|%s]] ", g.events[g.r.IntN(len(g.events))].id, ws[g.r.IntN(len(ws))])
		}
		b.WriteString(g.sentence(ws, k/2))
		b.WriteString(" " + cite() + "\n\n")
	}
	para(40)
	words := 40
	if rich {
		para(50)
		b.WriteString("| " + g.title(1) + " | " + g.title(1) + " | " + g.title(1) + " |\n|---|---:|---|\n")
		for range 3 {
			fmt.Fprintf(&b, "| %s | %d | %s %s |\n", g.sentence(ws, 3), g.r.IntN(10000), g.sentence(ws, 4), cite())
		}
		b.WriteString("\n")
		lang := codeLangs[g.r.IntN(len(codeLangs))]
		b.WriteString("```" + lang.name + "\n" + fmt.Sprintf(lang.code, ws[g.r.IntN(len(ws))], g.r.IntN(1000)) + "```\n\n")
		fmt.Fprintf(&b, "%s[^1] %s\n\n", g.sentence(ws, 30), cite())
		fmt.Fprintf(&b, "[^1]: %s %s\n\n", g.sentence(ws, 12), cite())
		words += 50 + 21 + 20 + 30 + 12
	}
	for words < n {
		k := min(60+g.r.IntN(30), n-words+10)
		para(k)
		words += k
	}
	return b.String()
}

// prose is editorial text, for free pages: no citations needed.
func (g *gen) prose(ws []string, n int) string {
	var b strings.Builder
	for w := 0; w < n; w += 50 {
		b.WriteString(g.sentence(ws, 25) + " " + g.sentence(ws, 25) + "\n\n")
	}
	return b.String()
}

var codeLangs = []struct{ name, code string }{
	{"go", "func count(%s []string) int {\n\tn := %d\n\tfor range %[1]s {\n\t\tn++\n\t}\n\treturn n\n}\n"},
	{"python", "def count(%s):\n    n = %d\n    for _ in %[1]s:\n        n += 1\n    return n\n"},
	{"yaml", "name: %s\ncount: %d\nlist: [a, b, c]\n"},
	{"json", "{\"name\": \"%s\", \"count\": %d, \"list\": [1, 2, 3]}\n"},
}

// sentence is k words of ws, capitalised, ending with a full stop.
func (g *gen) sentence(ws []string, k int) string {
	if k <= 0 {
		return ""
	}
	parts := make([]string, k)
	for i := range parts {
		parts[i] = ws[g.r.IntN(len(ws))]
	}
	parts[0] = capital(parts[0])
	return strings.Join(parts, " ") + "."
}

// title is k capitalised words.
func (g *gen) title(k int) string {
	parts := make([]string, k)
	for i := range parts {
		parts[i] = capital(words[g.r.IntN(len(words))])
	}
	return strings.Join(parts, " ")
}

// capital capitalises the first letter of w, which may take several bytes
// ("école").
func capital(w string) string {
	r, n := utf8.DecodeRuneInString(w)
	return string(unicode.ToUpper(r)) + w[n:]
}

func slug(s string) string {
	return strings.ToLower(strings.ReplaceAll(s, " ", "-"))
}

var tags = []string{"meeting", "statement", "deployment", "protest", "treaty", "election", "trade", "border", "summit", "report"}

var words = strings.Fields(`
able about above across act add after again against age agree air all allow also always among and answer any appear apple area arm army around art ask attack
back ball bank base battle bear beat become bed before begin behind believe below best better between big bill bird black blood blue board boat body bone book
border born both box boy branch bread break bridge bright bring brother brown build burn business busy buy call camp capital captain car care carry case cat cause
cell center central century certain chair chance change charge check chief child choose church city claim class clear close coast cold college color come common
company control cost could council count country course court cover crew cross crowd cry current cut dance dark day dead deal death decide deep defence degree
describe design detail develop die direct discuss distant doctor dog door double down draw dream dress drink drive drop dry during duty each early earth east
eat edge effect egg eight either element else end enemy energy engine enough enter equal even evening event ever every exact example except expect experience eye
face fact fair fall family farm fast father favor fear feel few field fight figure fill final find fine finger finish fire first fish five floor flow flower fly
follow food foot force foreign forest form forward four free fresh friend front fruit full game garden gas gather general gentle girl give glad glass gold good
govern grand grass great green ground group grow guard guess guide gun hair half hall hand happen hard head health hear heart heat heavy help here high hill
history hold hole home hope horse hot hour house huge human hunt idea inch include industry iron island job join judge just keep key kind king kitchen know lady
land language large last late laugh law lead learn leave left letter level life light line list listen little live long look lost loud love low machine main
major make man many map march mark market master matter mean measure meet member middle might mile military mind minute miss modern moment money month moon morning
mother mountain move much music must name nation natural near need never new news next night noise north note number object ocean offer office often oil old
open order other outside page paint paper party pass past path pay peace people period person place plain plan plant play point police poor port position power
present press price prince print problem produce public pull push quick quiet race radio rain raise reach read ready record region remember report rest result
return rich ride right ring rise river road rock room round rule run safe sail salt same sand save school science sea season seat second section security see
seed send sense serve settle seven shape share ship shore short show side sign silver simple since sing single sister size skill sky small snow soldier son
song sound south space speak special speed spring square staff stand star start state station stay steel step still stone stop store storm story street strong
study summer sun supply support sure surface system table take talk teach team tell test thank thick thin think third thousand three through tie time today
together town trade train travel tree trip trouble true turn twenty type under union unit until upon valley value village visit voice vote wait walk wall war
warm watch water wave way wear weather week weight west wheel white whole wide wild wind window winter wire woman wood word work world write year young zone`)

var frWords = strings.Fields(`
abord accord acte affaire air ami an appel armée arrivée article assemblée attaque autorité avenir avis bataille besoin bord bureau camp capitale cause centre
chambre champ chef chemin choix ciel cité classe coeur conseil corps côte cour crise croix date débat décision défense demande départ député dernier devoir
direction discours document domaine droit eau école effet élection empire ennemi ensemble entrée époque équipe espace état étranger événement exemple face
famille fête feu fin fleuve force forme frontière garde gouvernement groupe guerre heure histoire homme idée île jour journal justice langue lettre liberté
lieu ligne loi lutte main maison marché membre mer ministre mission moment monde montagne mouvement nation nombre nord nouvelle nuit objet ordre paix papier
parole partie passage pays peuple pièce place plan point police politique port pouvoir premier président presse prix projet province question raison rapport
région règle réponse retour réunion rive route royaume saison salle secteur semaine service siècle signe société soldat sommet sort sud suite système table
terre territoire texte titre traité travail troupe union unité vague valeur ville voix vote zone`)
