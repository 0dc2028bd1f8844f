package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A Kind is the label of a kind of result, as readers see it: "Event",
// "Events".
type Kind struct {
	One, Many string
}

// A Doc is one thing readers can find: an event, a source, an entity, a
// discrepancy or a free page.
type Doc struct {
	Kind  int    // index into Index.Kinds
	Title string // its title or name
	Href  string // its site path relative to the language's home: "events/x/"
	When  string // its date as the language writes it, or ""
	Lang  string // the language of its text, when not the index's
	// Names are its other names (an entity's aliases), found as its title is.
	Names   []string
	Summary string
	Body    string
	// Related are the names and aliases of the entities it involves, so
	// that "Tchaikovsky" finds the events of Pyotr Tchaikovsky.
	Related []string
}

// Index is the index of one language.
type Index struct {
	Kinds []Kind
	Docs  []Doc
}

// Weights of the fields: a word of the title or of a name counts most.
const (
	wTitle   = 20
	wWhole   = 30 // a whole name typed whole ("lisbon"; "saint-louis" as "=saintlouis")
	wSummary = 4
	wRelated = 3
	wWhen    = 2
	wBody    = 1
)

// Chunk is how many documents each d/<n>.js holds: small enough that the
// results of a query load little, large enough that the files are few.
const Chunk = 16

// Whole marks the terms that are a whole name (a title, an alias), its
// words run together: "=saintlouis" for "Saint-Louis". The script looks them up
// only for the whole query, so that "Lisbon" ranks above "Lisbon airport"
// and "saint-louis" finds "Saint-Louis" before pages that have both words apart.
const Whole = "="

// SmallIndex is the number of documents from which shards are keyed by
// two letters rather than one.
const SmallIndex = 500

// textMax is how much of a document's text is kept for snippets, in runes.
const textMax = 420

// Files returns the files of the index, by path relative to its directory.
func (ix *Index) Files() (map[string][]byte, error) { return ix.FilesWith(nil) }

// A Cache keeps, from one call of FilesWith to the next, the scores of each
// document's terms and the index last written: the preview writes the
// index again after every save, which changes one document or a few, and
// then only the shards holding their terms are written again. The zero
// value is ready; a Cache is for one goroutine at a time.
type Cache struct {
	cur, prev map[string]map[[2]string]float64 // scores by docKey

	// The index last written: each document's key and scores, the
	// postings of every term, the shard files and the document files.
	keys   []string
	scores []map[[2]string]float64
	n      int
	terms  map[string]map[string][]posting
	shards map[string][]byte     // by shard key
	chunks map[string][]byte     // by file name
	rows   map[string][][]string // the rows of each chunk file
}

// docKey is all of a document that its scores depend on.
func docKey(d Doc) string {
	return strings.Join([]string{d.Title, strings.Join(d.Names, "\x00"), d.Summary, d.Body, d.When, strings.Join(d.Related, "\x00")}, "\x01")
}

