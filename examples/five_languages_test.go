package examples

import (
	"bytes"
	"image/png"
	"os"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-dev/dossier/internal/check"
	"github.com/dossier-dev/dossier/internal/sitegen"
)

// TestFiveLanguages builds the example in English, Vietnamese, French,
// Russian and Arabic: no problem, no warning, no broken link; dates as
// CLDR writes them in each language; Arabic pages right to left.
func TestFiveLanguages(t *testing.T) {
	const dir = "five-languages"
	for _, d := range []string{"templates", "static"} {
		if _, err := os.Stat(dir + "/" + d); err == nil {
			t.Fatalf("%s has its own %s/: the example must use the built-in theme alone", dir, d)
		}
	}
	res, err := sitegen.Build(os.DirFS(dir), sitegen.Options{Strict: true})
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	if len(res.Warnings) > 0 {
		t.Errorf("warnings:\n%v", res.Warnings)
	}
	files := res.Files
	for name, b := range files {
		if m := shipped.Find(b); m != nil && (strings.HasSuffix(name, ".html") || strings.HasSuffix(name, ".xml")) {
			t.Errorf("%s carries %q, a word of the shipped dossier", name, m)
		}
	}
	has := func(name string, want ...string) {
		t.Helper()
		b, ok := files[name]
		if !ok {
			t.Errorf("no %s", name)
			return
		}
		for _, w := range want {
			if !strings.Contains(string(b), w) {
				t.Errorf("%s lacks %q", name, w)
			}
		}
	}

	// Dates from CLDR's long date format (English as en-GB writes it) and
	// its year-month format, in each language's digits.
	for prefix, want := range map[string][]string{
		"":    {">7 March 2011<", ">May 1987<"},
		"vi/": {">ngày 7 tháng 3 năm 2011<", ">tháng 5 năm 1987<"},
		"fr/": {">7 mars 2011<", ">mai 1987<"},
		"ru/": {">7 марта 2011 г.<", ">май 1987 г.<"},
		"ar/": {">٧ مارس ٢٠١١<", ">مايو ١٩٨٧<"},
	} {
		has(prefix+"timeline/index.html", want...)
	}

	// A range within one month, from CLDR's interval formats (yMMMd, d).
	for prefix, want := range map[string]string{
		"": ">10–11 March 2011<", "vi/": ">ngày 10–11 tháng 3 năm 2011<", "fr/": ">10–11 mars 2011<",
		"ru/": ">10–11 марта 2011 г.<", "ar/": ">١٠–١١ مارس، ٢٠١١<",
	} {
		has(prefix+"events/agreement-signed/index.html", want)
	}

	// Social cards: each language has its own, Arabic too, whose card is
	// shaped and mirrored: its accent bar is on the right.
	const base = "https://example.org/five-languages/"
	for _, prefix := range []string{"", "vi/", "fr/", "ru/", "ar/"} {
		has(prefix+"events/agreement-signed/index.html", `<meta property="og:image" content="`+base+prefix+`events/agreement-signed/og.png">`)
		if _, ok := files[prefix+"events/agreement-signed/og.png"]; !ok {
			t.Errorf("no %sevents/agreement-signed/og.png", prefix)
		}
	}
	for _, prefix := range []string{"", "ar/"} {
		img, err := png.Decode(bytes.NewReader(files[prefix+"events/agreement-signed/og.png"]))
		if err != nil {
			t.Fatalf("%sevents/agreement-signed/og.png: %v", prefix, err)
		}
		left, right := img.At(4, 300), img.At(1195, 300)
		if (left == right) || (left == img.At(600, 5)) != (prefix == "ar/") {
			t.Errorf("%sevents/agreement-signed/og.png: the bar is not on the %s", prefix, map[bool]string{true: "right", false: "left"}[prefix == "ar/"])
		}
	}

	// Counts take the plural form of their number in each language.
	has("index.html", "<span class=\"value\">2</span> sources<", "<span class=\"value\">1</span> point on which")
	has("ru/index.html", "<span class=\"value\">2</span> источника<", "<span class=\"value\">3</span> события за период")
	has("ar/index.html", "<span class=\"value\">٢</span> مصدران<", "<span class=\"value\">٣</span> أحداث بين")

	// Every Arabic page, and no other, is right to left; every page is in
	// its language, under the tag's directory.
	htmlTag := regexp.MustCompile(`<html lang="([^"]+)"( dir="rtl")?>`)
	for name, b := range files {
		if !strings.HasSuffix(name, ".html") || name == "404.html" {
			continue
		}
		m := htmlTag.FindSubmatch(b)
		if m == nil {
			t.Errorf("%s: no <html lang>", name)
			continue
		}
		lang, rtl := string(m[1]), len(m[2]) > 0
		wantLang := "en"
		if i := strings.IndexByte(name, '/'); i > 0 && len(name[:i]) == 2 {
			wantLang = name[:i]
		}
		if lang != wantLang || rtl != (lang == "ar") {
			t.Errorf("%s: lang=%q rtl=%v", name, lang, rtl)
		}
	}

	// Five languages: the switcher is a menu, keeping the page.
	has("ar/events/session-opens/index.html",
		`<details>`, `<summary><span lang="ar">العربية</span></summary>`,
		`<a href="../../../ru/events/session-opens/" hreflang="ru" lang="ru">Русский</a>`,
		`<meta property="og:locale" content="ar_EG">`, `<meta property="og:locale:alternate" content="vi_VN">`,
	)
	// A Latin name in an Arabic sentence is isolated from it.
	has("ar/membership/index.html", "\u2068ACRC\u2069")
	// The chart's years are in the page's digits.
	has("ar/membership/index.html", `text-anchor="middle">١٩٩٠</text>`)

	fsys := fstest.MapFS{}
	for name, b := range files {
		fsys[name] = &fstest.MapFile{Data: b}
	}
	rep, err := check.Site(fsys, check.Options{BasePath: "/five-languages/"})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rep.Problems {
		t.Error(p)
	}
}
