package site

import "testing"

// truncate cuts a description at n runes, at a space in its second half,
// without the punctuation before the cut, and counts runes, not bytes; a
// string that is not valid UTF-8 is cut as its runes are.
func TestTruncate(t *testing.T) {
	for _, c := range []struct {
		s    string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly ten", 11, "exactly ten"},
		{"one two, three four", 12, "one two…"},
		{"onetwothreefour", 5, "onetw…"},
		{"Đà Nẵng là một", 9, "Đà Nẵng…"}, // 9 runes, 15 bytes
		{"Đà Nẵng", 7, "Đà Nẵng"},
		{"ab\xffcd efgh", 6, "ab\uFFFDcd…"},
	} {
		if got := truncate(c.s, c.n); got != c.want {
			t.Errorf("truncate(%q, %d) = %q, want %q", c.s, c.n, got, c.want)
		}
	}
}
