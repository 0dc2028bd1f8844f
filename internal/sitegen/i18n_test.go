package sitegen

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-dev/dossier/internal/content"
	"golang.org/x/tools/txtar"
)

// bilingual returns the tiny site in English and Vietnamese, with the
// repository's Vietnamese catalogue and one translated event, whose
// translation_of records the current original.
func bilingual(t *testing.T) fstest.MapFS {
	t.Helper()
	m := loadSite(t, txtar.Parse([]byte(`
-- content/site.yaml --
title: Tiny dossier
description: A test dossier.
base_url: https://example.org/tiny/
languages: [en, vi]
period:
  start: 2022-01-02
  end: 2022-01-11
-- content/events/protests-begin.vi.md --
---
translation_of: HASH
title: Biểu tình bắt đầu
---
Biểu tình bắt đầu [@alpha]. Xem [[kazakhstan]].
-- content/entities/kazakhstan.vi.md --
---
translation_of: HASH
aliases: [Ca-dắc-xtan]
---
`)))
	vi, err := os.ReadFile("../../templates/i18n/vi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m["templates/i18n/vi.yaml"] = &fstest.MapFile{Data: vi}
	for _, p := range []string{"content/events/protests-begin.vi.md", "content/entities/kazakhstan.vi.md"} {
		orig, _, _ := content.OriginalPath(p)
		h := content.Hash(m[orig].Data)
		m[p].Data = []byte(strings.Replace(string(m[p].Data), "HASH", h, 1))
	}
	return m
}

func TestBilingual(t *testing.T) {
	res := mustBuild(t, bilingual(t), Options{})
	files := res.Files
	// Every English page has a Vietnamese twin, and the other way round.
	for name := range files {
		if !strings.HasSuffix(name, ".html") || name == "404.html" { // one for the whole site
			continue
		}
		twin := "vi/" + name
		if strings.HasPrefix(name, "vi/") {
			twin = strings.TrimPrefix(name, "vi/")
		}
		if _, ok := files[twin]; !ok {
			t.Errorf("%s has no twin %s", name, twin)
		}
	}
	if len(res.Warnings) != 0 {
		t.Errorf("unexpected warnings: %v", res.Warnings)
	}
	contains(t, files, "vi/events/protests-begin/index.html",
		`<html lang="vi">`,
		`<h1>Biểu tình bắt đầu</h1>`,
		`<time datetime="2022-01-02">ngày 2 tháng 1 năm 2022</time>`,
		`<link rel="alternate" hreflang="en" href="https://example.org/tiny/events/protests-begin/">`,
		`<link rel="alternate" hreflang="vi" href="https://example.org/tiny/vi/events/protests-begin/">`,
		`<link rel="alternate" hreflang="x-default" href="https://example.org/tiny/events/protests-begin/">`,
		`<a href="../../../events/protests-begin/" hreflang="en" lang="en">English</a>`,
		`href="../../../css/site.css"`,
		`<a class="xref" href="../../../vi/entities/kazakhstan/">Kazakhstan</a>`,
	)
	contains(t, files, "events/protests-begin/index.html", `<a href="../../vi/events/protests-begin/" hreflang="vi" lang="vi">Tiếng Việt</a>`)
	if strings.Contains(string(files["vi/events/protests-begin/index.html"]), `class="notice`) {
		t.Error("a current translation shows a notice")
	}
	// An entity translated in its front matter only keeps the original
	// name and adds the aliases; its text is marked as untranslated.
	contains(t, files, "vi/entities/kazakhstan/index.html", "Ca-dắc-xtan", "Kazakstan", "<h1>Kazakhstan</h1>")

	// Untranslated pages exist in Vietnamese, with a notice and lang="en" text.
	contains(t, files, "vi/events/troops-arrive/index.html",
		`<p class="notice notice-untranslated" role="note">`,
		`<h1 lang="en" dir="auto">Troops arrive</h1>`,
	)
	contains(t, files, "vi/timeline/index.html", `<h3 class="event-title" lang="en" dir="auto"><a href="../events/troops-arrive/">Troops arrive</a></h3>`, `<h3 class="event-title"><a href="../events/protests-begin/">Biểu tình bắt đầu</a></h3>`)
}

func TestDeletedTranslationFallsBack(t *testing.T) {
	m := bilingual(t)
	delete(m, "content/events/protests-begin.vi.md")
	files := mustBuild(t, m, Options{}).Files
	contains(t, files, "vi/events/protests-begin/index.html",
		`<p class="notice notice-untranslated" role="note">`,
		`<h1 lang="en" dir="auto">Protests begin</h1>`,
		`<div class="prose" lang="en" dir="auto"><p>Protests began`,
	)
}

func TestEditedOriginalMakesTranslationStale(t *testing.T) {
	m := bilingual(t)
	f := m["content/events/protests-begin.md"]
	f.Data = []byte(strings.Replace(string(f.Data), "Protests began", "Protests started", 1))
	res := mustBuild(t, m, Options{})
	if len(res.Warnings) != 1 || res.Warnings[0].Path != "content/events/protests-begin.vi.md" ||
		!strings.Contains(res.Warnings[0].Msg, "content/events/protests-begin.md has changed since this translation") {
		t.Errorf("want one warning naming the stale translation, got %v", res.Warnings)
	}
	contains(t, res.Files, "vi/events/protests-begin/index.html",
		`<p class="notice notice-stale" role="note">`,
		`<h1>Biểu tình bắt đầu</h1>`,
	)
}

func TestTranslationErrors(t *testing.T) {
	m := bilingual(t)
	m["content/events/nothing.vi.md"] = &fstest.MapFile{Data: []byte("---\ntitle: X\n---\n")}
	m["content/events/protests-begin.vi.md"] = &fstest.MapFile{Data: []byte("---\ndate: 2022-01-03\n---\nX\n")}
	_, err := Build(m, Options{})
	want := "content/events/nothing.vi.md: translation of content/events/nothing.md, which does not exist; rename the file after its original\n" +
		`content/events/protests-begin.vi.md:2:1: unknown key "date"; the keys here are translation_of, title, inferred`
	if err == nil || err.Error() != want {
		t.Errorf("got:\n%v\nwant:\n%s", err, want)
	}
}

func TestSetTranslationOf(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"---\ntitle: X\n---\nBody\n", "---\ntitle: X\ntranslation_of: abc\n---\nBody\n"},
		{"---\ntranslation_of: old\ntitle: X\n---\nBody\n", "---\ntranslation_of: abc\ntitle: X\n---\nBody\n"},
	} {
		got, err := content.SetTranslationOf([]byte(tc.in), "abc", true)
		if err != nil || string(got) != tc.want {
			t.Errorf("SetTranslationOf(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	got, _ := content.SetTranslationOf([]byte("title: X\n"), "abc", false)
	if string(got) != "translation_of: abc\ntitle: X\n" {
		t.Errorf("yaml: %q", got)
	}
}

func TestHomeTranslation(t *testing.T) {
	m := bilingual(t)
	m["content/home.vi.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Hồ sơ nhỏ\nfigures:\n  - label: binh sĩ\n---\nLời giới thiệu [@alpha].\n")}
	files := mustBuild(t, m, Options{}).Files
	contains(t, files, "vi/index.html", "<h1>Hồ sơ nhỏ</h1>", "Lời giới thiệu", "binh sĩ", "2,500")
}

func TestTranslatedListLength(t *testing.T) {
	m := bilingual(t)
	m["content/discrepancies/numbers.vi.md"] = &fstest.MapFile{Data: []byte("---\nclaims:\n  - claim: Khoảng 2.500.\n---\n")}
	_, err := Build(m, Options{})
	want := "content/discrepancies/numbers.vi.md:2:1: claims lists 1 items, the original 2: translate each, in the same order"
	if err == nil || err.Error() != want {
		t.Errorf("got:\n%v\nwant:\n%s", err, want)
	}
	// A translation with a body of its own is reported at its own path,
	// not at a translation of it (home.vi.vi.md).
	m = bilingual(t)
	m["content/home.vi.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Hồ sơ nhỏ\nfigures:\n  - label: a\n  - label: b\n---\nLời giới thiệu [@alpha].\n")}
	_, err = Build(m, Options{})
	want = "content/home.vi.md:3:1: figures lists 2 items, the original 1: translate each, in the same order"
	if err == nil || err.Error() != want {
		t.Errorf("got:\n%v\nwant:\n%s", err, want)
	}
}

