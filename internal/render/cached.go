package render

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"html/template"
	"math"
	"reflect"
	"slices"
	"strings"
	"sync"
	"text/template/parse"

	"github.com/dossier-dev/dossier/internal/diag"
)

// Every page repeats the site's header, menu and footer, and most pages of
// a language and a section repeat them byte for byte: laying them out
// anew took about a third of the time of laying out the site, since each
// action of html/template is a call through reflection. The template
// function cached lays such a part out once and reuses it:
//
//	{{cached "site-footer" . "Footer" "License" "CiteAs"}}
//
// executes the template "site-footer" with a value that holds only the
// named fields (or niladic methods) of dot, and returns its HTML. The part
// is laid out again only for a value of those fields that it has not seen
// in the page's language and template: the output is what {{template}}
// would write, whatever the fields hold. The part cannot read what the
// list leaves out (text/template reports the field missing), so a list
// that forgets a field is an error, never a stale part. It must be called
// between tags, where {{template}} would start, and what it names is the
// key, not a hint; the part's functions must depend on the language only
// (t does).

// parts is the cache of one language's parts, laid out by the shared
// set, or by a page template's set for a part whose templates its file
// defines; and the types of the values they receive.
//
// Every page calls cached a few times, so a part found costs no
// allocation: its key is made from dot's fields themselves, into a
// pooled buffer, and the value the part would receive is made only to
// lay it out.
type parts struct {
	t       *Templates
	mu      sync.Mutex
	html    map[string]template.HTML
	types   map[typeKey][]*partType
	typeIDs map[reflect.Type]int // the dynamic types of interfaces in keys
	keys    sync.Pool            // *[]byte, the buffers keys are made in
}

func (t *Templates) newParts() *parts {
	return &parts{t: t, html: map[string]template.HTML{}, types: map[typeKey][]*partType{}, typeIDs: map[reflect.Type]int{}}
}

// typeKey names the partTypes of one part for one type of dot, one for
// each list of fields a call passes.
type typeKey struct {
	name string
	dot  reflect.Type
}

// A partType is the value a part receives: a struct of the named fields
// of dot's type, each from a field of dot (index) or a method (method, an
// index of the methods of dot's pointer).
type partType struct {
	id     int // tells apart, in keys, the lists of fields of one part
	fields []string
	typ    reflect.Type
	index  [][]int // a field of dot, or nil for a method
	method []int
}

// partError is a part's own error, which the page's error wraps: it is
// reported where the part went wrong, not where it was called.
type partError struct {
	err    error
	name   string
	fields []string
}

func (e *partError) Error() string { return e.err.Error() }
func (e *partError) Unwrap() error { return e.err }

// cached implements the template function, called by the set of the page
// template tmpl ("" for the shared set).
func (c *parts) cached(tmpl, name string, dot any, fields []string) (template.HTML, error) {
	v := reflect.ValueOf(dot)
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return "", fmt.Errorf("cached %q: the value is nil", name)
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return "", fmt.Errorf("cached %q: the value is a %s, not a struct", name, v.Type())
	}
	if !v.CanAddr() { // for the methods of its pointer
		a := reflect.New(v.Type()).Elem()
		a.Set(v)
		v = a
	}
	pt, err := c.partType(name, v, fields)
	if err != nil {
		return "", err
	}
	shared := tmpl == "" || c.t.sharedPart(tmpl, name)
	bp, _ := c.keys.Get().(*[]byte)
	if bp == nil {
		bp = new([]byte)
	}
	defer c.keys.Put(bp)
	// The part's name, the page template whose set lays it out if not
	// the shared one, and which list of fields it receives.
	key := append(append((*bp)[:0], name...), 0)
	if shared {
		key = append(key, 0)
	} else {
		key = append(append(append(key, 1), tmpl...), 0)
	}
	key = binary.AppendUvarint(key, uint64(pt.id))
	ok := true
	for i := range fields {
		if key, ok = c.appendKey(key, pt.field(v, i), 0); !ok {
			break
		}
	}
	*bp = key
	if ok {
		c.mu.Lock()
		h, hit := c.html[string(key)]
		c.mu.Unlock()
		if hit {
			return h, nil
		}
	}
	part := reflect.New(pt.typ).Elem()
	for i := range fields {
		if f := pt.field(v, i); f.IsValid() {
			part.Field(i).Set(f)
		}
	}
	set := c.t.shared
	if !shared {
		set = c.t.byName[tmpl]
	}
	var b bytes.Buffer
	if err := set.ExecuteTemplate(&b, name, part.Interface()); err != nil {
		return "", &partError{err: err, name: name, fields: fields}
	}
	h := template.HTML(b.String())
	if ok {
		c.mu.Lock()
		c.html[string(key)] = h
		c.mu.Unlock()
	}
	return h, nil
}

