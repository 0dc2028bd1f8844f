package search

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
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
func (ix *Index) Files() (map[string][]byte, error) {
	return ix.FilesContext(context.Background())
}

// FilesContext is Files, which gives up once ctx is done and returns
// ctx's error (see WriteContext).
func (ix *Index) FilesContext(ctx context.Context) (map[string][]byte, error) {
	files := map[string][]byte{}
	err := ix.WriteContext(ctx, func(name string, b []byte) error {
		files[name] = b
		return nil
	})
	if err != nil {
		return nil, err
	}
	return files, nil
}

// Write makes the files of the index, by path relative to its directory,
// and passes each to emit as soon as it is made, which may keep it: a
// large index's files are tens of megabytes, which Write does not hold
// at once. It stops at emit's first error.
func (ix *Index) Write(emit func(name string, b []byte) error) error {
	return ix.WriteContext(context.Background(), emit)
}

// WriteContext is Write, which gives up once ctx is done and returns ctx's
// error: it checks every few hundred documents while it scores them, and
// before each file. The preview stops a build so when a newer save comes
// in, and scoring a large index takes hundreds of milliseconds.
func (ix *Index) WriteContext(ctx context.Context, emit func(name string, b []byte) error) error {
	// terms[key][word] are the postings of a word, in the order of the
	// documents, which are read in order.
	terms, err := ix.postings(ctx)
	if err != nil {
		return err
	}
	n := 2
	if len(ix.Docs) < SmallIndex {
		n = 1
	}
	// The terms of each shard, by key. A shard's postings are written out
	// one shard after the other and dropped as they are: the postings of
	// a large index are tens of megabytes.
	shards := map[string][]string{}
	for key := range terms {
		sk := shardKey(strings.TrimPrefix(key, Whole), n)
		shards[sk] = append(shards[sk], key)
	}

	keys := slices.Sorted(maps.Keys(shards))
	for _, sk := range keys {
		shard := map[string]any{}
		for _, key := range shards[sk] {
			words := terms[key]
			delete(terms, key)
			if len(words) == 1 && words[key] != nil {
				shard[key] = postings(words[key])
				continue
			}
			byWord := map[string][]int{}
			for w, docs := range words {
				byWord[w] = postings(docs)
			}
			shard[key] = byWord
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		b, err := call("shard", sk, shard)
		if err != nil {
			return err
		}
		if err := emit("s/"+FileKey(sk)+".js", b); err != nil {
			return err
		}
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
		"kinds": kindLabels, "docs": kinds.String(), "chunk": Chunk, "shard": n, "shards": keys,
	})
	if err != nil {
		return err
	}
	if err := emit("meta.js", meta); err != nil {
		return err
	}
	for n := 0; n*Chunk < len(ix.Docs); n++ {
		var rows [][]string
		for _, d := range ix.Docs[n*Chunk : min(len(ix.Docs), (n+1)*Chunk)] {
			rows = append(rows, []string{d.Title, d.Href, d.When, snippetText(d), d.Lang})
		}
		b, err := call("docs", n, rows)
		if err != nil {
			return err
		}
		if err := emit("d/"+strconv.Itoa(n)+".js", b); err != nil {
			return err
		}
	}
	return nil
}

// stopEvery is how many documents postings scores between two looks at
// its context: some milliseconds of work (about 40 µs a document of a
// generated dossier, where a whole index takes half a second).
const stopEvery = 256

// postings scores every term of every document: by key, by word, the
// documents (in order) and their scores. Each distinct token gets a number
// once (an interner), so that scoring a document adds into slices indexed
// by term rather than into maps keyed by pairs of strings; the sums are
// those of the same fields in the same order, so the scores are too.
func (ix *Index) postings(ctx context.Context) (map[string]map[string][]posting, error) {
	var (
		table []Token               // by term number
		pairs = map[[2]string]int{} // term number by key and word
		raws  = map[string]int{}    // term number by token as written
		lists [][]posting           // by term number
		score []float64             // by term number, for the current document
		count []int                 // by term number, for the current field
		seen  []int                 // the terms of the current document
		inDoc []int                 // the terms of the current field
		buf   []int
	)
	term := func(t Token) int {
		k := [2]string{t.Key, t.Word}
		if i, ok := pairs[k]; ok {
			return i
		}
		i := len(table)
		pairs[k] = i
		table = append(table, t)
		lists = append(lists, nil)
		score = append(score, 0)
		count = append(count, 0)
		return i
	}
	tokenize := func(s string) []int {
		buf = buf[:0]
		eachToken(s, func(raw string) {
			i, ok := raws[raw]
			if !ok {
				w := strings.ToLower(norm.NFC.String(raw))
				i = term(Token{Word: w, Key: Fold(w)})
				raws[raw] = i
			}
			buf = append(buf, i)
		})
		return buf
	}
	add := func(t int, v float64) {
		if score[t] == 0 {
			seen = append(seen, t)
		}
		score[t] += v
	}
	for id, d := range ix.Docs {
		if id%stopEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		field := func(text string, w float64) {
			for _, t := range tokenize(text) {
				if count[t] == 0 {
					inDoc = append(inDoc, t)
				}
				count[t]++
			}
			for _, t := range inDoc {
				add(t, w*(1+math.Log(float64(count[t]))))
				count[t] = 0
			}
			inDoc = inDoc[:0]
		}
		whole := func(name string) {
			ts := tokenize(name)
			if len(ts) == 0 || len(ts) > 5 {
				return
			}
			var k, w strings.Builder
			for _, t := range ts {
				k.WriteString(table[t].Key)
				w.WriteString(table[t].Word)
			}
			add(term(Token{Key: Whole + k.String(), Word: Whole + w.String()}), wWhole)
		}
		field(strings.Join(append([]string{d.Title}, d.Names...), " · "), wTitle)
		whole(d.Title)
		for _, n := range d.Names {
			whole(n)
		}
		field(d.Summary, wSummary)
		field(d.Body, wBody)
		field(d.When, wWhen)
		field(strings.Join(d.Related, " · "), wRelated)
		for _, t := range seen {
			lists[t] = append(lists[t], posting{int32(id), int32(math.Ceil(score[t]))})
			score[t] = 0
		}
		seen = seen[:0]
	}
	terms := map[string]map[string][]posting{}
	for t, tok := range table {
		if lists[t] == nil {
			continue
		}
		if terms[tok.Key] == nil {
			terms[tok.Key] = map[string][]posting{}
		}
		terms[tok.Key][tok.Word] = lists[t]
	}
	return terms, nil
}

// A posting is a document and its score for a term, rounded up to a whole
// number: a document's score is complete when its posting is made. Eight
// bytes, since a large index holds millions of them at once.
type posting struct {
	doc, score int32
}

// postings writes a term's documents as [doc, score, ...], doc ids as the
// difference from the previous one.
func postings(ps []posting) []int {
	out := make([]int, 0, 2*len(ps))
	prev := int32(0)
	for _, p := range ps {
		out = append(out, int(p.doc-prev), int(p.score))
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
// The file is made to its size: an index's files are tens of megabytes.
func call(name string, key any, v any) ([]byte, error) {
	var k []byte
	if key != nil {
		var err error
		if k, err = json.Marshal(key); err != nil {
			return nil, err
		}
		k = append(k, ',')
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	head := "dossierSearch." + name + "("
	out := make([]byte, 0, len(head)+len(k)+len(b)+3)
	out = append(append(append(out, head...), k...), b...)
	return append(out, ");\n"...), nil
}
