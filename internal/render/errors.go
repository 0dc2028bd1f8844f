package render

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"html/template"
	"io"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"text/template/parse"
	"unicode/utf8"

	"github.com/dossier-dev/dossier/internal/diag"
)

// Errors of html/template name a line but, when parsing, no column, and
// may name a line past the end of the file (an action left open at its
// end). locate finds the action that is wrong, so that each error is
// reported at templates/FILE:LINE:COL of that action, with what to do.

// tmplErr matches the errors of text/template and html/template:
// "template: x.html:3: …" when parsing, "template: x.html:3:14: executing …"
// and "html/template:x.html:3:14: …" when executing (the column, from
// parse.Tree.ErrorContext, is a byte offset counted from 0).
var tmplErr = regexp.MustCompile(`^(?:html/)?template: ?([^:\s]+):(\d+)(?::(\d+))?: (.*)$`)

// templateError turns an error of parsing or executing templates into a
// diagnostic. srcs holds the template files by name; set, when executing,
// the templates the error came from, as parsed and never executed (an
// escaping error drops the trees of the set it happened in).
func templateError(err error, srcs map[string][]byte, set *template.Template) diag.Diagnostic {
	var te *template.Error
	if errors.As(err, &te) && te.Line == 0 && te.Node == nil && te.ErrorCode == template.ErrEndContext {
		if file, off, name, ok := openEnd(set, te.Name); ok {
			for _, a := range actions(srcs[file]) {
				if a.start <= off && off < a.end {
					off = a.start // the node is inside the action
				}
			}
			line, col := position(srcs[file], off)
			return diag.Diagnostic{Path: path.Join(Dir, file), Line: line, Col: col,
				Msg: fmt.Sprintf("template %q ends inside a tag, an attribute, a quoted string, a comment or a script; close it", name)}
		}
	}
	msg := err.Error()
	m := tmplErr.FindStringSubmatch(msg)
	if m == nil {
		return diag.Diagnostic{Path: Dir, Msg: msg}
	}
	file, text := m[1], m[4]
	d := diag.Diagnostic{Path: path.Join(Dir, file), Msg: text}
	src, ok := srcs[file]
	line, _ := strconv.Atoi(m[2])
	if !ok {
		d.Line = line
		return d
	}
	if m[3] != "" {
		// Executing: the line and the byte of the node that failed.
		b, _ := strconv.Atoi(m[3])
		d.Line, d.Col = position(src, lineStart(src, line)+b)
		d.Msg = execHint(text)
		return d
	}
	off, msg := locate(src, line, text)
	d.Line, d.Col = position(src, off)
	d.Msg = msg
	return d
}