// A language tag with a script or region names its catalogue, directory
// and translation files as BCP 47 writes it, lower-cased where case could
// differ between hosts: zh-Hans pages live under zh-hans/ and say
// lang="zh-Hans", read templates/i18n/zh-hans.yaml and x.zh-Hans.md.
func TestScriptTagLanguage(t *testing.T) {
	m := loadSite(t, txtar.Parse([]byte(`
-- content/site.yaml --
title: Tiny dossier
description: A test dossier.
base_url: https://example.org/tiny/
languages: [en, zh-Hans]
period:
  start: 2022-01-02
  end: 2022-01-11
-- content/events/protests-begin.zh-Hans.md --
---
title: 抗议开始
---
抗议开始 [@alpha]。
`)))
	res := mustBuild(t, m, Options{})
	contains(t, res.Files, "zh-hans/events/protests-begin/index.html",
		`<html lang="zh-Hans"`,
		`<h1>抗议开始</h1>`,
		`<link rel="alternate" hreflang="zh-Hans" href="https://example.org/tiny/zh-hans/events/protests-begin/">`,
		`<time datetime="2022-01-02">2022年1月2日</time>`,
	)
	contains(t, res.Files, "events/protests-begin/index.html", `<a href="../../zh-hans/events/protests-begin/" hreflang="zh-Hans" lang="zh-Hans">简体中文</a>`)
	if _, ok := res.Files["zh-hans/feed.xml"]; !ok {
		t.Error("no zh-hans/feed.xml")
	}
}

