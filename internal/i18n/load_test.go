package i18n

import (
	"strings"
	"testing"
	"testing/fstest"
)

// enDates is a complete set of English date keys, for test catalogues.
const enDates = `date.months: [January, February, March, April, May, June, July, August, September, October, November, December]
date.months.standalone: [January, February, March, April, May, June, July, August, September, October, November, December]
date.am-pm: [am, pm]
date.digits: "0123456789"
date.pattern.day: "{d} {MMMM} {y}"
date.pattern.month: "{LLLL} {y}"
date.pattern.year: "{y}"
date.pattern.time: "{HH}:{mm}"
date.pattern.range.same-month: "{d}–{d2} {MMMM} {y}"
date.pattern.range.same-year: "{d} {MMMM} – {d2} {MMMM2} {y}"
date.pattern.range.other-years: "{d} {MMMM} {y} – {d2} {MMMM2} {y2}"
date.pattern.range.months: "{LLLL}–{LLLL2} {y}"
date.pattern.range.years: "{y}–{y2}"
date.pattern.range: "{0} – {1}"
`

// load loads catalogues given as language and text, first language first.
func load(t testing.TB, files ...string) (map[string]*Catalog, string) {
	t.Helper()
	fsys := fstest.MapFS{}
	var langs []string
	for i := 0; i+1 < len(files); i += 2 {
		langs = append(langs, files[i])
		fsys[File(files[i])] = &fstest.MapFile{Data: []byte(files[i+1])}
	}
	cats, diags := Load(fsys, langs)
	var msgs []string
	for _, d := range diags {
		msgs = append(msgs, d.String())
	}
	return cats, strings.Join(msgs, "\n")
}

func TestLoad(t *testing.T) {
	cats, diags := load(t, "en", enDates+"a: A {0}\nb: B\n", "pt-BR", enDates+"a: Á {0}\nb: Bê\n")
	if diags != "" {
		t.Fatalf("diags:\n%s", diags)
	}
	if got := cats["pt-BR"].T("a", 3); got != "Á 3" {
		t.Errorf("T = %q", got)
	}
	if cats["en"].Has("date.months") {
		t.Error("a list is not a message templates can print")
	}
	if got := cats["en"].DateRange(Date{2022, 1, 2}, Date{2022, 1, 11}); got != "2–11 January 2022" {
		t.Errorf("DateRange = %q", got)
	}
}

func TestLoadErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files []string
		want  string
	}{{
		name:  "missing message",
		files: []string{"en", enDates + "a: A {0}\nb: B\n", "vi", enDates + "a: Á {0}\n"},
		want:  `templates/i18n/vi.yaml: message "b" is missing from the vi catalogue: add a line "b: …" with its vi translation of "B" (en.yaml:16)`,
	}, {
		name:  "extra message",
		files: []string{"en", enDates + "a: A\n", "vi", enDates + "a: Á\nc: C\n"},
		want:  `templates/i18n/vi.yaml:16:4: message "c" is not in en.yaml: remove it, or add it there too`,
	}, {
		name:  "placeholders",
		files: []string{"en", enDates + "a: A {0} {1}\n", "vi", enDates + "a: Á {0}\n"},
		want:  `templates/i18n/vi.yaml:15:4: message "a" has placeholders "{0}"; en.yaml:15 has "{0}{1}": use the same placeholders, in the order the language needs`,
	}, {
		name:  "list for a string",
		files: []string{"en", enDates + "a: A\n", "vi", enDates + "a: [Á]\n"},
		want:  `templates/i18n/vi.yaml:15:4: message "a" must be a string, like "A" at en.yaml:15, not a list`,
	}, {
		name:  "list length",
		files: []string{"en", enDates + "a: [A, B]\n", "vi", enDates + "a: [Á]\n"},
		want:  `templates/i18n/vi.yaml:15:4: message "a" has 1 items; the list at en.yaml:15 has 2: give one translation for each`,
	}, {
		name:  "missing date key",
		files: []string{"en", strings.Replace(enDates, "date.pattern.year: \"{y}\"\n", "", 1)},
		want:  `templates/i18n/en.yaml: message "date.pattern.year" is missing from the en catalogue, which needs it to write dates: add it (e.g. "{y}")`,
	}, {
		name:  "eleven months",
		files: []string{"en", strings.Replace(enDates, "December]", "]", 1)},
		want:  `templates/i18n/en.yaml:1:14: message "date.months" must be a list of 12 items (a list of the 12 month names as written with a day, e.g. [January, February, …])`,
	}, {
		name:  "unknown field",
		files: []string{"en", strings.Replace(enDates, "{d} {MMMM} {y}\"", "{D} {MMMM} {y}\"", 1)},
		want:  `templates/i18n/en.yaml:5:19: unknown date field {D}: use {d} or {dd} for the day, {M}, {MM}, {MMMM} or {LLLL} for the month, {y} for the year, {H}, {HH} or {h} and {mm} and {a} for a time; add 2 for the end of a range, as in {d2}`,
	}, {
		name:  "field out of place",
		files: []string{"en", strings.Replace(enDates, `"{LLLL} {y}"`, `"{d} {LLLL} {y}"`, 1)},
		want:  `templates/i18n/en.yaml:6:21: {d} has no place in date.pattern.month, which writes only the month {M} or {MMMM}, the year {y}`,
	}, {
		name:  "field missing",
		files: []string{"en", strings.Replace(enDates, `"{d}–{d2} {MMMM} {y}"`, `"{d} {MMMM} {y}"`, 1)},
		want:  `templates/i18n/en.yaml:9:32: date.pattern.range.same-month must show the end's day {d2}; add the missing field`,
	}, {
		name:  "twelve-hour clock without am/pm",
		files: []string{"en", strings.Replace(enDates, `"{HH}:{mm}"`, `"{h}:{mm}"`, 1)},
		want:  `templates/i18n/en.yaml:8:20: {h} counts hours from 1 to 12: add {a}, the mark before or after noon, or write {HH}`,
	}, {
		name:  "digits",
		files: []string{"en", strings.Replace(enDates, `"0123456789"`, `"012345678"`, 1)},
		want:  `templates/i18n/en.yaml:4:14: date.digits must be the ten digits from zero to nine, as in "0123456789"; it has 9 characters`,
	}, {
		name:  "fallback",
		files: []string{"en", strings.Replace(enDates, `"{0} – {1}"`, `"{0}"`, 1)},
		want:  `templates/i18n/en.yaml:14:21: date.pattern.range joins two dates written in full and must hold {0} and {1} once each, as in "{0} – {1}"`,
	}, {
		name:  "defined twice",
		files: []string{"en", enDates + "a: A\na: B\n"},
		want:  `templates/i18n/en.yaml:16:1: message "a" is defined twice: keep one`,
	}, {
		name:  "empty file",
		files: []string{"en", enDates, "zh-Hans", ""},
		want:  `templates/i18n/zh-hans.yaml: message "date.am-pm" is missing from the zh-Hans catalogue, which needs it to write dates: add it (a list of the two marks before and after noon, e.g. [am, pm])`,
	}} {
		t.Run(tc.name, func(t *testing.T) {
			_, diags := load(t, tc.files...)
			if first, _, _ := strings.Cut(diags, "\n"); first != tc.want {
				t.Errorf("got\n%s\nwant\n%s", diags, tc.want)
			}
		})
	}
}