// FilesWith is Files, keeping its work in c for the next call (nil for
// none).
func (ix *Index) FilesWith(c *Cache) (map[string][]byte, error) {
	keep := c != nil
	if !keep {
		c = &Cache{}
	}
	// Shard by the first letter in a small index, which then has few
	// files, by the first two in a large one, so each stays small.
	n := 2
	if len(ix.Docs) < SmallIndex {
		n = 1
	}
	c.prev, c.cur = c.cur, map[string]map[[2]string]float64{}
	tokenCache := map[string]Token{}
	keys := make([]string, len(ix.Docs))
	scores := make([]map[[2]string]float64, len(ix.Docs))
	for id, d := range ix.Docs {
		if !keep {
			scores[id] = docScores(d, tokenCache)
			continue
		}
		keys[id] = docKey(d)
		sc, ok := c.cur[keys[id]]
		if !ok {
			sc, ok = c.prev[keys[id]]
		}
		if !ok {
			sc = docScores(d, tokenCache)
		}
		c.cur[keys[id]] = sc
		scores[id] = sc
	}

	// terms[key][word] are the postings of a word, in the order of the
	// documents. The shards of the terms that changed are written again.
	dirty := map[string]bool{}
	all := c.terms == nil || len(keys) != len(c.keys) || n != c.n
	if all {
		c.terms = map[string]map[string][]posting{}
		c.shards = map[string][]byte{}
		for id, sc := range scores {
			addPostings(c.terms, id, sc)
		}
	} else {
		for id := range keys {
			if keys[id] == c.keys[id] {
				continue
			}
			for k := range c.scores[id] {
				removePosting(c.terms, k, id)
				dirty[shardKey(strings.TrimPrefix(k[0], Whole), n)] = true
			}
			for k, s := range scores[id] {
				insertPosting(c.terms, k, posting{id, s})
				dirty[shardKey(strings.TrimPrefix(k[0], Whole), n)] = true
			}
		}
	}
	c.keys, c.scores, c.n = keys, scores, n

	shards := map[string]map[string]any{}
	present := map[string]bool{}
	for key, words := range c.terms {
		sk := shardKey(strings.TrimPrefix(key, Whole), n)
		present[sk] = true
		if !all && !dirty[sk] {
			continue
		}
		if shards[sk] == nil {
			shards[sk] = map[string]any{}
		}
		if len(words) == 1 && words[key] != nil {
			shards[sk][key] = postings(words[key])
			continue
		}
		byWord := map[string][]int{}
		for w, docs := range words {
			byWord[w] = postings(docs)
		}
		shards[sk][key] = byWord
	}
	for sk := range c.shards {
		if !present[sk] {
			delete(c.shards, sk)
		}
	}
	for sk, v := range shards {
		b, err := call("shard", sk, v)
		if err != nil {
			return nil, err
		}
		c.shards[sk] = b
	}

	files := map[string][]byte{}
	shardKeys := slices.Sorted(maps.Keys(c.shards))
	for _, sk := range shardKeys {
		files["s/"+FileKey(sk)+".js"] = c.shards[sk]
	}
	var kinds strings.Builder
	for _, d := range ix.Docs {
		kinds.WriteString(strconv.FormatInt(int64(d.Kind), 36))
	}
	kindLabels := make([][2]string, len(ix.Kinds))
	for i, k := range ix.Kinds {
		kindLabels[i] = [2]string{k.One, k.Many}
	}
	meta, err := call("meta", nil, map[string]any{
		"kinds": kindLabels, "docs": kinds.String(), "chunk": Chunk, "shard": n, "shards": shardKeys,
	})
	if err != nil {
		return nil, err
	}
	files["meta.js"] = meta
	chunks, rowsOf := map[string][]byte{}, map[string][][]string{}
	for n := 0; n*Chunk < len(ix.Docs); n++ {
		var rows [][]string
		for _, d := range ix.Docs[n*Chunk : min(len(ix.Docs), (n+1)*Chunk)] {
			rows = append(rows, []string{d.Title, d.Href, d.When, snippetText(d), d.Lang})
		}
		name := "d/" + strconv.Itoa(n) + ".js"
		b, ok := c.chunks[name]
		if !ok || !slices.EqualFunc(rows, c.rows[name], slices.Equal) {
			if b, err = call("docs", n, rows); err != nil {
				return nil, err
			}
		}
		chunks[name], rowsOf[name] = b, rows
		files[name] = b
	}
	c.chunks, c.rows = chunks, rowsOf
	return files, nil
}

// docScores scores the terms of a document.
func docScores(d Doc, cache map[string]Token) map[[2]string]float64 {
	scores := map[[2]string]float64{}
	field := func(text string, w float64) {
		n := map[[2]string]int{}
		for _, t := range tokens(text, cache) {
			n[[2]string{t.Key, t.Word}]++
		}
		for k, c := range n {
			scores[k] += w * (1 + math.Log(float64(c)))
		}
	}
	whole := func(name string) {
		ts := tokens(name, cache)
		if len(ts) == 0 || len(ts) > 5 {
			return
		}
		var k, w strings.Builder
		for _, t := range ts {
			k.WriteString(t.Key)
			w.WriteString(t.Word)
		}
		scores[[2]string{Whole + k.String(), Whole + w.String()}] += wWhole
	}
	// The title and other names are one field: a word in several of
	// them counts as a word repeated.
	field(strings.Join(append([]string{d.Title}, d.Names...), " · "), wTitle)
	whole(d.Title)
	for _, n := range d.Names {
		whole(n)
	}
	field(d.Summary, wSummary)
	field(d.Body, wBody)
	field(d.When, wWhen)
	field(strings.Join(d.Related, " · "), wRelated)
	return scores
}

