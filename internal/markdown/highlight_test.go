package markdown

import (
	"testing"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// TestLexerIndex checks that the index finds the lexer lexers.Get finds for
// every name and alias, and for common file extensions, and nothing for
// names chroma does not know.
func TestLexerIndex(t *testing.T) {
	var langs []string
	for _, l := range lexers.GlobalLexerRegistry.Lexers {
		langs = append(langs, l.Config().Name)
		langs = append(langs, l.Config().Aliases...)
	}
	langs = append(langs, "GO", "Python", "rs", "py", "yml", "sh", "md", "ts", "tsx")
	for _, lang := range langs {
		want, got := lexers.Get(lang), lexer(lang)
		if want == nil || got == nil || want.Config().Name != got.Config().Name {
			t.Errorf("lexer(%q) = %v, lexers.Get = %v", lang, name(got), name(want))
		}
	}
	for _, lang := range []string{"", "nosuchlanguage", "-"} {
		if l := lexer(lang); l != nil {
			t.Errorf("lexer(%q) = %s, want none", lang, l.Config().Name)
		}
	}
}

func name(l interface{ Config() *chroma.Config }) string {
	if l == nil {
		return "none"
	}
	return l.Config().Name
}