// TestNewLanguageIsOneFile adds a language none of the built-in catalogues
// knows with one catalogue file, as the README teaches; then removes a key
// from it, which fails the build naming the file, the key and the language.
func TestNewLanguageIsOneFile(t *testing.T) {
	m := loadSite(t)
	m["content/site.yaml"].Data = []byte(strings.Replace(string(m["content/site.yaml"].Data), "languages: [en]", "languages: [en, pt-BR]", 1))
	if _, err := Build(m, Options{}); err == nil || !strings.Contains(err.Error(), "templates/i18n/pt-br.yaml: the site's language \"pt-BR\" has no catalogue") {
		t.Fatalf("without its catalogue: %v", err)
	}
	en := string(m["templates/i18n/en.yaml"].Data)
	pt := strings.Replace(en, "skip: Skip to content", "skip: Pular para o conteúdo", 1)
	m["templates/i18n/pt-br.yaml"] = &fstest.MapFile{Data: []byte(pt)}
	res := mustBuild(t, m, Options{})
	contains(t, res.Files, "pt-br/index.html", `<html lang="pt-BR">`, "Pular para o conteúdo", `<meta property="og:locale" content="pt_BR">`)
	contains(t, res.Files, "index.html", `<a href="pt-br/" hreflang="pt-BR" lang="pt-BR">português</a>`)

	m["templates/i18n/pt-br.yaml"].Data = []byte(strings.Replace(pt, "skip: Pular para o conteúdo\n", "", 1))
	_, err := Build(m, Options{})
	if err == nil || !strings.Contains(err.Error(), `templates/i18n/pt-br.yaml: message "skip" is missing from the pt-BR catalogue`) {
		t.Errorf("a key removed: %v", err)
	}
}
