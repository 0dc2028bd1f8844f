package site

import (
	"bytes"
	"encoding/binary"
	"hash/maphash"
	"maps"
	"sync"
	"sync/atomic"

	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/markdown"
)

// Conversions keeps Markdown conversions from one build to the next, for
// the preview (sitegen.Builder), where one save changes one file and every
// other body would convert to the same HTML again.
//
// A conversion is a function of the body and of what the resolver answered
// while converting it: the titles and hrefs of the sources and targets it
// cited or linked to, or why they are missing. So each conversion records
// the questions it asked and the answers it got, and is reused only for the
// same body, at the same place (language, depth, root), when the dossier of
// the new build gives the same answers to the same questions. Renaming an
// event converts again only the bodies that link to it.
//
// A Conversions is safe for concurrent use. Begin starts a build and Done
// ends one that succeeded: the conversions it did not use are dropped, so
// the cache holds what the latest good build converted and not much more.
// A build that failed (a file broken halfway through a save) drops
// nothing: the next, once it is fixed, finds what it needs.
type Conversions struct {
	mu   sync.Mutex
	cur  map[convKey]*conversion // used since Begin
	prev map[convKey]*conversion // kept from the builds before; nil after Done
	made int                     // conversions made since Begin, not taken from the cache

	// It keeps too the related events of each event page (relatedKept),
	// by language.
	seed    maphash.Seed
	related map[string]*relatedKept
}

// NewConversions returns an empty cache.
func NewConversions() *Conversions {
	return &Conversions{cur: map[convKey]*conversion{}, prev: map[convKey]*conversion{}, seed: maphash.MakeSeed()}
}

// relatedKept are the related events (builder.related) of events, by id,
// as computed from what key fingerprints (builder.relatedKey): every
// event's id, entities, rank and whether it is background history, in
// the order of the events. A save that changes none of these (most do
// not: a body's prose, a title) takes the lists of the build before,
// which at 10,000 events were most of the CPU of fingerprinting every
// event page.
type relatedKept struct {
	key uint64
	mu  sync.Mutex
	ids map[relatedQuery][]string
}

type relatedQuery struct {
	id string
	n  int
}

// relatedFor returns the related events kept for the language scope
// from what key fingerprints: those the builds before computed, if they
// computed them from the same.
func (c *Conversions) relatedFor(scope string, key uint64) *relatedKept {
	c.mu.Lock()
	defer c.mu.Unlock()
	if r := c.related[scope]; r != nil && r.key == key {
		return r
	}
	if c.related == nil {
		c.related = map[string]*relatedKept{}
	}
	r := &relatedKept{key: key, ids: map[relatedQuery][]string{}}
	c.related[scope] = r
	return r
}

// get returns the ids of the n events related to the event id, if kept.
func (r *relatedKept) get(id string, n int) ([]string, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	ids, ok := r.ids[relatedQuery{id, n}]
	return ids, ok
}

func (r *relatedKept) put(id string, n int, ids []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ids[relatedQuery{id, n}] = ids
}

// relatedKey fingerprints what the related events of every event are
// computed from (see relatedKept).
func (b *builder) relatedKey(seed maphash.Seed) uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	var num [8]byte
	writeInt := func(n int) {
		binary.LittleEndian.PutUint64(num[:], uint64(n))
		h.Write(num[:])
	}
	writeInt(len(b.d.Events))
	for i, e := range b.d.Events {
		writeInt(len(e.ID))
		h.WriteString(e.ID)
		writeInt(b.rank[i])
		if b.bg[i] {
			h.WriteByte(1)
		} else {
			h.WriteByte(0)
		}
		writeInt(len(b.entsOf[i]))
		for _, id := range b.entsOf[i] {
			writeInt(len(id))
			h.WriteString(id)
		}
	}
	return h.Sum64()
}

// Begin starts a build.
func (c *Conversions) Begin() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.prev == nil {
		c.prev = c.cur
	} else {
		maps.Copy(c.prev, c.cur)
	}
	c.cur = map[convKey]*conversion{}
	c.made = 0
}

// Made returns the number of conversions made since Begin: those the
// cache did not hold.
func (c *Conversions) Made() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.made
}

