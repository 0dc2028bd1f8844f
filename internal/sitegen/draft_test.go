package sitegen

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"
)

// TestTimesInTheSiteZone: an event's time is shown in the site's zone, with
// its offset, and its <time datetime> carries the full instant; a time that
// falls on the next day there is listed under that day.
func TestTimesInTheSiteZone(t *testing.T) {
	overlay := txtar.Parse([]byte(`-- content/site.yaml --
title: Tiny dossier
description: A test dossier.
base_url: https://example.org/tiny/
languages: [en]
timezone: Asia/Almaty
period:
  start: 2022-01-02
  end: 2022-01-11
-- content/events/late.md --
---
title: Late in the evening
date: 2022-01-05T17:40Z
sources: [alpha]
---
Late [@alpha].
-- content/events/after-midnight.md --
---
title: After midnight
date: 2022-01-05T19:30Z/2022-01-05T21:00Z
sources: [alpha]
---
After midnight [@alpha].
`))
	files := mustBuild(t, loadSite(t, overlay), Options{}).Files
	contains(t, files, "events/late/index.html",
		`<time datetime="2022-01-05T23:40&#43;06:00">5 January 2022, 23:40 (UTC&#43;6)</time>`,
		`"startDate":"2022-01-05T23:40+06:00"`)
	contains(t, files, "feed.xml", "<published>2022-01-05T23:40:00+06:00</published>")
	contains(t, files, "timeline/index.html",
		`<time datetime="2022-01-06T01:30&#43;06:00" data-end="2022-01-06T03:00&#43;06:00">6 January 2022, 01:30 – 03:00 (UTC&#43;6)</time>`)
	tl := string(files["timeline/index.html"])
	// On 6 January: the event without a time first, then the one at 01:30.
	if i, j, k := strings.Index(tl, `id="d-2022-01-06"`), strings.Index(tl, "Troops arrive"), strings.Index(tl, "After midnight"); i < 0 || !(i < j && j < k) {
		t.Errorf("6 January is not: the day, Troops arrive, After midnight (%d, %d, %d)", i, j, k)
	}
	if strings.Contains(tl, `id="d-2022-01-06T`) {
		t.Error("a day is named after a time")
	}
}

// TestDrafts: a build leaves drafts out of every page, the sitemap and the
// feed; the preview builds them, each marked on its page.
func TestDrafts(t *testing.T) {
	overlay := txtar.Parse([]byte(`-- content/events/rumour.md --
---
draft: true
title: An unconfirmed rumour
date: 2022-01-08
sources: []
---
Nobody confirms it yet.
-- content/pages/notes.md --
---
draft: true
title: Working notes
---
Notes.
`))
	fsys := loadSite(t, overlay)
	res := mustBuild(t, fsys, Options{})
	for name, b := range res.Files {
		if strings.Contains(string(b), "rumour") || strings.Contains(string(b), "Working notes") || strings.Contains(string(b), "notes/") {
			t.Errorf("the build's %s names a draft", name)
		}
	}
	if len(res.Warnings) > 0 {
		t.Errorf("warnings: %v", res.Warnings)
	}

	res = mustBuild(t, fsys, Options{Drafts: true})
	for _, name := range []string{"events/rumour/index.html", "notes/index.html"} {
		contains(t, res.Files, name, `<p class="notice notice-draft" role="note">Draft — not published.`)
	}
	contains(t, res.Files, "timeline/index.html", "An unconfirmed rumour")
	if b := string(res.Files["events/troops-arrive/index.html"]); strings.Contains(b, "notice-draft") {
		t.Error("a published page is marked as a draft")
	}
	if got := res.Warnings.Error(); got != "content/events/rumour.md: sources is empty: every event cites at least one source\n"+
		"content/events/rumour.md:7:1: this paragraph cites no source; cite the source of what it says as [@source-id], or move editorial text to a page of content/pages/" {
		t.Errorf("warnings: %s", got)
	}

	// A published file that links to or cites a draft: the build says
	// what to do.
	overlay.Files = append(overlay.Files,
		txtar.File{Name: "content/events/protests-begin.md", Data: []byte("---\ntitle: Protests begin\ndate: 2022-01-02\nsources: [alpha]\n---\nSee [[events/rumour]] [@alpha; @gamma].\n")},
		txtar.File{Name: "content/sources/gamma.md", Data: []byte("---\ndraft: true\ntitle: Gamma\npublisher: unknown\nlanguage: en\npublished:\n  date: 2022\n  precision: approximate\n---\n")},
	)
	_, err := Build(loadSite(t, overlay), Options{})
	want := []string{
		"content/events/protests-begin.md:6:5: cross-link [[events/rumour]]: content/events/rumour.md is a draft, left out of the site; publish it by removing draft: true, or remove this reference",
		`content/events/protests-begin.md:6:23: citation of "gamma": content/sources/gamma.md is a draft, left out of the site; publish it by removing draft: true, or remove this reference`,
	}
	if err == nil || err.Error() != strings.Join(want, "\n") {
		t.Errorf("got %v\nwant %s", err, strings.Join(want, "\n"))
	}
}