// openEnd finds the template of set that ends in a non-text context, its
// file and the offset of its last action. html/template names the template
// it was escaping (base), not the one called from it that left the context
// open, so each template is escaped alone, in a copy of set, named last.
func openEnd(set *template.Template, named string) (file string, off int, name string, ok bool) {
	if set == nil {
		return "", 0, "", false
	}
	ts := set.Templates()
	slices.SortFunc(ts, func(a, b *template.Template) int {
		return cmp.Or(cmp.Compare(b2i(a.Name() == named), b2i(b.Name() == named)), strings.Compare(a.Name(), b.Name()))
	})
	for _, t := range ts {
		c, err := set.Clone()
		if err != nil {
			return "", 0, "", false
		}
		one := c.Lookup(t.Name())
		if one == nil || one.Tree == nil || one.Tree.Root == nil {
			continue
		}
		file, off = one.Tree.ParseName, lastAction(one.Tree.Root)
		var te *template.Error
		if err := one.Execute(io.Discard, nil); errors.As(err, &te) && te.ErrorCode == template.ErrEndContext {
			return file, off, t.Name(), true
		}
	}
	return "", 0, "", false
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// lastAction returns the offset of the last node of list that is not
// text.
func lastAction(list *parse.ListNode) int {
	for i := len(list.Nodes) - 1; i >= 0; i-- {
		if n := list.Nodes[i]; n.Type() != parse.NodeText {
			return int(n.Position())
		}
	}
	return int(list.Position())
}

var (
	startedAt  = regexp.MustCompile(`^unclosed action started at [^:]+:(\d+)$`)
	undefFunc  = regexp.MustCompile(`^function "([^"]+)" not defined$`)
	unexpected = regexp.MustCompile(`^unexpected \{\{(\w+)\}\}`)
	quoted     = regexp.MustCompile(`"([^"]+)"|\{\{(\w+)\}\}`)
)

// locate returns the offset in src of the action a parse error at line is
// about, and the message to give.
func locate(src []byte, line int, text string) (int, string) {
	acts := actions(src)
	if m := startedAt.FindStringSubmatch(text); m != nil {
		line, _ = strconv.Atoi(m[1])
		text = "unclosed action"
	}
	switch {
	case text == "unclosed action", text == "unclosed comment",
		strings.HasPrefix(text, "unterminated "), strings.HasPrefix(text, "unclosed left paren"):
		for _, a := range acts {
			if a.end < 0 {
				what := "action {{ is not closed: close it with }}"
				if a.word == "/*" {
					what = "comment {{/* is not closed: close it with */}}"
				} else if text != "unclosed action" {
					what = text + " in this action: close it"
				}
				return a.start, what
			}
		}
	case text == "unexpected EOF":
		// The innermost block still open at the end of the file.
		var open []action
		for _, a := range acts {
			switch a.word {
			case "if", "range", "with", "define", "block":
				open = append(open, a)
			case "end":
				if len(open) > 0 {
					open = open[:len(open)-1]
				}
			}
		}
		if n := len(open); n > 0 {
			return open[n-1].start, fmt.Sprintf("{{%s}} is not closed: add {{end}} where its block ends", open[n-1].word)
		}
	}
	// onLine returns the offset of word (or, if !at, of its action) in
	// the first action on the line that holds it, else of the first action
	// on the line.
	onLine := func(word string, at bool) (int, bool) {
		first := -1
		l, seen := 1, 0 // the line of offset seen; actions come in order
		lineAt := func(off int) int {
			l += bytes.Count(src[seen:off], []byte("\n"))
			seen = off
			return l
		}
		for _, a := range acts {
			end := a.end
			if end < 0 {
				end = len(src)
			}
			if lineAt(a.start) > line {
				break
			} else if lineAt(max(end-1, a.start)) < line {
				continue
			}
			if first < 0 {
				first = a.start
			}
			if word == "" {
				return a.start, true
			}
			if i := indexWord(src[a.start:end], word); i >= 0 {
				if !at {
					return a.start, true
				}
				return a.start + i, true
			}
		}
		return first, first >= 0
	}
	if m := undefFunc.FindStringSubmatch(text); m != nil {
		off, _ := onLine(m[1], true)
		return off, text + ": the functions are those of text/template, t and json (see package render)"
	}
	if m := unexpected.FindStringSubmatch(text); m != nil {
		off, _ := onLine(m[1], false)
		return off, text + ": it closes or continues no {{if}}, {{range}}, {{with}}, {{define}} or {{block}}; remove it or open the block"
	}
	word := ""
	if m := quoted.FindStringSubmatch(text); m != nil {
		word = m[1] + m[2]
	}
	if off, ok := onLine(word, true); ok {
		return off, text
	}
	return lineStart(src, line), text
}

// execHint adds what to do to the commonest error of executing.
func execHint(text string) string {
	if strings.Contains(text, "can't evaluate field") {
		return text + ": the page's view has no such field (see the view models of package site)"
	}
	if strings.HasPrefix(text, "no such template") {
		return text + `: define it with {{define "name"}} in a template file`
	}
	return text
}

// An action is {{…}} in a template: its start, the offset after its }} (or
// -1 if it is not closed, or holds an unterminated string), and its first
// word ("if", "end", ".Title", "/*" for a comment).
type action struct {
	start, end int
	word       string
}

// actions lists the actions of src, up to the first one not closed. It
// knows the default delimiters, trim markers, comments and quoted
// strings, which may hold }}, as text/template's lexer does.
func actions(src []byte) []action {
	var out []action
	for i := 0; ; {
		j := bytes.Index(src[i:], []byte("{{"))
		if j < 0 {
			return out
		}
		a := action{start: i + j, end: -1}
		k := a.start + 2
		if bytes.HasPrefix(src[k:], []byte("- ")) {
			k += 2
		}
		for k < len(src) && (src[k] == ' ' || src[k] == '\t' || src[k] == '\n' || src[k] == '\r') {
			k++
		}
		if bytes.HasPrefix(src[k:], []byte("/*")) {
			a.word = "/*"
			if e := bytes.Index(src[k+2:], []byte("*/")); e >= 0 {
				if c := bytes.Index(src[k+2+e:], []byte("}}")); c >= 0 {
					a.end = k + 2 + e + c + 2
				}
			}
		} else {
			w := k
			for w < len(src) && (src[w] == '.' || src[w] == '$' || src[w] == '_' || isAlnum(src[w])) {
				w++
			}
			a.word = string(src[k:w])
			a.end = closeAction(src, k)
		}
		out = append(out, a)
		if a.end < 0 {
			return out
		}
		i = a.end
	}
}

// closeAction returns the offset after the }} that closes the action whose
// text starts at k, or -1.
func closeAction(src []byte, k int) int {
	for k < len(src) {
		switch c := src[k]; c {
		case '"', '\'':
			k++
			for k < len(src) && src[k] != c {
				if src[k] == '\n' {
					return -1
				}
				if src[k] == '\\' {
					k++
				}
				k++
			}
			if k >= len(src) {
				return -1
			}
		case '`':
			e := bytes.IndexByte(src[k+1:], '`')
			if e < 0 {
				return -1
			}
			k += e + 1
		case '}':
			if k+1 < len(src) && src[k+1] == '}' {
				return k + 2
			}
		}
		k++
	}
	return -1
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// indexWord returns the offset of word in b where it stands alone (not
// inside a longer name), or -1. A variable ($x) is looked for where it is
// used, not where it is declared ($x := …, $x = …).
func indexWord(b []byte, word string) int {
	for i := 0; ; {
		j := bytes.Index(b[i:], []byte(word))
		if j < 0 {
			return -1
		}
		s, e := i+j, i+j+len(word)
		if (s == 0 || !isAlnum(b[s-1]) && b[s-1] != '_') && (e == len(b) || !isAlnum(b[e]) && b[e] != '_') {
			rest := bytes.TrimLeft(b[e:], " \t")
			declared := strings.HasPrefix(word, "$") && (bytes.HasPrefix(rest, []byte(":=")) || bytes.HasPrefix(rest, []byte("=")) && !bytes.HasPrefix(rest, []byte("==")))
			if !declared {
				return s
			}
		}
		i = s + 1
	}
}

// lineStart returns the offset of the start of line (1-based) in src, or
// of the last line if src has fewer.
func lineStart(src []byte, line int) int {
	off := 0
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 || off+i+1 == len(src) {
			break
		}
		off += i + 1
	}
	return off
}

// position converts an offset of src into a 1-based line and column, the
// column counted in characters. Lines end at \n only, as text/template
// counts them. A position at the very end of a file that ends in a
// newline is put at the end of its last line, not on a line past it.
func position(src []byte, off int) (line, col int) {
	off = min(max(off, 0), len(src))
	if off == len(src) && off > 0 && src[off-1] == '\n' {
		off--
	}
	before := src[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	start := bytes.LastIndexByte(before, '\n') + 1
	return line, utf8.RuneCount(before[start:]) + 1
}
