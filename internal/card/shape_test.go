package card

import (
	"bytes"
	"image"
	"os"
	"slices"
	"testing"
)

// strokes returns the connected shapes of strong ink (at least half the
// title's colour) in the title's area of a card, each as its bounding box,
// from left to right.
func strokes(t *testing.T, img image.Image) []image.Rectangle {
	t.Helper()
	p, ok := img.(*image.Paletted)
	if !ok {
		t.Fatalf("the card decodes as %T, not a paletted image", img)
	}
	lo := uint8(1 + fg*steps + steps/2 - 1)
	strong := func(x, y int) bool { i := p.ColorIndexAt(x, y); return i >= lo && i < 1+fg*steps+steps }
	seen := map[image.Point]bool{}
	var out []image.Rectangle
	for y := titleTop; y < titleTop+titleMax; y++ {
		for x := barWidth; x < Width-barWidth; x++ {
			if !strong(x, y) || seen[image.Pt(x, y)] {
				continue
			}
			var box image.Rectangle
			stack := []image.Point{{x, y}}
			seen[stack[0]] = true
			for len(stack) > 0 {
				q := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				box = box.Union(image.Rectangle{q, q.Add(image.Pt(1, 1))})
				for _, d := range []image.Point{{1, 0}, {-1, 0}, {0, 1}, {0, -1}, {1, 1}, {1, -1}, {-1, 1}, {-1, -1}} {
					n := q.Add(d)
					if !seen[n] && n.In(p.Rect) && strong(n.X, n.Y) {
						seen[n] = true
						stack = append(stack, n)
					}
				}
			}
			out = append(out, box)
		}
	}
	slices.SortFunc(out, func(a, b image.Rectangle) int { return a.Min.X - b.Min.X })
	return out
}

// TestArabicJoined draws سلام ("peace"): set right to left and joined, it
// is two shapes, سلا (seen, then the ligature lam-alef, which must join)
// on the right and م (meem, which alef does not join) on the left. Unshaped,
// its four letters would be four shapes in the wrong order.
func TestArabicJoined(t *testing.T) {
	r := newRenderer(t)
	for _, c := range []Card{
		{Title: "سلام", Lang: "ar", RightToLeft: true},
		{Title: "سلام", Lang: "en"}, // a card written left to right: the word still runs right to left
	} {
		s := strokes(t, render(t, r, c))
		if len(s) != 2 {
			t.Fatalf("%+v: %d shapes of ink, want 2 (سلا and م): %v", c, len(s), s)
		}
		meem, rest := s[0], s[1]
		if rest.Dx() < 2*meem.Dx() {
			t.Errorf("%+v: the right shape %v is not much wider than the left %v: not سلا then م", c, rest, meem)
		}
		if rest.Min.Y >= meem.Min.Y-10 || meem.Max.Y <= rest.Max.Y {
			t.Errorf("%+v: the right shape %v does not rise above the left %v (lam-alef's strokes), or the left does not reach below it (meem's tail)", c, rest, meem)
		}
		// A card written right to left ends its text at the right margin,
		// one written left to right starts it at the left.
		if c.RightToLeft && (rest.Max.X < Width-margin-6 || rest.Max.X > Width-margin+6) {
			t.Errorf("the title ends at x=%d, not at the right margin %d", rest.Max.X, Width-margin)
		}
		if !c.RightToLeft && (meem.Min.X < margin-6 || meem.Min.X > margin+6) {
			t.Errorf("the title starts at x=%d, not at the left margin %d", meem.Min.X, margin)
		}
	}
	if needsShaping(Card{Title: "Tiếng Việt, Русский, Ελληνικά — “quotes”"}) {
		t.Error("Latin, Vietnamese, Cyrillic and Greek take the shaping path")
	}
	for _, s := range []string{"سلام", "שלום", "हिन्दी", "ไทย", "中文", "a\u202eb"} {
		if !needsShaping(Card{Kind: s}) {
			t.Errorf("%q does not take the shaping path", s)
		}
	}
}