// Done ends a build that succeeded.
func (c *Conversions) Done() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.prev = nil
}

// convKey says where a body is converted: a builder's language and link
// settings, and the builder's own key of the conversion.
type convKey struct {
	lang, prefix string
	offline      bool
	doc          docKey
}

// A conversion is a body converted, with the questions its resolver was
// asked.
type conversion struct {
	body  []byte // the body, as the file read then held it
	link  linker // what made the links of the conversion
	asked []question
	doc   *markdown.Doc
	err   error
	// sum is the answerSum of the dossier whose answers asked holds, as
	// last checked; 0 if unknown.
	sum atomic.Uint64
}

// A question is one call of the resolver and its answer.
type question struct {
	method      byte // 's' Source, 'l' SourceLabel, 't' Target, 'm' Missing, 'n' SourceNumber, 'p' IDPrefix, 'a' AnchorLabel
	arg         string
	num         int
	href, title string
	ok          bool
	target      markdown.Target
	err         string // the error's text; "" for none
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// sameBody reports whether body is old: most often the very bytes, which
// the preview's unchanged files keep from one load to the next.
func sameBody(old, body []byte) bool {
	if len(old) != len(body) {
		return false
	}
	return len(old) == 0 || &old[0] == &body[0] || bytes.Equal(old, body)
}

// answers reports whether r answers q as q records, for the questions whose
// answer it can check without making it again: those whose href, given
// the same linker, depends on the argument alone, and whose title is the
// dossier's. It reports false when it cannot tell; then get asks again.
func answers(r resolver, q question) bool {
	switch q.method {
	case 's':
		s := r.d.Source(q.arg)
		return s != nil && q.ok && s.Title == q.title
	case 'l':
		return r.SourceLabel(q.arg) == q.title
	case 'n':
		return r.numbers[q.arg] == q.num
	case 'p':
		return r.prefix == q.title
	case 't':
		if q.err != "" {
			return false
		}
		// The target answered holds the kind and id its argument
		// names (resolver.Target), which the argument holds still.
		kind, id, text := q.target.Kind, q.target.ID, q.target.Text
		switch kind {
		case "entities":
			e := r.d.Entity(id)
			return e != nil && e.Name == text
		case "events":
			e := r.d.Event(id)
			return e != nil && e.Title == text
		case "sources":
			s := r.d.Source(id)
			return s != nil && s.Title == text
		case "pages":
			p := r.d.Page(id)
			return p != nil && p.Title == text
		case "discrepancies":
			x := r.d.Discrepancy(id)
			return x != nil && x.Title == text
		}
	}
	return false
}

// holds reports whether answers, given the same linker, reports true for
// q of every dossier with the answerSum of the one that answered q.
func holds(q question) bool {
	switch q.method {
	case 's':
		return q.ok
	case 'l', 'n', 'p':
		return true
	case 't':
		return q.err == ""
	}
	return false
}

// answerSum returns a sum of everything in d that answers reads for a
// question, with the sources' numbers: the ids of the sources, entities,
// events, pages and discrepancies, and their titles, names and labels.
// Two dossiers with the same sum answer every question that holds the
// same (Conversions.get); seed is the Conversions' own.
func answerSum(seed maphash.Seed, d *content.Dossier, numbers map[string]int) uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	str := func(ss ...string) {
		for _, s := range ss {
			h.WriteString(s)
			h.WriteByte(0)
		}
	}
	var n [8]byte
	for _, s := range d.Sources {
		binary.LittleEndian.PutUint64(n[:], uint64(numbers[s.ID]))
		str("s", s.ID, s.Title, s.Short)
		h.Write(n[:])
	}
	for _, e := range d.Entities {
		str("e", e.ID, e.Name)
	}
	for _, e := range d.Events {
		str("v", e.ID, e.Title)
	}
	for _, p := range d.Pages {
		str("p", p.ID, p.Title)
	}
	for _, x := range d.Discrepancies {
		str("d", x.ID, x.Title)
	}
	return h.Sum64() | 1 // never 0, which stands for unknown
}

