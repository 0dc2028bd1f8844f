// Package yamlstrict decodes YAML into Go structs strictly, reporting every
// unknown key, wrong type and missing required key with its line and column.
//
// gopkg.in/yaml.v3's KnownFields mode stops at the first kind of error and
// reports lines without columns; editors need all problems at once, located
// precisely, so this package walks the yaml.Node tree itself.
//
// Struct fields are matched by the tag `key:"name"`; `key:"name,required"`
// marks a required key; fields without a key tag are ignored. A field of type
// Pos receives the position of the node that fills its struct; one of type
// KeyPos, the position of each of its keys, or, tagged `pos:"name"`, of
// each key of the mapping under the key name (such as a map[string]string
// field `key:"name"`). An embedded
// struct tagged `key:",inline"` contributes its keys to the outer one. A type
// implementing Unmarshaler decodes its own node.
package yamlstrict

import (
	"bytes"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/dossier-dev/dossier/internal/diag"
	"github.com/dossier-dev/dossier/internal/suggest"
	"go.yaml.in/yaml/v3"
)

// Pos is a position in a file, 1-based.
type Pos struct {
	Line, Col int
}

// KeyPos holds where each key of a mapping is, by key: a problem found
// in a value after decoding can so be reported at its key.
type KeyPos map[string]Pos

// Unmarshaler is implemented by types that decode a scalar or node
// themselves. The returned error's text becomes the diagnostic message, at
// the node's position.
type Unmarshaler interface {
	UnmarshalNode(n *yaml.Node) error
}

// Limits that keep the work of a decode bounded whatever the input. No
// front matter or configuration comes near them.
const (
	// MaxSize is the largest YAML document read, in bytes.
	MaxSize = 1 << 20
	// MaxDepth is how deeply lists and mappings may nest.
	MaxDepth = 100
)

// Parse parses src as one YAML document and decodes it into v, which must be
// a pointer to a struct. Lines are reported relative to the file: lineOffset
// is the number of file lines before src.
func Parse(path string, src []byte, lineOffset int, v any) diag.List {
	doc, diags := ParseNode(path, src, lineOffset)
	if doc == nil {
		return diags
	}
	return decodeDoc(path, doc, lineOffset, v, diags)
}

// decodeDoc decodes the document doc, parsed from path, into v, adding to
// the problems found so far.
func decodeDoc(path string, doc *yaml.Node, lineOffset int, v any, diags diag.List) diag.List {
	d := decoder{path: path, offset: lineOffset, diags: &diags}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		// An empty document: every required key is missing.
		d.decode(&yaml.Node{Kind: yaml.MappingNode, Line: 1, Column: 1}, reflect.ValueOf(v).Elem())
		return diags
	}
	d.decode(doc.Content[0], reflect.ValueOf(v).Elem())
	return diags
}

// ParseNode parses src as one YAML document, for callers that walk the
// nodes themselves. It refuses what would make the walk unbounded: a
// document over MaxSize, nesting deeper than MaxDepth, and aliases (*name),
// which a "billion laughs" document uses to stand for exponentially many
// nodes; dossier files have no use for them. On any problem the node is
// nil and the problems say where, relative to the file as for Parse.
func ParseNode(path string, src []byte, lineOffset int) (*yaml.Node, diag.List) {
	var diags diag.List
	if len(src) > MaxSize {
		diags.Add(path, lineOffset+1, 1, "invalid YAML: %d bytes, over the limit of %d bytes (1 MB); move long text into the Markdown body", len(src), MaxSize)
		return nil, diags
	}
	if off, what := oddLineEnd(src); off >= 0 {
		line, col := position(src, off)
		diags.Add(path, line+lineOffset, col, "invalid YAML: %s, which YAML takes for a line end; end lines with LF (or CRLF), and write the character as an escape in double quotes if it is meant", what)
		return nil, diags
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		line, col, msg := syntaxError(src, err)
		diags.Add(path, line+lineOffset, col, "invalid YAML: %s", msg)
		return nil, diags
	}
	type item struct {
		n     *yaml.Node
		depth int
	}
	deep, alias := false, false
	stack := []item{{&doc, 0}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := it.n
		switch {
		case n.Kind == yaml.AliasNode:
			if !alias {
				alias = true
				diags.Add(path, n.Line+lineOffset, n.Column, "invalid YAML: aliases (*%s) are not supported; write the value out in full", n.Value)
			}
			continue
		case it.depth > MaxDepth:
			// The document node is level 0, the top mapping level 1.
			if !deep {
				deep = true
				diags.Add(path, n.Line+lineOffset, n.Column, "invalid YAML: lists and mappings nested deeper than %d levels; flatten the structure", MaxDepth)
			}
			continue
		}
		for i := len(n.Content) - 1; i >= 0; i-- {
			stack = append(stack, item{n.Content[i], it.depth + 1})
		}
	}
	if len(diags) > 0 {
		return nil, diags
	}
	return &doc, diags
}

