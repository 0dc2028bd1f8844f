package markdown

import (
	"bytes"
	"testing"

	"github.com/dossier-dev/dossier/internal/linear"
)

// The fuzz targets check that conversion never fails or panics, whatever
// the input, and that its work is linear: converting the input four times
// over may allocate about four times as much, not sixteen. Their seed
// corpora are in testdata/fuzz/; run them with make fuzz.

// checkLinear converts src and src four times over, and fails if the second
// allocates more than linear work would.
func checkLinear(t *testing.T, conv *Converter, src []byte) {
	t.Helper()
	convert := func(b []byte) func() {
		return func() {
			doc, err := conv.Convert(b, stubResolver{})
			if err != nil {
				t.Fatalf("Convert(%q): %v", b, err)
			}
			for _, p := range doc.Problems {
				if p.Offset < 0 || p.Offset > len(b) {
					t.Fatalf("problem %q at offset %d, outside the %d bytes of input", p.Msg, p.Offset, len(b))
				}
			}
		}
	}
	four := bytes.Repeat(append(bytes.Clone(src), '\n'), 4)
	// What is paid once per process, such as compiling the rules of a
	// chroma lexer on its first use (a fence of language "t"), is not work
	// per input: convert both once before measuring.
	convert(src)()
	convert(four)()
	once := linear.Allocated(convert(src))
	if got := linear.Allocated(convert(four)); got > 8*once+1<<20 {
		t.Fatalf("not linear: %d bytes allocated for %d bytes of input, %d for four times as much:\n%q", once, len(src), got, src)
	}
}

// alphabet maps each byte of b to one of the bytes of a, so that a fuzz
// input becomes text in a small syntax, such as citations.
func alphabet(b []byte, a string) []byte {
	out := make([]byte, len(b))
	for i, c := range b {
		out[i] = a[int(c)%len(a)]
	}
	return out
}

func FuzzConvert(f *testing.F) {
	conv := New()
	f.Fuzz(func(t *testing.T, src []byte) {
		checkLinear(t, conv, src)
	})
}

func FuzzCitations(f *testing.F) {
	conv := New()
	f.Fuzz(func(t *testing.T, b []byte) {
		checkLinear(t, conv, alphabet(b, "[@];a b-\n*`x!("))
	})
}

func FuzzCrossLinks(f *testing.F) {
	conv := New()
	f.Fuzz(func(t *testing.T, b []byte) {
		checkLinear(t, conv, alphabet(b, "[]|a/ \nevents-x*`("))
	})
}