// TestTimesInEachLanguage: the catalogue of each language places the time
// (date.time) and writes it (date.pattern.time).
func TestTimesInEachLanguage(t *testing.T) {
	m := bilingual(t)
	m["content/events/late.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Late\ndate: 2022-01-05T23:40+06:00\nsources: [alpha]\n---\nLate [@alpha].\n")}
	m["content/events/night.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Night\ndate: 2022-01-05T23:40+06:00/2022-01-06\nsources: [alpha]\n---\nNight [@alpha].\n")}
	files := mustBuild(t, m, Options{}).Files
	contains(t, files, "events/late/index.html", `5 January 2022, 23:40 (UTC&#43;6)</time>`)
	contains(t, files, "vi/events/late/index.html", `23:40 (UTC&#43;6), ngày 5 tháng 1 năm 2022</time>`)
	// A range with one time is written in full, from the catalogue's
	// pattern of ranges.
	contains(t, files, "vi/events/night/index.html", `>23:40 (UTC&#43;6), ngày 5 tháng 1 năm 2022 – ngày 6 tháng 1 năm 2022</time>`)
}

// TestDraftContext: a Draft whose context is done at any of its looks,
// while the dossier is read, analysed or its pages listed, returns the
// context's error and no Draft, and leaves the Builder as a failed build
// does: the next Draft's site is Build's, byte for byte. The analysis and
// the list of pages look every stopEvery files, in each language.
func TestDraftContext(t *testing.T) {
	fsys := synthSite(t, 600)
	opts := Options{}
	bl := NewBuilder(opts)
	if _, err := bl.Build(fsys); err != nil {
		t.Fatal(err)
	}
	never := &countdown{Context: context.Background(), done: make(chan struct{})}
	never.left.Store(1 << 40)
	dr, err := bl.DraftContext(never, fsys)
	if err != nil {
		t.Fatal(err)
	}
	looks := int(1<<40 - never.left.Load())
	langs, events := len(dr.Dossier().Config.Languages), len(dr.Dossier().Events)
	if want := langs * 2 * (events / 256); looks < want {
		t.Errorf("a Draft looked at its context %d times, want at least %d (%d languages, %d events)", looks, want, langs, events)
	}
	if _, err := dr.Finish(); err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{0, 1, looks / 3, looks / 2, looks - 1} {
		ctx := &countdown{Context: context.Background(), done: make(chan struct{})}
		ctx.left.Store(int64(n))
		if dr, err := bl.DraftContext(ctx, fsys); !errors.Is(err, context.Canceled) || dr != nil {
			t.Errorf("done at look %d of %d: %v, %v; want context.Canceled and no Draft", n+1, looks, dr != nil, err)
		}
	}
	compare(t, "after Drafts stopped", fsys, bl, opts, nil, new(int))
}
