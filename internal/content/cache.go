package content

import (
	"bytes"
	"sync"

	"github.com/dossier-dev/dossier/internal/yamlstrict"
)

// A Cache keeps what one load made of each file for the next, as the
// preview loads after every save (Options.Cache). A file whose bytes are
// those of the last load is not checked as text, hashed or decoded again:
// its result, problems included, is taken as it was, and only the checks
// across files (references, quotes against originals, the order of
// events) run again. A source's original keeps its text and the form in
// which quotes are looked for; a translation, its decoded front matter.
//
// What a file gave depends on its bytes alone, and on what the key says
// besides (the default language, whether drafts are kept): the cache
// compares the bytes, so it cannot hand out a result for a file that
// changed, however the change came. The values it keeps are never
// changed: each load gets its own copy of each struct; what the structs
// point to (bodies, lists) is shared and only read, as everything Load
// returns is.
//
// It keeps what the last two loads (Begin) used, no more, and a
// yamlstrict.Cache for the YAML it parses. A Cache is safe for concurrent
// use.
type Cache struct {
	yaml *yamlstrict.Cache

	mu        sync.Mutex
	cur, prev map[memoKey]*memo
	ranks     map[string]int // the order of the events by id, as last sorted
}

// eventRanks returns the rank of each event, by id, in the order the last
// load put them in; nil for a nil Cache or before any.
func (c *Cache) eventRanks() map[string]int {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ranks
}

func (c *Cache) setEventRanks(r map[string]int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ranks = r
}

// NewCache returns an empty Cache.
func NewCache() *Cache { return &Cache{yaml: yamlstrict.NewCache()} }

// Begin starts a load: what the load before the last did not use again is
// forgotten.
func (c *Cache) Begin() {
	if c == nil {
		return
	}
	c.yaml.Begin()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.prev, c.cur = c.cur, nil
}

// YAML returns the cache of parsed YAML, nil for a nil Cache.
func (c *Cache) YAML() *yamlstrict.Cache {
	if c == nil {
		return nil
	}
	return c.yaml
}

// A memoKey names what was made of a file: the file's path, and what
// else the result depends on, such as the default language.
type memoKey struct {
	path, what string
}

type memo struct {
	raw []byte // the file as read
	v   any    // what was made of it
}

// get returns what was made of the file at key when it was read as raw,
// or nil.
func (c *Cache) get(key memoKey, raw []byte) any {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	m := c.cur[key]
	if m == nil {
		if m = c.prev[key]; m == nil {
			return nil
		}
		c.keep(key, m)
	}
	if !bytes.Equal(m.raw, raw) {
		return nil
	}
	// The same bytes, read again: keep these, which the file system
	// keeps too (sitefs), so that the next comparison is of one slice
	// with itself, which takes no time, and the old copy is freed.
	m.raw = raw
	return m.v
}

// put records v as what was made of the file at key, read as raw, which
// nobody may change after.
func (c *Cache) put(key memoKey, raw []byte, v any) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.keep(key, &memo{raw, v})
}

func (c *Cache) keep(key memoKey, m *memo) {
	if c.cur == nil {
		c.cur = map[memoKey]*memo{}
	}
	c.cur[key] = m
}