// removePosting removes document id from the postings of term k.
func removePosting(terms map[string]map[string][]posting, k [2]string, id int) {
	ps := terms[k[0]][k[1]]
	i, found := slices.BinarySearchFunc(ps, id, func(p posting, id int) int { return p.doc - id })
	if !found {
		return
	}
	ps = slices.Delete(ps, i, i+1)
	switch {
	case len(ps) > 0:
		terms[k[0]][k[1]] = ps
	case len(terms[k[0]]) > 1:
		delete(terms[k[0]], k[1])
	default:
		delete(terms, k[0])
	}
}

// insertPosting adds p to the postings of term k, in the order of the
// documents.
func insertPosting(terms map[string]map[string][]posting, k [2]string, p posting) {
	if terms[k[0]] == nil {
		terms[k[0]] = map[string][]posting{}
	}
	ps := terms[k[0]][k[1]]
	i, _ := slices.BinarySearchFunc(ps, p.doc, func(q posting, id int) int { return q.doc - id })
	terms[k[0]][k[1]] = slices.Insert(ps, i, p)
}

// addPostings adds the scores of document id to terms.
func addPostings(terms map[string]map[string][]posting, id int, scores map[[2]string]float64) {
	for k, s := range scores {
		if terms[k[0]] == nil {
			terms[k[0]] = map[string][]posting{}
		}
		terms[k[0]][k[1]] = append(terms[k[0]][k[1]], posting{id, s})
	}
}

type posting struct {
	doc   int
	score float64
}

// postings writes a term's documents as [doc, score, ...], doc ids as the
// difference from the previous one, scores rounded up to whole numbers.
func postings(ps []posting) []int {
	out := make([]int, 0, 2*len(ps))
	prev := 0
	for _, p := range ps {
		out = append(out, p.doc-prev, int(math.Ceil(p.score)))
		prev = p.doc
	}
	return out
}

// shardKey is the shard of a term: its first n characters.
func shardKey(key string, n int) string {
	i := 0
	for c := 0; c < n && i < len(key); c++ {
		_, size := utf8.DecodeRuneInString(key[i:])
		i += size
	}
	return key[:i]
}

// FileKey writes a shard key as a file name: a–z and 0–9 as they are,
// anything else as _hex_.
func FileKey(k string) string {
	var b strings.Builder
	for _, r := range k {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else {
			fmt.Fprintf(&b, "_%x_", r)
		}
	}
	return b.String()
}

// snippetText is the text results show a snippet of: an entity's other
// names, then the body (or summary), cut at a word near textMax runes.
func snippetText(d Doc) string {
	text := d.Body
	if text == "" {
		text = d.Summary
	}
	if len(d.Names) > 0 {
		text = strings.Join(d.Names, " · ") + " — " + text
	}
	r := []rune(text)
	if len(r) <= textMax {
		return text
	}
	cut := string(r[:textMax])
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
		cut = cut[:i]
	}
	return cut + " …"
}

// call writes a JavaScript call of the search script's loader function
// name, with arguments as JSON: the index loads as <script> files, which
// work from file:// where fetch() does not.
func call(name string, key any, v any) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("dossierSearch." + name + "(")
	if key != nil {
		k, err := json.Marshal(key)
		if err != nil {
			return nil, err
		}
		buf.Write(k)
		buf.WriteByte(',')
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	buf.Write(b)
	buf.WriteString(");\n")
	return buf.Bytes(), nil
}
