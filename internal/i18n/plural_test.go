package i18n

import (
	"os"
	"slices"
	"strings"
	"testing"
)

// TestPluralRules checks the category of counts against the examples of
// CLDR's plural rules (unicode.org/cldr/charts, "Language Plural Rules").
func TestPluralRules(t *testing.T) {
	for lang, want := range map[string]map[string][]int{
		"en":      {"one": {1}, "other": {0, 2, 3, 11, 21, 101}},
		"de":      {"one": {1}, "other": {0, 2, 21}},
		"fr":      {"one": {0, 1}, "other": {2, 3, 17, 101}},
		"vi":      {"other": {0, 1, 2, 21}},
		"zh-Hans": {"other": {0, 1, 2}},
		"ru":      {"one": {1, 21, 31, 101, 1001}, "few": {2, 3, 4, 22, 24, 102}, "many": {0, 5, 11, 12, 14, 19, 20, 25, 100, 111}},
		"ar":      {"zero": {0}, "one": {1}, "two": {2}, "few": {3, 4, 10, 103, 110}, "many": {11, 26, 99, 111, 1011}, "other": {100, 101, 102, 200, 1000}},
	} {
		for form, ns := range want {
			for _, n := range ns {
				if got := formOf(lang, n); got != form {
					t.Errorf("%s: %d is %s, want %s", lang, n, got, form)
				}
			}
		}
	}
	for lang, want := range map[string]string{"en": "one other", "vi": "other", "ru": "one few many other", "ar": "zero one two few many other"} {
		if got, _ := Forms(lang); strings.Join(got, " ") != want {
			t.Errorf("Forms(%s) = %v, want %s", lang, got, want)
		}
	}
}

// TestBuiltinPlurals checks that the built-in catalogues count in the
// forms of their languages.
func TestBuiltinPlurals(t *testing.T) {
	langs := builtin(t)
	cats, diags := Load(os.DirFS("../.."), langs)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	for _, tc := range []struct {
		lang string
		n    int
		want string
	}{
		{"en", 1, "source"}, {"en", 5, "sources"},
		{"fr", 0, "source"}, {"fr", 2, "sources"},
		{"ru", 1, "источник"}, {"ru", 21, "источник"}, {"ru", 3, "источника"}, {"ru", 5, "источников"}, {"ru", 12, "источников"},
		{"ar", 2, "مصدران"}, {"ar", 7, "مصادر"}, {"ar", 15, "مصدرًا"}, {"ar", 100, "مصدر"},
		{"vi", 1, "nguồn"}, {"vi", 7, "nguồn"},
	} {
		if got := cats[tc.lang].Plural("home.count.sources", tc.n); got != tc.want {
			t.Errorf("%s, %d: %q, want %q", tc.lang, tc.n, got, tc.want)
		}
	}
	if got := cats["ar"].Number(2022); got != "٢٠٢٢" {
		t.Errorf("Arabic number %q", got)
	}
	if got := cats["en"].Plural("home.count.members", 1, "the Council"); got != "member of the Council, past or present" {
		t.Errorf("arguments: %q", got)
	}
}

func TestPluralErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files []string
		want  string
	}{{
		name:  "missing form",
		files: []string{"en", enDates + "n:\n  one: a {0}\n  other: b {0}\n", "ru", enDates + "n:\n  one: а {0}\n  other: б {0}\n"},
		want:  `templates/i18n/ru.yaml:16:3: plural message "n" lacks the forms ru needs: add few (for 2, 3, 4, 22…), many (for 0, 5, 6, 7…); CLDR's plural rules give ru the forms one, few, many, other`,
	}, {
		name:  "form the language lacks",
		files: []string{"en", enDates + "n:\n  one: a\n  few: c\n  other: b\n"},
		want:  `templates/i18n/en.yaml:16:3: plural message "n" has forms en does not use for counts: remove few; CLDR's plural rules give en the forms one, other`,
	}, {
		name:  "not a category",
		files: []string{"en", enDates + "n:\n  single: a\n  one: a\n  other: b\n"},
		want:  `templates/i18n/en.yaml:16:3: plural message "n": "single" is not a plural category; CLDR's are zero, one, two, few, many and other`,
	}, {
		name:  "string for a plural",
		files: []string{"en", enDates + "n:\n  one: a\n  other: b\n", "vi", enDates + "n: c\n"},
		want:  `templates/i18n/vi.yaml:15:4: message "n" must be plural forms (one:, other: …), like the message at en.yaml:16`,
	}, {
		name:  "placeholders",
		files: []string{"en", enDates + "n:\n  one: a {0}\n  other: b {0}\n", "vi", enDates + "n:\n  other: c\n"},
		want:  `templates/i18n/vi.yaml:16:3: plural message "n", form other, has placeholders ""; en.yaml:16 has "{0}": use the same placeholders in every form`,
	}} {
		t.Run(tc.name, func(t *testing.T) {
			_, diags := load(t, tc.files...)
			if first, _, _ := strings.Cut(diags, "\n"); first != tc.want {
				t.Errorf("got\n%s\nwant\n%s", diags, tc.want)
			}
		})
	}
}

func TestPluralOverride(t *testing.T) {
	cats, diags := load(t, "ru", enDates+"n:\n  one: а {0}\n  few: б {0}\n  many: в {0}\n  other: г {0}\n")
	if diags != "" {
		t.Fatal(diags)
	}
	c := cats["ru"]
	for key, want := range map[string]string{"n": "", "n.few": "", "n.two": `"n.two": ru has no plural form two for counts; its forms are one, few, many, other`, "n.many": ""} {
		if got := c.CheckOverride(key, "x {0}"); got != want {
			t.Errorf("CheckOverride(%q) = %q, want %q", key, got, want)
		}
	}
	if got := c.CheckOverride("n.few", "x {1}"); !strings.Contains(got, "fills no {1}") {
		t.Errorf("placeholder of a form: %q", got)
	}
	o := c.With(map[string]string{"n.few": "Б {0}"})
	var got []string
	for _, n := range []int{1, 3, 5} {
		got = append(got, o.Plural("n", n, n))
	}
	if !slices.Equal(got, []string{"а 1", "Б 3", "в 5"}) || c.Plural("n", 3, 3) != "б 3" {
		t.Errorf("one form replaced: %q; original %q", got, c.Plural("n", 3, 3))
	}
	if o := c.With(map[string]string{"n": "всего {0}"}); o.Plural("n", 1, 1) != "всего 1" || o.Plural("n", 5, 5) != "всего 5" {
		t.Error("one wording for every count")
	}
}
