package i18n

import (
	"bufio"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/language"
)

// builtin lists the languages of the built-in catalogues, English first.
func builtin(t *testing.T) []string {
	t.Helper()
	names, err := filepath.Glob("../../" + Dir + "/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	langs := []string{"en"}
	for _, n := range names {
		base := strings.TrimSuffix(path.Base(n), ".yaml")
		tag, err := language.Parse(base)
		if err != nil || strings.ToLower(tag.String()) != base {
			t.Errorf("%s: a catalogue is named by its BCP 47 tag in lower case", n)
			continue
		}
		if base != "en" {
			langs = append(langs, tag.String())
		}
	}
	return langs
}

// TestBuiltinCatalogs checks that every built-in catalogue has exactly the
// keys of en.yaml, with the same placeholders and list lengths, and valid
// date keys.
func TestBuiltinCatalogs(t *testing.T) {
	langs := builtin(t)
	for _, want := range []string{"en", "vi", "fr", "de", "ru", "zh-Hans", "ar"} {
		if !slices.Contains(langs, want) {
			t.Errorf("no built-in catalogue for %s", want)
		}
	}
	cats, diags := Load(os.DirFS("../.."), langs)
	if len(diags) > 0 {
		t.Fatalf("catalogues:\n%v", diags)
	}
	for _, lang := range langs[1:] {
		if got, want := cats[lang].Keys(), cats["en"].Keys(); !slices.Equal(got, want) {
			t.Errorf("%s has keys %v, en has %v", lang, got, want)
		}
	}
}

// TestDates compares the built-in catalogues' dates with the golden table
// in testdata/dates.golden.
func TestDates(t *testing.T) {
	f, err := os.Open("testdata/dates.golden")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cats := map[string]*Catalog{}
	sc := bufio.NewScanner(f)
	n := 0
	for line := 1; sc.Scan(); line++ {
		if sc.Text() == "" || strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		parts := strings.Split(sc.Text(), "\t")
		if len(parts) != 3 {
			t.Fatalf("dates.golden:%d: want language, input and output separated by tabs", line)
		}
		lang, in, want := parts[0], parts[1], parts[2]
		c := cats[lang]
		if c == nil {
			cs, diags := Load(os.DirFS("../.."), []string{lang})
			if len(diags) > 0 {
				t.Fatalf("%s: %v", lang, diags)
			}
			c = cs[lang]
			cats[lang] = c
		}
		got := ""
		switch from, to, isRange := strings.Cut(in, "/"); {
		case strings.Contains(in, ":"):
			h, m, _ := strings.Cut(in, ":")
			got = c.Time(atoi(t, h), atoi(t, m))
		case isRange:
			got = c.DateRange(date(t, from), date(t, to))
		default:
			d := date(t, in)
			got = c.Date(d.Year, d.Month, d.Day)
		}
		if got != want {
			t.Errorf("dates.golden:%d: %s %s = %q, want %q", line, lang, in, got, want)
		}
		n++
	}
	if n < 50 {
		t.Errorf("only %d cases read", n)
	}
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// date reads 2003, 2003-04 or 2003-04-16.
func date(t *testing.T, s string) Date {
	t.Helper()
	var n [3]int
	for i, p := range strings.Split(s, "-") {
		n[i] = atoi(t, p)
	}
	return Date{n[0], n[1], n[2]}
}

// BenchmarkDate measures writing one day and one range from the Arabic
// catalogue, the slowest case (digits mapped one by one).
func BenchmarkDate(b *testing.B) {
	cats, diags := Load(os.DirFS("../.."), []string{"ar"})
	if len(diags) > 0 {
		b.Fatal(diags)
	}
	c := cats["ar"]
	for b.Loop() {
		c.Date(2003, 4, 16)
		c.DateRange(Date{2003, 4, 16}, Date{2004, 5, 3})
	}
}
