package yamlstrict

import (
	"slices"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/dossier-dev/dossier/internal/diag"
)

// A Cache keeps the documents parsed by one build for the next, as the
// preview builds after every save: a file that did not change is decoded
// from its nodes again, but not parsed again, which is most of the work.
// It keeps what the last two builds (Begin) parsed, no more. The nodes it
// keeps are shared, and only read. A Cache is safe for concurrent use.
type Cache struct {
	mu        sync.Mutex
	cur, prev map[cacheKey]*parsed
}

type cacheKey struct {
	path   string
	offset int
	src    string
}

type parsed struct {
	doc   *yaml.Node
	diags diag.List
}

// NewCache returns an empty Cache.
func NewCache() *Cache { return &Cache{cur: map[cacheKey]*parsed{}} }

// Begin starts a build: what the build before the last did not parse
// again is forgotten.
func (c *Cache) Begin() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.prev, c.cur = c.cur, map[cacheKey]*parsed{}
}

// Parse is the function Parse, which it calls for a document it does not
// have. A nil Cache keeps nothing.
func (c *Cache) Parse(path string, src []byte, lineOffset int, v any) diag.List {
	doc, diags := c.ParseNode(path, src, lineOffset)
	if doc == nil {
		return diags
	}
	return decodeDoc(path, doc, lineOffset, v, diags)
}

// ParseNode is the function ParseNode, which it calls for a document it
// does not have. The node is shared: the caller must not change it.
func (c *Cache) ParseNode(path string, src []byte, lineOffset int) (*yaml.Node, diag.List) {
	if c == nil {
		return ParseNode(path, src, lineOffset)
	}
	c.mu.Lock()
	k := cacheKey{path, lineOffset, string(src)}
	p, ok := c.cur[k]
	if !ok {
		if p, ok = c.prev[k]; ok {
			c.cur[k] = p
		}
	}
	c.mu.Unlock()
	if !ok {
		doc, diags := ParseNode(path, src, lineOffset)
		p = &parsed{doc, diags}
		c.mu.Lock()
		c.cur[k] = p
		c.mu.Unlock()
	}
	return p.doc, slices.Clone(p.diags)
}
