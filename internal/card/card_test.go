package card

import (
	"bytes"
	"flag"
	"image"
	"image/png"
	"os"
	"slices"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/vi.png and testdata/ar.png")

func render(t testing.TB, r *Renderer, c Card) image.Image {
	t.Helper()
	b, err := r.PNG(c)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if got := img.Bounds(); got != image.Rect(0, 0, Width, Height) {
		t.Fatalf("card is %v, want 1200×630", got)
	}
	return img
}

func newRenderer(t testing.TB) *Renderer {
	t.Helper()
	r, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// ink returns the bounding box of the pixels that are not background in
// the title's area.
func ink(img image.Image) image.Rectangle {
	var box image.Rectangle
	bg := defaultColors.Background
	for y := titleTop; y < titleTop+titleMax; y++ {
		for x := margin - 10; x < Width; x++ {
			if r, g, b, _ := img.At(x, y).RGBA(); uint8(r>>8) != bg.R || uint8(g>>8) != bg.G || uint8(b>>8) != bg.B {
				box = box.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	return box
}

// TestVietnameseDiacritics draws "ệ" and "e" alone as titles: the first
// must have ink above the e (the circumflex) and below its baseline (the
// dot below), in precomposed and decomposed form alike.
func TestVietnameseDiacritics(t *testing.T) {
	r := newRenderer(t)
	e := ink(render(t, r, Card{Title: "e"}))
	if e.Empty() {
		t.Fatal("no ink for e")
	}
	for _, title := range []string{"ệ", "e\u0323\u0302"} {
		if m := r.Missing(Card{Title: title}); len(m) > 0 {
			t.Errorf("%q: the built-in font lacks %q", title, m)
		}
		got := ink(render(t, r, Card{Title: title}))
		if got.Min.Y > e.Min.Y-10 {
			t.Errorf("%q: ink starts at y=%d, e's at %d: no mark above", title, got.Min.Y, e.Min.Y)
		}
		if got.Max.Y < e.Max.Y+6 {
			t.Errorf("%q: ink ends at y=%d, e's at %d: no dot below", title, got.Max.Y, e.Max.Y)
		}
	}
}

// TestGolden compares a card of Vietnamese and Russian text with the
// picture in testdata (go test -update rewrites it; look at it before
// committing).
func TestGolden(t *testing.T) {
	r := newRenderer(t)
	b, err := r.PNG(Card{Site: "Hồ sơ mẫu: Ủy ban sông Bắc, tháng 3 năm 2024",
		Title: "Bốn quốc gia ký Hiệp ước Sông — Четыре государства подписали договор",
		Kind:  "Sự kiện", Date: "ngày 5 tháng 3 năm 2024"})
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("testdata/vi.png", b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("testdata/vi.png")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, want) {
		os.WriteFile(t.TempDir()+"/got.png", b, 0o644)
		t.Errorf("the card differs from testdata/vi.png (%d bytes, want %d); if the change is meant, look at it and run go test -update", len(b), len(want))
	}
}

// TestDeterministic: two renderers draw the same bytes, and the key tells
// cards apart by every field.
func TestDeterministic(t *testing.T) {
	c := Card{Site: "A dossier", Title: "A title long enough to wrap onto a second line of the card, and then a third one, and more", Kind: "Event", Date: "5 March 2024"}
	a, _ := newRenderer(t).PNG(c)
	r := newRenderer(t)
	r.PNG(Card{Title: "warm the glyph cache first"})
	b, _ := r.PNG(c)
	if !bytes.Equal(a, b) {
		t.Error("two renderers drew different bytes")
	}
	keys := map[string]bool{}
	for _, k := range []Card{c, {Site: "A dossier"}, {Title: "A dossier"}, {Kind: "A dossier"}, {Date: "A dossier"}, {Site: "A", Title: "B"}, {Site: "AB"}, {Title: "A dossier", Lang: "ar"}, {Title: "A dossier", RightToLeft: true}} {
		keys[r.Key(k)] = true
	}
	if len(keys) != 9 {
		t.Errorf("9 cards, %d keys", len(keys))
	}
	if r.Key(c) != newRenderer(t).Key(c) {
		t.Error("the key differs between renderers")
	}
}

// TestMissing reports the characters the fonts lack, once each, and none
// for Latin, Vietnamese, Greek and Cyrillic.
func TestMissing(t *testing.T) {
	r := newRenderer(t)
	if m := r.Missing(Card{Site: "Ελλάδα", Title: "Tiếng Việt, Русский, Français, Español, Polski: ąę — “quotes” …", Kind: "Ngày", Date: "2024"}); len(m) > 0 {
		t.Errorf("missing %q", m)
	}
	if m := r.Missing(Card{Title: "中文 中", Date: "٧ א"}); !slices.Equal(m, []rune("中文א")) {
		t.Errorf("missing %q, want 中文א", m)
	}
}

// TestFallback draws with a second font the characters the first lacks.
func TestFallback(t *testing.T) {
	// The built-in bold face stands in for a site's font: it has every
	// character the test uses, so Missing must find none.
	r, err := New(Options{Fallback: boldTTF})
	if err != nil {
		t.Fatal(err)
	}
	if m := r.Missing(Card{Title: "ệ"}); len(m) > 0 {
		t.Errorf("missing %q", m)
	}
	if _, err := New(Options{Fallback: []byte("not a font")}); err == nil {
		t.Error("New accepted a file that is not a font")
	}
}

// TestLongTitle cuts a title too long for the card, and keeps the text
// inside the card.
func TestLongTitle(t *testing.T) {
	r := newRenderer(t)
	long := ""
	for range 60 {
		long += "word "
	}
	long += "Supercalifragilisticexpialidocious-and-then-some-more-letters-than-any-line-can-hold"
	box := ink(render(t, r, Card{Title: long}))
	if box.Max.X > Width-margin/2 || box.Max.Y > titleTop+titleMax {
		t.Errorf("the title's ink reaches %v, outside the card's text area", box.Max)
	}
}

// BenchmarkPNG measures one card, drawn and encoded, with the glyphs of
// the renderer already rasterised (as in a build, after the first cards).
func BenchmarkPNG(b *testing.B) {
	r := newRenderer(b)
	c := Card{Site: "The River Compact, March 2024", Title: "Four states sign the River Compact at the summit in Lisbon", Kind: "Event", Date: "5 March 2024"}
	r.PNG(c)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.PNG(c); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNew measures a renderer's making, which each build pays, and
// what the first shaped card adds: the faces for shaping. The built-in
// fonts are parsed once for the process, before the timing.
func BenchmarkNew(b *testing.B) {
	for _, shaped := range []bool{false, true} {
		name := map[bool]string{false: "fonts", true: "fonts+shaping"}[shaped]
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				r := newRenderer(b)
				if shaped {
					r.shaper.mu.Lock()
					err := r.shaper.load()
					r.shaper.mu.Unlock()
					if err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