// field returns the field i of the part from dot v: invalid if it is
// reached through a nil embedded pointer (the part's field stays zero).
func (pt *partType) field(v reflect.Value, i int) reflect.Value {
	if pt.index[i] == nil {
		return v.Addr().Method(pt.method[i]).Call(nil)[0]
	}
	f, err := v.FieldByIndexErr(pt.index[i])
	if err != nil {
		return reflect.Value{}
	}
	return f
}

// partType returns the type of the value that the part name receives from
// a dot of v's type.
func (c *parts) partType(name string, v reflect.Value, fields []string) (*partType, error) {
	tk := typeKey{name, v.Type()}
	c.mu.Lock()
	for _, pt := range c.types[tk] {
		if slices.Equal(pt.fields, fields) {
			c.mu.Unlock()
			return pt, nil
		}
	}
	c.mu.Unlock()
	pt := &partType{fields: slices.Clone(fields), index: make([][]int, len(fields)), method: make([]int, len(fields))}
	var sf []reflect.StructField
	for i, f := range fields {
		if slices.Contains(fields[:i], f) {
			return nil, fmt.Errorf("cached %q: %s is named twice", name, f)
		}
		if m, ok := v.Addr().Type().MethodByName(f); ok && m.Type.NumIn() == 1 && m.Type.NumOut() == 1 {
			pt.method[i] = m.Index
			sf = append(sf, reflect.StructField{Name: f, Type: m.Type.Out(0)})
			continue
		}
		t, ok := v.Type().FieldByName(f)
		if !ok || !t.IsExported() {
			return nil, fmt.Errorf("cached %q: %s has no field or method %s to pass", name, v.Type(), f)
		}
		pt.index[i] = t.Index
		sf = append(sf, reflect.StructField{Name: f, Type: t.Type})
	}
	pt.typ = reflect.StructOf(sf)
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, other := range c.types[tk] { // made meanwhile by another page
		if slices.Equal(other.fields, fields) {
			return other, nil
		}
	}
	pt.id = len(c.types[tk])
	c.types[tk] = append(c.types[tk], pt)
	return pt, nil
}

