package content

import (
	"regexp"
	"strings"
	"testing"
)

func TestParseDate(t *testing.T) {
	for in, want := range map[string]string{"1993": "1993", "1992-05": "1992-05", "2022-01-05": "2022-01-05"} {
		d, err := ParseDate(in)
		if err != nil || d.String() != want {
			t.Errorf("ParseDate(%q) = %v, %v", in, d, err)
		}
	}
	for _, in := range []string{"", "93", "2022-1-5", "2022-02-30", "2022-13", "5 January", "2022-01-05T10:00"} {
		if _, err := ParseDate(in); err == nil {
			t.Errorf("ParseDate(%q) succeeded", in)
		}
	}
	a, _ := ParseDate("1993")
	b, _ := ParseDate("1993-01-01")
	if a.Compare(b) >= 0 {
		t.Error("1993 should sort before 1993-01-01")
	}
}

func TestContainsQuote(t *testing.T) {
	text := "Ông Tokayev nói: “Lực lượng gìn giữ hoà bình của CSTO đã hoàn thành\nnhiệm vụ”. It's \"done\"."
	for _, q := range []string{
		`"Lực lượng gìn giữ hoà bình của CSTO đã hoàn thành nhiệm vụ"`,
		"hoàn   thành nhiệm vụ",
		"It’s “done”",
	} {
		if !ContainsQuote(text, q) {
			t.Errorf("quote %q not found", q)
		}
	}
	for _, q := range []string{"hoàn thành nhiệm vụ xuất sắc", "", "   "} {
		if ContainsQuote(text, q) {
			t.Errorf("quote %q found", q)
		}
	}
	// Decomposed diacritics (as typed on some systems) still match.
	if !ContainsQuote(text, "ho\u0061\u0300n th\u0061\u0300nh") {
		t.Error("NFD quote not matched")
	}
}

func TestSplitFrontMatter(t *testing.T) {
	front, body, line, ok := SplitFrontMatter([]byte("---\na: 1\nb: 2\n---\nBody\n"))
	if !ok || string(front) != "a: 1\nb: 2\n" || string(body) != "Body\n" || line != 5 {
		t.Errorf("got %q %q %d %v", front, body, line, ok)
	}
	if _, _, _, ok := SplitFrontMatter([]byte("no front matter")); ok {
		t.Error("accepted a file without front matter")
	}
	if _, _, _, ok := SplitFrontMatter([]byte("---\na: 1\n")); ok {
		t.Error("accepted unclosed front matter")
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"1993", "2022-01-05", "2022-02-29", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err == nil && !strings.HasPrefix(s, d.String()[:4]) {
			t.Errorf("ParseDate(%q) = %s", s, d)
		}
	})
}

// TestValidID checks ValidID against the regular expression it stands
// for, which the JSON schema gives editors, on every string of up to four
// characters from a small alphabet, and on a few longer ones.
func TestValidID(t *testing.T) {
	re := regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
	const alphabet = "az09-_A."
	var all func(prefix string, n int)
	all = func(prefix string, n int) {
		if got, want := ValidID(prefix), re.MatchString(prefix); got != want {
			t.Errorf("ValidID(%q) = %v, want %v", prefix, got, want)
		}
		if n == 0 {
			return
		}
		for _, c := range alphabet {
			all(prefix+string(c), n-1)
		}
	}
	all("", 4)
	for _, s := range []string{"protests-begin", "ev-000123-a-b", "a-", "-a", "a--b", "é", "aé", "a b"} {
		if got, want := ValidID(s), re.MatchString(s); got != want {
			t.Errorf("ValidID(%q) = %v, want %v", s, got, want)
		}
	}
}
