// Package searchtest generates large search indexes for tests and
// benchmarks: a dossier of n events, with entities, aliases and sources,
// whose words follow Zipf's law as a real text's do, so that shard sizes
// and query times measured on it say something about a real dossier of
// that size. It is deterministic: the same n and language give the same
// index.
package searchtest

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/dossier-dev/dossier/internal/search"
)

// Lang is the kind of text generated.
type Lang int

const (
	// English-like words of several syllables, without marks.
	English Lang = iota
	// Vietnamese-like text: one-syllable words with tones and marks, so
	// that each folded word has several written forms.
	Vietnamese
)

var (
	onsets  = []string{"b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "br", "st", "tr", "ch", "sh", "gr", "pl"}
	nuclei  = []string{"a", "e", "i", "o", "u", "ea", "ou", "ai"}
	codas   = []string{"", "", "n", "r", "s", "t", "m", "l", "nd", "st"}
	viOnset = []string{"b", "c", "ch", "d", "đ", "g", "gi", "h", "kh", "l", "m", "n", "ng", "nh", "ph", "qu", "s", "t", "th", "tr", "v", "x"}
	viNucl  = [][]string{ // a vowel and its five tones
		{"a", "á", "à", "ả", "ã", "ạ"}, {"ă", "ắ", "ằ", "ẳ", "ẵ", "ặ"}, {"â", "ấ", "ầ", "ẩ", "ẫ", "ậ"},
		{"e", "é", "è", "ẻ", "ẽ", "ẹ"}, {"ê", "ế", "ề", "ể", "ễ", "ệ"}, {"i", "í", "ì", "ỉ", "ĩ", "ị"},
		{"o", "ó", "ò", "ỏ", "õ", "ọ"}, {"ô", "ố", "ồ", "ổ", "ỗ", "ộ"}, {"ơ", "ớ", "ờ", "ở", "ỡ", "ợ"},
		{"u", "ú", "ù", "ủ", "ũ", "ụ"}, {"ư", "ứ", "ừ", "ử", "ữ", "ự"},
	}
	viCoda = []string{"", "", "c", "m", "n", "ng", "nh", "p", "t", "i", "u"}
)

type gen struct {
	r     *rand.Rand
	lang  Lang
	words []string // the vocabulary, most frequent first
	zipf  *rand.Zipf
}

func newGen(lang Lang, seed uint64) *gen {
	g := &gen{r: rand.New(rand.NewPCG(seed, 1)), lang: lang}
	seen := map[string]bool{}
	size := 30000
	if lang == Vietnamese {
		size = 6000 // Vietnamese has few syllables, written many ways
	}
	for len(g.words) < size {
		w := g.word()
		if !seen[w] {
			seen[w] = true
			g.words = append(g.words, w)
		}
	}
	g.zipf = rand.NewZipf(g.r, 1.07, 2, uint64(len(g.words)-1))
	return g
}

func (g *gen) pick(s []string) string { return s[g.r.IntN(len(s))] }

// word makes a new word of the vocabulary.
func (g *gen) word() string {
	if g.lang == Vietnamese {
		return g.pick(viOnset) + g.pick(viNucl[g.r.IntN(len(viNucl))][:]) + g.pick(viCoda)
	}
	var b strings.Builder
	for range 1 + g.r.IntN(3) {
		b.WriteString(g.pick(onsets) + g.pick(nuclei) + g.pick(codas))
	}
	return b.String()
}

// text is n words drawn by Zipf's law.
func (g *gen) text(n int) string {
	ws := make([]string, n)
	for i := range ws {
		ws[i] = g.words[g.zipf.Uint64()]
	}
	return strings.Join(ws, " ") + "."
}

func title(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

// name is a proper name: rarer words, capitalised.
func (g *gen) name(words int) string {
	ws := make([]string, words)
	for i := range ws {
		ws[i] = title(g.words[len(g.words)/2+g.r.IntN(len(g.words)/2)])
	}
	return strings.Join(ws, " ")
}

// Index generates the index of a dossier of n events, with n/20 entities
// and n/50 sources.
func Index(n int, lang Lang) *search.Index {
	g := newGen(lang, uint64(n))
	ix := &search.Index{Kinds: []search.Kind{{One: "Event", Many: "Events"}, {One: "Source", Many: "Sources"}, {One: "Person", Many: "People"}}}
	type ent struct{ names []string }
	ents := make([]ent, max(1, n/20))
	for i := range ents {
		name := g.name(2 + g.r.IntN(2))
		e := ent{names: []string{name}}
		for range g.r.IntN(3) {
			e.names = append(e.names, g.name(1+g.r.IntN(2)))
		}
		ents[i] = e
		ix.Docs = append(ix.Docs, search.Doc{Kind: 2, Title: name, Href: fmt.Sprintf("entities/e%d/", i), Names: e.names[1:], Body: g.text(60)})
	}
	for i := range max(1, n/50) {
		ix.Docs = append(ix.Docs, search.Doc{Kind: 1, Title: title(g.text(8)), Href: fmt.Sprintf("sources/s%d/", i),
			When: "12 March 2021", Summary: g.text(40), Body: g.text(250)})
	}
	for i := range n {
		var rel []string
		for range 2 + g.r.IntN(5) {
			rel = append(rel, ents[g.r.IntN(len(ents))].names...)
		}
		summary := g.text(35)
		ix.Docs = append(ix.Docs, search.Doc{Kind: 0, Title: title(g.text(7)), Href: fmt.Sprintf("events/v%d/", i),
			When: fmt.Sprintf("%d January %d", 1+i%28, 1990+i/300), Summary: summary, Body: summary + " " + g.text(140), Related: rel})
	}
	return ix
}