// appendKey appends to b what v holds, so that two values append the same
// bytes only if they hold the same: lengths before strings and lists,
// pointers followed, maps in the order of their keys' bytes. It reports
// false for a value that cannot be told so (a function, a channel, or a
// structure deeper than 32 levels: a cycle); such a part is not kept.
func (c *parts) appendKey(b []byte, v reflect.Value, depth int) ([]byte, bool) {
	if depth > 32 {
		return b, false
	}
	ok := true
	switch v.Kind() {
	case reflect.Invalid:
		b = append(b, 0)
	case reflect.Bool:
		b = append(b, 1)
		if v.Bool() {
			b = append(b, 1)
		} else {
			b = append(b, 0)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		b = binary.AppendVarint(append(b, 2), v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		b = binary.AppendUvarint(append(b, 3), v.Uint())
	case reflect.Float32, reflect.Float64:
		b = binary.AppendUvarint(append(b, 4), math.Float64bits(v.Float()))
	case reflect.String:
		s := v.String()
		b = append(binary.AppendUvarint(append(b, 5), uint64(len(s))), s...)
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return append(b, 6), true
		}
		b = append(b, 7)
		if v.Kind() == reflect.Interface {
			// The dynamic type counts: two types may hold the same.
			b = binary.AppendUvarint(b, uint64(c.typeID(v.Elem().Type())))
		}
		return c.appendKey(b, v.Elem(), depth+1)
	case reflect.Struct:
		b = append(b, 8)
		for i := range v.NumField() {
			if b, ok = c.appendKey(b, v.Field(i), depth+1); !ok {
				return b, false
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return append(b, 9), true
		}
		b = binary.AppendUvarint(append(b, 10), uint64(v.Len()))
		for i := range v.Len() {
			if b, ok = c.appendKey(b, v.Index(i), depth+1); !ok {
				return b, false
			}
		}
	case reflect.Map:
		if v.IsNil() {
			return append(b, 11), true
		}
		type entry struct{ k, v []byte }
		var es []entry
		for it := v.MapRange(); it.Next(); {
			var e entry
			if e.k, ok = c.appendKey(nil, it.Key(), depth+1); !ok {
				return b, false
			}
			if e.v, ok = c.appendKey(nil, it.Value(), depth+1); !ok {
				return b, false
			}
			es = append(es, e)
		}
		slices.SortFunc(es, func(x, y entry) int { return cmp.Compare(string(x.k), string(y.k)) })
		b = binary.AppendUvarint(append(b, 12), uint64(len(es)))
		for _, e := range es {
			b = append(append(b, e.k...), e.v...)
		}
	default: // functions, channels, unsafe pointers, complex numbers
		return b, false
	}
	return b, true
}

// typeID numbers the types met in keys.
func (c *parts) typeID(t reflect.Type) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	id, ok := c.typeIDs[t]
	if !ok {
		id = len(c.typeIDs)
		c.typeIDs[t] = id
	}
	return id
}

// partDiag reports an error of laying out a page, where it happened: in
// the innermost part, if a part failed.
func partDiag(err error, srcs map[string][]byte, set *template.Template) diag.Diagnostic {
	var pe *partError
	if !errors.As(err, &pe) {
		return templateError(err, srcs, set)
	}
	for {
		var inner *partError
		if !errors.As(pe.err, &inner) {
			break
		}
		pe = inner
	}
	d := templateError(pe.err, srcs, set)
	if i := strings.Index(d.Msg, " in type struct {"); i >= 0 && strings.Contains(d.Msg, "can't evaluate field") {
		d.Msg = d.Msg[:i] + fmt.Sprintf(`: cached %q passes only %s; add the field to its list`, pe.name, strings.Join(pe.fields, ", "))
	}
	return d
}

// sharedPart reports whether the part name is the same in the set of the
// page template tmpl as in the shared set: whether the page's file defines
// none of the templates it calls.
func (t *Templates) sharedPart(tmpl, name string) bool {
	own := t.own[tmpl]
	if own[name] {
		return false
	}
	for _, c := range t.calls[name] {
		if own[c] || c == anyTemplate {
			return false
		}
	}
	return true
}

// anyTemplate stands, in calls, for a part named by a value, not a string.
const anyTemplate = "\x00"

// calls lists, for each template of set, the templates it calls, directly
// or through others, with {{template}} or cached.
func calls(set *template.Template) map[string][]string {
	direct := map[string][]string{}
	for _, d := range set.Templates() {
		if d.Tree == nil {
			continue
		}
		var walk func(n parse.Node)
		walk = func(n parse.Node) {
			switch n := n.(type) {
			case *parse.ListNode:
				if n != nil {
					for _, c := range n.Nodes {
						walk(c)
					}
				}
			case *parse.TemplateNode:
				direct[d.Name()] = append(direct[d.Name()], n.Name)
			case *parse.ActionNode:
				walk(n.Pipe)
			case *parse.PipeNode:
				if n != nil {
					for _, c := range n.Cmds {
						walk(c)
					}
				}
			case *parse.CommandNode:
				if f, ok := n.Args[0].(*parse.IdentifierNode); ok && f.Ident == "cached" {
					name := anyTemplate // a name computed as it runs
					if len(n.Args) > 1 {
						if s, ok := n.Args[1].(*parse.StringNode); ok {
							name = s.Text
						}
					}
					direct[d.Name()] = append(direct[d.Name()], name)
				}
				for _, a := range n.Args {
					walk(a)
				}
			case *parse.IfNode:
				walk(n.Pipe)
				walk(n.List)
				walk(n.ElseList)
			case *parse.RangeNode:
				walk(n.Pipe)
				walk(n.List)
				walk(n.ElseList)
			case *parse.WithNode:
				walk(n.Pipe)
				walk(n.List)
				walk(n.ElseList)
			}
		}
		walk(d.Tree.Root)
	}
	all := map[string][]string{}
	for name := range direct {
		seen := map[string]bool{}
		stack := slices.Clone(direct[name])
		for len(stack) > 0 {
			n := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if seen[n] {
				continue
			}
			seen[n] = true
			all[name] = append(all[name], n)
			stack = append(stack, direct[n]...)
		}
	}
	return all
}
