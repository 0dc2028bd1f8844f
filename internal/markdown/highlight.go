package markdown

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"html"
	"strings"
	"sync"
	"time"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/dlclark/regexp2/v2"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// chroma's lexers give each regular expression match 250 ms, and a match
// that takes longer fails as if it had not matched: the same code block
// is then highlighted differently. A build on a loaded machine, or one
// paused by the garbage collector, met that (a Go type written as a name),
// and builds must be the same bytes for the same input. regexp2 checks
// timeouts against a clock that a goroutine advances every period, and
// allows a match its timeout and a period more: with a period of a
// minute, no match fails for being slow, yet one that never ends still
// stops.
const regexpClockPeriod = time.Minute

func init() { regexp2.SetTimeoutCheckPeriod(regexpClockPeriod) }

// Highlighting renders fenced code blocks with chroma, using CSS classes
// rather than inline styles, so one stylesheet (Stylesheet) can carry both
// a light and a dark theme and a strict Content-Security-Policy holds.
var Highlighting goldmark.Extender = highlighting{}

type highlighting struct{}

func (highlighting) Extend(m goldmark.Markdown) {
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(highlighter{f: formatter(), done: &sync.Map{}}, 100)))
}

// The themes of highlighted code, and the options of the formatter; the
// same options must produce the HTML and the CSS.
const (
	lightStyle = "github"
	darkStyle  = "github-dark"
)

func formatter() *chromahtml.Formatter {
	return chromahtml.New(chromahtml.WithClasses(true), chromahtml.ClassPrefix("hl-"))
}

// highlighter renders code blocks. One formatter, safe for concurrent use,
// serves every block of a converter: it caches the CSS classes of the
// style, which a formatter per block would compute again each time. done
// keeps each block's HTML by language and code: a body is converted once
// per language of the site, and its code blocks, the costliest part, are
// the same in each.
type highlighter struct {
	f    *chromahtml.Formatter
	done *sync.Map // SHA-256 of language + "\x00" + code: the HTML
}

func (h highlighter) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, h.renderFencedCode)
}

func (h highlighter) renderFencedCode(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.FencedCodeBlock)
	var code bytes.Buffer
	lines := n.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		code.Write(seg.Value(src))
	}
	lang := string(n.Language(src))
	lexer := lexer(lang)
	if lexer == nil {
		fmt.Fprintf(w, "<pre><code>%s</code></pre>\n", html.EscapeString(code.String()))
		return ast.WalkSkipChildren, nil
	}
	// The key is the hash of the language and the code, not the code:
	// the cache lasts the whole build, and holds every block of the site.
	key := sha256.Sum256(append(append([]byte(lang), 0), code.Bytes()...))
	if out, ok := h.done.Load(key); ok {
		w.WriteString(out.(string))
		return ast.WalkSkipChildren, nil
	}
	it, err := chroma.Coalesce(lexer).Tokenise(nil, code.String())
	if err != nil {
		return ast.WalkStop, err
	}
	var out bytes.Buffer
	if err := h.f.Format(&out, styles.Get(lightStyle), it); err != nil {
		return ast.WalkStop, err
	}
	h.done.Store(key, out.String())
	w.Write(out.Bytes())
	return ast.WalkSkipChildren, nil
}

// lexer returns the lexer for a fence's language: a chroma lexer's name
// or alias, in any case, or a file extension one of its file names has
// ("go", "Python", "rs"); nil for anything else, shown as plain text.
//
// lexers.Get answers the same, but matches unknown names against every
// lexer's file patterns: 10–50 ms per fence. The index is built once.
func lexer(lang string) chroma.Lexer {
	if lang == "" {
		return nil
	}
	idx := lexerIndex()
	if l := idx.names[strings.ToLower(lang)]; l != nil {
		return l
	}
	return idx.exts[lang]
}

type lexerIdx struct {
	names map[string]chroma.Lexer // lower-case names and aliases
	exts  map[string]chroma.Lexer // file extensions, without the dot
}

var lexerIndex = sync.OnceValue(func() lexerIdx {
	idx := lexerIdx{names: map[string]chroma.Lexer{}, exts: map[string]chroma.Lexer{}}
	priority := func(l chroma.Lexer) float32 {
		if p := l.Config().Priority; p != 0 {
			return p
		}
		return 1
	}
	// File extensions ("*.rs"), the higher priority first as
	// lexers.Match ranks them; a primary file name beats an alias one.
	for _, aliases := range []bool{false, true} {
		ext := map[string]chroma.Lexer{}
		for _, l := range lexers.GlobalLexerRegistry.Lexers {
			globs := l.Config().Filenames
			if aliases {
				globs = l.Config().AliasFilenames
			}
			for _, g := range globs {
				e, ok := strings.CutPrefix(g, "*.")
				if !ok || strings.ContainsAny(e, "*?[\\") {
					continue
				}
				if old := ext[e]; old == nil || priority(l) > priority(old) {
					ext[e] = l
				}
			}
		}
		for k, l := range ext {
			if idx.exts[k] == nil {
				idx.exts[k] = l
			}
		}
	}
	// Names beat aliases, and extensions come last, as in lexers.Get.
	names := idx.names
	for _, l := range lexers.GlobalLexerRegistry.Lexers {
		names[strings.ToLower(l.Config().Name)] = l
	}
	for _, l := range lexers.GlobalLexerRegistry.Lexers {
		for _, a := range l.Config().Aliases {
			if k := strings.ToLower(a); names[k] == nil {
				names[k] = l
			}
		}
	}
	return idx
})

// Stylesheet returns the CSS for highlighted code: the light theme, and the
// dark one inside a prefers-color-scheme media query.
func Stylesheet() ([]byte, error) {
	var light, dark bytes.Buffer
	f := formatter()
	if err := f.WriteCSS(&light, styles.Get(lightStyle)); err != nil {
		return nil, err
	}
	if err := f.WriteCSS(&dark, styles.Get(darkStyle)); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	out.WriteString("/* Generated by dossier from chroma styles " + lightStyle + " and " + darkStyle + ". */\n")
	out.Write(light.Bytes())
	out.WriteString("@media (prefers-color-scheme: dark) {\n")
	for line := range strings.Lines(dark.String()) {
		out.WriteString("  " + line)
	}
	out.WriteString("}\n")
	return out.Bytes(), nil
}