// TestMirrored: a card written right to left has its accent bar on the
// right.
func TestMirrored(t *testing.T) {
	r := newRenderer(t)
	top := uint8(1 + accent*steps + steps - 1)
	for _, rtl := range []bool{false, true} {
		p := render(t, r, Card{Title: "x", RightToLeft: rtl}).(*image.Paletted)
		left, right := p.ColorIndexAt(barWidth/2, Height/2) == top, p.ColorIndexAt(Width-barWidth/2, Height/2) == top
		if left == rtl || right != rtl {
			t.Errorf("right to left %v: bar on the left %v, on the right %v", rtl, left, right)
		}
	}
}

// TestGoldenArabic compares an Arabic card with the picture in testdata
// (go test -update rewrites it; look at it before committing).
func TestGoldenArabic(t *testing.T) {
	r := newRenderer(t)
	b, err := r.PNG(Card{Site: "لجنة نهر الساحل الكهرماني، مارس ٢٠١١",
		Title: "توقيع اتفاق تقاسم مياه نهر لورن بين الدول الأعضاء في اللجنة (ACRC)",
		Kind:  "حدث", Date: "٧ مارس ٢٠١١", Lang: "ar", RightToLeft: true})
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("testdata/ar.png", b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("testdata/ar.png")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, want) {
		t.Errorf("the card differs from testdata/ar.png (%d bytes, want %d); if the change is meant, look at it and run go test -update", len(b), len(want))
	}
}

// BenchmarkPNGArabic measures an Arabic card, shaped, as BenchmarkPNG.
func BenchmarkPNGArabic(b *testing.B) {
	r := newRenderer(b)
	c := Card{Site: "لجنة نهر الساحل الكهرماني، مارس ٢٠١١", Title: "توقيع اتفاق تقاسم مياه نهر لورن بين الدول الأعضاء", Kind: "حدث", Date: "٧ مارس ٢٠١١", Lang: "ar", RightToLeft: true}
	r.PNG(c)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.PNG(c); err != nil {
			b.Fatal(err)
		}
	}
}

// TestFallbackShaped: a site's font comes before the built-in Arabic one,
// and its text is shaped too. The built-in bold Arabic font stands in for
// a site's: the kind, set in the regular weight, comes out bolder.
func TestFallbackShaped(t *testing.T) {
	site, err := New(Options{Fallback: arabicBoldTTF})
	if err != nil {
		t.Fatal(err)
	}
	count := func(r *Renderer) int {
		p := render(t, r, Card{Kind: "سلام", Lang: "ar", RightToLeft: true}).(*image.Paletted)
		n := 0
		for _, i := range p.Pix {
			if i >= 1+muted*steps+steps/2 {
				n++
			}
		}
		return n
	}
	if built, own := count(newRenderer(t)), count(site); own <= built*11/10 {
		t.Errorf("the site's bold font drew %d dark pixels, the built-in regular one %d: not the site's font", own, built)
	}
}

// TestConcurrent draws shaped and unshaped cards at once (go test -race):
// the same bytes as one at a time.
func TestConcurrent(t *testing.T) {
	r := newRenderer(t)
	cards := []Card{{Title: "سلام عليكم", Lang: "ar", RightToLeft: true}, {Title: "Latin"}, {Title: "שלום and سلام", Lang: "en"}, {Site: "ملف", Title: "كلمة", RightToLeft: true}}
	want := make([][]byte, len(cards))
	for i, c := range cards {
		want[i], _ = newRenderer(t).PNG(c)
	}
	done := make(chan bool)
	for i := range 8 {
		go func() {
			c := i % len(cards)
			b, _ := r.PNG(cards[c])
			done <- bytes.Equal(b, want[c])
		}()
	}
	for range 8 {
		if !<-done {
			t.Error("a card drawn alongside others differs")
		}
	}
}