func TestOverride(t *testing.T) {
	cats, diags := load(t, "en", enDates+"a: A {0}\n")
	if diags != "" {
		t.Fatal(diags)
	}
	en := cats["en"]
	for key, want := range map[string]string{
		"date.pattern.day":  "",
		"date.months":       `"date.months" is a list, which site.yaml's strings cannot replace; copy templates/i18n/en.yaml from the theme into the site and change it there`,
		"date.digits":       `date.digits must be the ten digits from zero to nine, as in "0123456789"; it has 3 characters`,
		"date.pattern.year": `date.pattern.year must show the year {y}; add the missing field`,
		"b":                 `no interface string is called "b"; the keys are those of templates/i18n/en.yaml in the theme`,
	} {
		msg := map[string]string{"date.pattern.day": "{MMMM} {d}, {y}", "date.digits": "012", "date.pattern.year": "year", "date.months": "x", "b": "B"}[key]
		if got := en.CheckOverride(key, msg); got != want {
			t.Errorf("CheckOverride(%s, %q) = %q, want %q", key, msg, got, want)
		}
	}
	us := en.With(map[string]string{"date.pattern.day": "{MMMM} {d}, {y}", "a": "Á {0}"})
	if got := us.Date(2022, 1, 6); got != "January 6, 2022" {
		t.Errorf("overridden Date = %q", got)
	}
	if got := us.T("a", 1); got != "Á 1" {
		t.Errorf("overridden T = %q", got)
	}
	if got := en.Date(2022, 1, 6); got != "6 January 2022" {
		t.Errorf("With changed the original: Date = %q", got)
	}
	if got := en.With(map[string]string{"a": "Á {0}"}).Time(9, 5); got != "09:05" {
		t.Errorf("With lost the date keys: Time = %q", got)
	}
}

// FuzzParsePattern checks that no pattern makes the parser or the writer
// panic, and that every number an accepted pattern writes goes through the
// catalogue's digits (here Arabic-Indic).
func FuzzParsePattern(f *testing.F) {
	for _, s := range []string{"{d} {MMMM} {y}", "{d}–{d2} {MMMM} {y}", "{h}:{mm} {a}", "{", "}{", "{{d}}", "{d2}2}", "{MMMM2}"} {
		f.Add(s)
	}
	cats, _ := load(f, "ar", strings.Replace(enDates, `"0123456789"`, `"٠١٢٣٤٥٦٧٨٩"`, 1))
	c := cats["ar"]
	f.Fuzz(func(t *testing.T, s string) {
		for key := range patternKeys {
			p, err := parsePattern(key, s)
			if err != nil {
				continue
			}
			c.dates.patterns[key] = p
			end := moment{year: 2004, month: 12, day: 31, hour: 23, minute: 59}
			out := c.dates.write(key, moment{year: 1, month: 1, day: 1, end: &end})
			if !strings.ContainsAny(s, "0123456789") && strings.ContainsAny(out, "0123456789") {
				t.Errorf("%s %q wrote Latin digits: %q", key, s, out)
			}
		}
	})
}
