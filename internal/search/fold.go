package search

import (
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// special folds letters that are not a base letter plus marks in Unicode,
// but that readers type without their stroke: Vietnamese đ above all.
var special = map[rune]string{
	'đ': "d", 'ð': "d", 'ø': "o", 'ł': "l", 'ħ': "h", 'ŧ': "t", 'ı': "i",
}

// keep are letters whose marks make another letter, not an accent: Russian
// й is not и. (ё is written е by most Russian texts, so it folds.)
var keep = map[rune]bool{'й': true}

// Fold returns s as the index compares it: in lower case, without the marks
// of Vietnamese tones, Latin accents and Cyrillic ё, with đ as d. The
// script static/js/search.js folds a query the same way (fold there), rune
// by rune, so that the two agree; TestFoldTable pins the cases.
func Fold(s string) string {
	s = strings.ToLower(s)
	if ascii(s) {
		return s // foldRune keeps every ASCII rune
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		foldRune(&b, r)
	}
	return b.String()
}

func foldRune(b *strings.Builder, r rune) {
	if r < utf8.RuneSelf {
		b.WriteByte(byte(r))
		return
	}
	if r < foldedRunes {
		// Normalising a rune allocates, and the texts of a dossier in
		// Vietnamese or Russian fold hundreds of thousands of them.
		f := folded[r].Load()
		if f == nil {
			var fb strings.Builder
			foldRuneSlow(&fb, r)
			s := fb.String()
			f = &s
			folded[r].Store(f)
		}
		b.WriteString(*f)
		return
	}
	foldRuneSlow(b, r)
}

// foldedRunes bounds the runes whose folding is kept in folded: Latin with
// its accents (Vietnamese's too, up to U+1EFF), Greek and Cyrillic.
const foldedRunes = 0x1F00

// folded holds, once folded, foldRune's string for each rune below
// foldedRunes.
var folded [foldedRunes]atomic.Pointer[string]

func foldRuneSlow(b *strings.Builder, r rune) {
	switch {
	case r < utf8.RuneSelf:
		b.WriteRune(r)
	case special[r] != "":
		b.WriteString(special[r])
	case keep[r]:
		b.WriteRune(r)
	default:
		for _, m := range norm.NFD.String(string(r)) {
			if !unicode.Is(unicode.Mn, m) {
				b.WriteRune(m)
			}
		}
	}
}

// A Token is a word of a text: as written, in lower case (Word), and
// folded (Key).
type Token struct {
	Word, Key string
}

// Tokens splits s into words: runs of letters, marks and digits. Each Han
// character is a word of its own, since Chinese does not space its words.
// The script splits queries the same way.
func Tokens(s string) []Token { return tokens(s) }

// tokens is Tokens.
func tokens(s string) []Token {
	var out []Token
	eachToken(s, func(raw string) {
		w := strings.ToLower(norm.NFC.String(raw))
		out = append(out, Token{Word: w, Key: Fold(w)})
	})
	return out
}

// eachToken calls f with each token of s as written: a run of letters,
// numbers and marks, or a single Han character.
func eachToken(s string, f func(raw string)) {
	start := -1
	emit := func(end int) {
		if start >= 0 {
			f(s[start:end])
			start = -1
		}
	}
	for i, r := range s {
		switch {
		case r < utf8.RuneSelf: // ASCII, the most text, without tables
			if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' {
				if start < 0 {
					start = i
				}
			} else {
				emit(i)
			}
		case unicode.Is(unicode.Han, r):
			emit(i)
			start = i
			emit(i + utf8.RuneLen(r))
		case unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r):
			if start < 0 {
				start = i
			}
		default:
			emit(i)
		}
	}
	emit(len(s))
}

// ascii reports whether s is all ASCII.
func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
