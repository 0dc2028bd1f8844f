// Package yamlstrict decodes YAML into Go structs strictly, reporting every
// unknown key, wrong type and missing required key with its line and column.
//
// gopkg.in/yaml.v3's KnownFields mode stops at the first kind of error and
// reports lines without columns; editors need all problems at once, located
// precisely, so this package walks the yaml.Node tree itself.
//
// Struct fields are matched by the tag `key:"name"`; `key:"name,required"`
// marks a required key; fields without a key tag are ignored. A field of type
// Pos receives the position of the node that fills its struct. An embedded
// struct tagged `key:",inline"` contributes its keys to the outer one. A type
// implementing Unmarshaler decodes its own node.
package yamlstrict

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/dossier-dev/dossier/internal/diag"
	"github.com/dossier-dev/dossier/internal/suggest"
	"go.yaml.in/yaml/v3"
)

// Pos is a position in a file, 1-based.
type Pos struct {
	Line, Col int
}

// Unmarshaler is implemented by types that decode a scalar or node
// themselves. The returned error's text becomes the diagnostic message, at
// the node's position.
type Unmarshaler interface {
	UnmarshalNode(n *yaml.Node) error
}

// Parse parses src as one YAML document and decodes it into v, which must be
// a pointer to a struct. Lines are reported relative to the file: lineOffset
// is the number of file lines before src.
func Parse(path string, src []byte, lineOffset int, v any) diag.List {
	var doc yaml.Node
	var diags diag.List
	if err := yaml.Unmarshal(src, &doc); err != nil {
		line, msg := syntaxError(err)
		if line > 0 {
			line += lineOffset
		}
		diags.Add(path, line, 0, "invalid YAML: %s", msg)
		return diags
	}
	d := decoder{path: path, offset: lineOffset, diags: &diags}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		// An empty document: every required key is missing.
		d.decode(&yaml.Node{Kind: yaml.MappingNode, Line: 1, Column: 1}, reflect.ValueOf(v).Elem())
		return diags
	}
	d.decode(doc.Content[0], reflect.ValueOf(v).Elem())
	return diags
}

// syntaxError extracts the line from a yaml.v3 error such as
// "yaml: line 3: mapping values are not allowed in this context".
func syntaxError(err error) (int, string) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	var line int
	if n, _ := fmt.Sscanf(msg, "line %d:", &line); n == 1 {
		_, rest, _ := strings.Cut(msg, ": ")
		// yaml.v3 counts lines from 1 in scanner errors but from 0 in
		// parser errors, all of which say "did not find expected".
		if strings.HasPrefix(rest, "did not find expected") {
			line++
		}
		return line, rest
	}
	return 0, msg
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
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n.ShortTag() == "!!null" && n.Kind == yaml.ScalarNode {
		return // an empty value leaves the field unset; decodeStruct checks required keys
	}
	if v.CanAddr() && v.Addr().Type().Implements(unmarshalerType) {
		if err := v.Addr().Interface().(Unmarshaler).UnmarshalNode(n); err != nil {
			d.errorf(n, "%s", err)
		}
		if v.Kind() == reflect.Struct {
			if _, pos := fields(v.Type()); pos >= 0 {
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

func fields(t reflect.Type) (fs []field, pos int) {
	pos = -1
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Type == posType && f.Tag.Get("key") == "" {
			pos = i
			continue
		}
		tag, ok := f.Tag.Lookup("key")
		if !ok || tag == "-" {
			continue
		}
		name, opt, _ := strings.Cut(tag, ",")
		if opt == "inline" {
			inner, _ := fields(f.Type)
			for _, g := range inner {
				g.index = append([]int{i}, g.index...)
				fs = append(fs, g)
			}
			continue
		}
		fs = append(fs, field{key: name, required: opt == "required", index: []int{i}})
	}
	return fs, pos
}

// Keys lists the keys a struct type accepts, in declaration order.
func Keys(t reflect.Type) []string {
	fs, _ := fields(t)
	keys := make([]string, len(fs))
	for i, f := range fs {
		keys[i] = f.key
	}
	return keys
}

func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value) {
	fs, pos := fields(v.Type())
	if pos >= 0 {
		v.Field(pos).Set(reflect.ValueOf(Pos{Line: n.Line + d.offset, Col: n.Column}))
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "expected a mapping of keys to values, found %s", kindName(n))
		return
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