// oddLineEnd returns the offset of the first line end of src other than LF
// and CRLF, and what it is, or -1. YAML counts a lone CR, NEL, LS and PS as
// line ends, so the lines it reports would not be the file's.
func oddLineEnd(src []byte) (int, string) {
	for i := 0; i < len(src); i++ {
		switch {
		case src[i] == '\r' && (i+1 == len(src) || src[i+1] != '\n'):
			return i, "a carriage return (CR) without a line feed"
		case src[i] == 0xC2 && i+1 < len(src) && src[i+1] == 0x85:
			return i, "a next-line character (U+0085)"
		case src[i] == 0xE2 && i+2 < len(src) && src[i+1] == 0x80 && (src[i+2] == 0xA8 || src[i+2] == 0xA9):
			if src[i+2] == 0xA8 {
				return i, "a line separator (U+2028)"
			}
			return i, "a paragraph separator (U+2029)"
		}
	}
	return -1, ""
}

// syntaxError locates a yaml.v3 error such as "yaml: line 3: mapping values
// are not allowed in this context". yaml.v3 gives no column, leaves the
// line out on the first line, and may name the line after the last one;
// the place is found as the shortest prefix of src that fails with the
// same error (a binary search, a few parses of the document): the error
// is at the last byte of that prefix.
func syntaxError(src []byte, err error) (line, col int, msg string) {
	msg = strings.TrimPrefix(err.Error(), "yaml: ")
	if _, rest, ok := strings.Cut(msg, ": "); ok && strings.HasPrefix(msg, "line ") {
		msg = rest
	}
	full := err.Error()
	fails := func(n int) bool {
		var doc yaml.Node
		e := yaml.Unmarshal(src[:n], &doc)
		return e != nil && e.Error() == full
	}
	lo, hi := 0, len(src) // fails(hi); find the smallest such hi
	for lo < hi {
		mid := lo + (hi-lo)/2
		if fails(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	line, col = position(src, hi-1)
	return line, col, msg
}

// position converts a byte offset of src into a 1-based line and column,
// counting columns in characters.
func position(src []byte, off int) (line, col int) {
	off = min(max(off, 0), len(src))
	before := src[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	start := bytes.LastIndexByte(before, '\n') + 1
	return line, utf8.RuneCount(before[start:]) + 1
}

type decoder struct {
	path   string
	offset int
	diags  *diag.List
}

func (d *decoder) errorf(n *yaml.Node, format string, args ...any) {
	d.diags.Add(d.path, n.Line+d.offset, n.Column, format, args...)
}

var (
	posType         = reflect.TypeFor[Pos]()
	keyPosType      = reflect.TypeFor[KeyPos]()
	unmarshalerType = reflect.TypeFor[Unmarshaler]()
)

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	switch n.ShortTag() {
	case "!!str":
		return fmt.Sprintf("the text %q", n.Value)
	case "!!null":
		return "nothing"
	case "!!bool":
		return fmt.Sprintf("the boolean %s", n.Value)
	}
	return n.Value
}

func (d *decoder) decode(n *yaml.Node, v reflect.Value) {
	if n.ShortTag() == "!!null" && n.Kind == yaml.ScalarNode {
		return // an empty value leaves the field unset; decodeStruct checks required keys
	}
	if v.CanAddr() && v.Addr().Type().Implements(unmarshalerType) {
		if err := v.Addr().Interface().(Unmarshaler).UnmarshalNode(n); err != nil {
			d.errorf(n, "%s", err)
		}
		if v.Kind() == reflect.Struct {
			if _, pos, _ := fields(v.Type()); pos >= 0 {
				v.Field(pos).Set(reflect.ValueOf(Pos{Line: n.Line + d.offset, Col: n.Column}))
			}
		}
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		d.decode(n, p.Elem())
		v.Set(p)
	case reflect.Struct:
		d.decodeStruct(n, v)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.errorf(n, "expected a list, found %s; write [a, b] or one \"- item\" per line", kindName(n))
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, item := range n.Content {
			d.decode(item, s.Index(i))
		}
		v.Set(s)
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			d.errorf(n, "expected a mapping of keys to values, found %s", kindName(n))
			return
		}
		m := reflect.MakeMapWithSize(v.Type(), len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := reflect.New(v.Type().Key()).Elem()
			d.decode(n.Content[i], k)
			if m.MapIndex(k).IsValid() {
				d.errorf(n.Content[i], "key %q appears twice; keep one", n.Content[i].Value)
				continue
			}
			val := reflect.New(v.Type().Elem()).Elem()
			d.decode(n.Content[i+1], val)
			m.SetMapIndex(k, val)
		}
		v.Set(m)
	case reflect.String:
		if n.Kind != yaml.ScalarNode || (n.ShortTag() != "!!str" && n.ShortTag() != "!!int" && n.ShortTag() != "!!float") {
			d.errorf(n, "expected text, found %s; put the value in quotes if it is meant as text", kindName(n))
			return
		}
		v.SetString(n.Value)
	case reflect.Int:
		var i int
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" || n.Decode(&i) != nil {
			d.errorf(n, "expected a whole number, found %s", kindName(n))
			return
		}
		v.SetInt(int64(i))
	case reflect.Bool:
		var b bool
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" || n.Decode(&b) != nil {
			d.errorf(n, "expected true or false, found %s", kindName(n))
			return
		}
		v.SetBool(b)
	default:
		panic(fmt.Sprintf("yamlstrict: unsupported field type %s", v.Type()))
	}
}

