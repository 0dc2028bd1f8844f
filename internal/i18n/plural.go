package i18n

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// forms are CLDR's plural categories, in CLDR's order, and the plural
// package's value of each.
var forms = []struct {
	name string
	form plural.Form
}{
	{"zero", plural.Zero}, {"one", plural.One}, {"two", plural.Two},
	{"few", plural.Few}, {"many", plural.Many}, {"other", plural.Other},
}

// isForm reports whether s names a CLDR plural category.
func isForm(s string) bool {
	for _, x := range forms {
		if x.name == s {
			return true
		}
	}
	return false
}

// formOf returns the CLDR plural category of the whole number n in lang.
func formOf(lang string, n int) string {
	if n < 0 {
		n = -n
	}
	f := plural.Cardinal.MatchPlural(language.Make(lang), n%10_000_000, 0, 0, 0, 0)
	for _, x := range forms {
		if x.form == f {
			return x.name
		}
	}
	return "other"
}

// pluralSamples are the whole numbers whose categories tell which forms a
// language uses for counts: every form CLDR gives any language shows up
// below 200, and the rules repeat after 100 (or never change again).
const pluralSamples = 200

// Forms returns the plural categories lang uses for whole numbers, in
// CLDR's order, with the first numbers of each: Russian one (1, 21, 31…),
// few (2, 3, 4…), many (0, 5, 6…), and other, which every language has as
// the fallback even when no whole number takes it.
func Forms(lang string) (names []string, examples map[string][]int) {
	examples = map[string][]int{}
	for n := range pluralSamples {
		f := formOf(lang, n)
		if len(examples[f]) < 4 {
			examples[f] = append(examples[f], n)
		}
	}
	if _, ok := examples["other"]; !ok {
		examples["other"] = nil
	}
	for _, x := range forms {
		if _, ok := examples[x.name]; ok {
			names = append(names, x.name)
		}
	}
	return names, examples
}

// checkPlural says what is wrong with the forms a plural message defines
// in lang, or "" if it defines exactly the forms lang needs.
func checkPlural(key, lang string, defined map[string]string) string {
	need, examples := Forms(lang)
	var missing, extra []string
	for _, f := range need {
		if _, ok := defined[f]; !ok {
			missing = append(missing, fmt.Sprintf("%s (for %s)", f, sample(examples[f])))
		}
	}
	for f := range defined {
		if !slices.Contains(need, f) {
			extra = append(extra, f)
		}
	}
	slices.Sort(extra)
	switch {
	case len(missing) > 0:
		return fmt.Sprintf("plural message %q lacks the forms %s needs: add %s; CLDR's plural rules give %s the forms %s", key, lang, strings.Join(missing, ", "), lang, strings.Join(need, ", "))
	case len(extra) > 0:
		return fmt.Sprintf("plural message %q has forms %s does not use for counts: remove %s; CLDR's plural rules give %s the forms %s", key, lang, strings.Join(extra, ", "), lang, strings.Join(need, ", "))
	}
	return ""
}

// sample writes the first numbers of a form, "2, 3, 4…", or says that only
// fractions take it.
func sample(ns []int) string {
	if len(ns) == 0 {
		return "fractions only"
	}
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ", ") + "…"
}

// IsPlural reports whether key is a plural message, which Plural writes.
func (c *Catalog) IsPlural(key string) bool { _, ok := c.plurals[key]; return ok }

// Plural returns the form of the plural message key that the count n
// takes in the catalogue's language, by CLDR's plural rules; arguments
// fill {0}, {1}… as in T. A message that is not plural is returned as T
// would, so a site may keep one form where its language needs no more.
func (c *Catalog) Plural(key string, n int, args ...any) string {
	p, ok := c.plurals[key]
	if !ok {
		return c.T(key, args...)
	}
	s, ok := p[formOf(c.Lang, n)]
	if !ok {
		s = p["other"]
	}
	for i, a := range args {
		s = strings.ReplaceAll(s, fmt.Sprintf("{%d}", i), fmt.Sprint(a))
	}
	return s
}

// Number writes the whole number n in the catalogue's digits
// (date.digits): "12", or "١٢" in Arabic.
func (c *Catalog) Number(n int) string {
	if c.dates == nil || n < 0 {
		return strconv.Itoa(n)
	}
	return c.dates.num(n, 1)
}