// ask puts q's question to r and returns the answer, as a question.
func ask(r resolver, q question) question {
	a := question{method: q.method, arg: q.arg}
	switch q.method {
	case 's':
		a.href, a.title, a.ok = r.Source(q.arg)
	case 'l':
		a.title = r.SourceLabel(q.arg)
	case 't':
		t, err := r.Target(q.arg)
		a.target, a.err = t, errText(err)
	case 'm':
		a.err = errText(r.Missing(q.arg))
	case 'n':
		a.num = r.SourceNumber(q.arg)
	case 'p':
		a.title = r.IDPrefix()
	case 'a':
		a.title = r.AnchorLabel(q.arg)
	}
	return a
}

// get returns the conversion of body at k, if one is kept and r answers
// its questions as before.
func (c *Conversions) get(k convKey, body []byte, r resolver) (*conversion, bool) {
	c.mu.Lock()
	cv, ok := c.cur[k]
	if !ok {
		cv, ok = c.prev[k]
	}
	c.mu.Unlock()
	if !ok || !sameBody(cv.body, body) {
		return nil, false
	}
	// The key fixes where the body's links go from, so the answers' hrefs
	// are the same for the same linker; each answer is checked against
	// the dossier without being made again when it can be (answers).
	sameLink := cv.link == r.link
	// A dossier whose titles, names, labels and numbers are those that
	// the answers were last checked against answers the same, but where
	// answers cannot tell: most saves leave them all as they were, and
	// the questions of thousands of bodies need not be checked one by one.
	settled := sameLink && r.sum != 0 && cv.sum.Load() == r.sum
	for _, q := range cv.asked {
		if settled && holds(q) {
			continue
		}
		if !(sameLink && answers(r, q)) && ask(r, q) != q {
			return nil, false
		}
	}
	cv.sum.Store(r.sum)
	c.mu.Lock()
	c.cur[k] = cv
	c.mu.Unlock()
	return cv, true
}

func (c *Conversions) put(k convKey, cv *conversion) {
	c.mu.Lock()
	c.made++
	c.cur[k] = cv
	c.mu.Unlock()
}

// recorder is a resolver that writes down what it is asked, each
// question once: a body that cites a source ten times asks of it ten
// times, and gets the same answer, which the next build checks once.
type recorder struct {
	r     resolver
	asked []question
	seen  map[asking]int // by question: its index in asked
}

// asking is a question without its answer.
type asking struct {
	method byte
	arg    string
}

func (r *recorder) record(q question) question {
	k := asking{q.method, q.arg}
	if i, ok := r.seen[k]; ok {
		return r.asked[i]
	}
	a := ask(r.r, q)
	if r.seen == nil {
		r.seen = map[asking]int{}
	}
	r.seen[k] = len(r.asked)
	r.asked = append(r.asked, a)
	return a
}

func (r *recorder) Source(id string) (href, title string, ok bool) {
	a := r.record(question{method: 's', arg: id})
	return a.href, a.title, a.ok
}

func (r *recorder) SourceLabel(id string) string {
	return r.record(question{method: 'l', arg: id}).title
}

func (r *recorder) Target(target string) (markdown.Target, error) {
	a := r.record(question{method: 't', arg: target})
	return a.target, textError(a.err)
}

func (r *recorder) Missing(id string) error {
	return textError(r.record(question{method: 'm', arg: id}).err)
}

// SourceNumber implements markdown.PageResolver.
func (r *recorder) SourceNumber(id string) int {
	return r.record(question{method: 'n', arg: id}).num
}

// IDPrefix implements markdown.PageResolver.
func (r *recorder) IDPrefix() string { return r.record(question{method: 'p'}).title }

// AnchorLabel implements markdown.PageResolver.
func (r *recorder) AnchorLabel(heading string) string {
	return r.record(question{method: 'a', arg: heading}).title
}

// textError is an error of the given text, nil for "".
func textError(s string) error {
	if s == "" {
		return nil
	}
	return recordedError(s)
}

type recordedError string

func (e recordedError) Error() string { return string(e) }

// A recorder must answer every question a resolver can be asked: a method
// it lacked would change the conversion it records.
var (
	_ markdown.PageResolver    = (*recorder)(nil)
	_ markdown.Labeler         = (*recorder)(nil)
	_ markdown.SourceExplainer = (*recorder)(nil)
)