type field struct {
	key      string
	required bool
	index    []int // for reflect.Value.FieldByIndex
}

// fields returns the keyed fields of t, and the index of its Pos field, or
// -1. keyPos maps "" to the index of its KeyPos field for its own keys,
// and a key to that of the KeyPos field for the keys under it.
func fields(t reflect.Type) (fs []field, pos int, keyPos map[string]int) {
	pos = -1
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Type == posType && f.Tag.Get("key") == "" {
			pos = i
			continue
		}
		if f.Type == keyPosType && f.Tag.Get("key") == "" {
			if keyPos == nil {
				keyPos = map[string]int{}
			}
			keyPos[f.Tag.Get("pos")] = i
			continue
		}
		tag, ok := f.Tag.Lookup("key")
		if !ok || tag == "-" {
			continue
		}
		name, opt, _ := strings.Cut(tag, ",")
		if opt == "inline" {
			inner, _, _ := fields(f.Type)
			for _, g := range inner {
				g.index = append([]int{i}, g.index...)
				fs = append(fs, g)
			}
			continue
		}
		fs = append(fs, field{key: name, required: opt == "required", index: []int{i}})
	}
	return fs, pos, keyPos
}

// keyPositions returns where each key of the mapping n is.
func (d *decoder) keyPositions(n *yaml.Node) KeyPos {
	kp := KeyPos{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i]; k.Kind == yaml.ScalarNode {
			if _, dup := kp[k.Value]; !dup {
				kp[k.Value] = Pos{Line: k.Line + d.offset, Col: k.Column}
			}
		}
	}
	return kp
}

// Keys lists the keys a struct type accepts, in declaration order.
func Keys(t reflect.Type) []string {
	fs, _, _ := fields(t)
	keys := make([]string, len(fs))
	for i, f := range fs {
		keys[i] = f.key
	}
	return keys
}

func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value) {
	fs, pos, keyPos := fields(v.Type())
	if pos >= 0 {
		v.Field(pos).Set(reflect.ValueOf(Pos{Line: n.Line + d.offset, Col: n.Column}))
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "expected a mapping of keys to values, found %s", kindName(n))
		return
	}
	if i, ok := keyPos[""]; ok {
		v.Field(i).Set(reflect.ValueOf(d.keyPositions(n)))
	}
	seen := map[string]bool{}
	present := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		present[n.Content[i].Value] = true
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		j := slices.IndexFunc(fs, func(f field) bool { return f.key == k.Value })
		if j < 0 {
			// A misspelt key: name the key meant, and do not report that
			// one as missing as well.
			if m := suggest.Closest(k.Value, Keys(v.Type()), 2); m != "" && !present[m] {
				d.errorf(k, "unknown key %q; did you mean %q?", k.Value, m)
				seen[m] = true
				continue
			}
			d.errorf(k, "unknown key %q; the keys here are %s", k.Value, strings.Join(Keys(v.Type()), ", "))
			continue
		}
		if seen[k.Value] {
			d.errorf(k, "key %q appears twice; keep one", k.Value)
			continue
		}
		seen[k.Value] = true
		if fs[j].required && val.ShortTag() == "!!null" {
			d.errorf(k, "key %q needs a value", k.Value)
			continue
		}
		d.decode(val, v.FieldByIndex(fs[j].index))
		if i, ok := keyPos[k.Value]; ok && val.Kind == yaml.MappingNode {
			v.Field(i).Set(reflect.ValueOf(d.keyPositions(val)))
		}
	}
	var missing []string
	for _, f := range fs {
		if f.required && !seen[f.key] {
			missing = append(missing, f.key)
		}
	}
	if len(missing) == 1 {
		d.errorf(n, "missing required key %q", missing[0])
	} else if len(missing) > 1 {
		d.errorf(n, "missing required keys %s", strings.Join(quoteAll(missing), ", "))
	}
}

func quoteAll(s []string) []string {
	q := make([]string, len(s))
	for i, x := range s {
		q[i] = fmt.Sprintf("%q", x)
	}
	return q
}
