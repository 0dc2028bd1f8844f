package card

import (
	"bytes"
	"image"
	"image/draw"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/go-text/typesetting/di"
	gofont "github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"golang.org/x/text/unicode/bidi"
	"golang.org/x/text/unicode/norm"
)

// Text that needs shaping is set by go-text/typesetting: the Unicode
// bidirectional algorithm splits it into runs of one direction, each run
// is split by script and by the font that has its characters, HarfBuzz's
// rules (ported to Go) choose each glyph and its position (Arabic letters
// take their joined forms, marks sit on their letters), and the line
// wrapper breaks lines where Unicode allows (UAX #14) and orders each
// line's runs for display. The glyphs, now known by index rather than by
// character, are rasterised from the same fonts as the rest of the card.

// needsShaping reports whether c has text that the fast path, which sets
// each character's glyph in turn from left to right, would draw wrongly:
// anything but Latin, Greek and Cyrillic, and any character that starts
// text written right to left.
func needsShaping(c Card) bool {
	for _, s := range [...]string{c.Site, c.Title, c.Kind, c.Date} {
		for _, ch := range s {
			if ch < 0x0590 { // up to Armenian: scripts written left to right, unjoined
				continue
			}
			if !unicode.In(ch, unicode.Latin, unicode.Greek, unicode.Cyrillic, unicode.Common, unicode.Inherited) {
				return true
			}
			p, _ := bidi.LookupRune(ch)
			switch p.Class() {
			case bidi.R, bidi.AL, bidi.RLE, bidi.RLO, bidi.RLI, bidi.FSI:
				return true
			}
		}
	}
	return false
}

// A shaper sets text that needs shaping. Its fonts are made on first
// use, which a site whose cards need none never pays.
type shaper struct {
	fallback []byte // the site's font, if any (Options.Fallback)

	mu    sync.Mutex // for all below: go-text's faces and shaper are not safe for concurrent use
	err   error
	faces [2][]*gofont.Face // parallel to Renderer.fonts
	hb    shaping.HarfbuzzShaper
	seg   shaping.Segmenter
	wrap  shaping.LineWrapper
}

// builtinText are the built-in fonts parsed for shaping, as
// builtinFonts.fonts, once for the process (about 10 ms).
var builtinText = sync.OnceValues(func() ([2][2]*gofont.Font, error) {
	var out [2][2]*gofont.Font
	for w, files := range builtinFiles() {
		for i, file := range files {
			f, err := gofont.ParseTTF(bytes.NewReader(file))
			if err != nil {
				return out, err
			}
			out[w][i] = f.Font
		}
	}
	return out, nil
})

// load makes the faces, once. s.mu must be held.
func (s *shaper) load() error {
	if s.faces[0] != nil || s.err != nil {
		return s.err
	}
	fonts, err := builtinText()
	var site *gofont.Font
	if err == nil && s.fallback != nil {
		var f *gofont.Face
		f, err = gofont.ParseTTF(bytes.NewReader(s.fallback))
		if f != nil {
			site = f.Font
		}
	}
	if err != nil {
		s.err = err
		return err
	}
	for w := range s.faces {
		s.faces[w] = []*gofont.Face{gofont.NewFace(fonts[w][0])}
		if site != nil {
			s.faces[w] = append(s.faces[w], gofont.NewFace(site))
		}
		s.faces[w] = append(s.faces[w], gofont.NewFace(fonts[w][1]))
	}
	return nil
}

// A fontmap picks the font of each character: the first that has it, but
// a character common to scripts (punctuation, a digit) or a mark stays in
// the font of the letter before it when that font has it, so that an
// Arabic comma or vowel mark is drawn in the Arabic font.
type fontmap struct {
	faces []*gofont.Face
	last  *gofont.Face
}

func (m *fontmap) SetScript(language.Script) { m.last = nil }

func (m *fontmap) ResolveFace(r rune) *gofont.Face {
	if m.last != nil && unicode.In(r, unicode.Common, unicode.Inherited) {
		if _, ok := m.last.NominalGlyph(r); ok {
			return m.last
		}
	}
	for _, f := range m.faces {
		if _, ok := f.NominalGlyph(r); ok {
			m.last = f
			return f
		}
	}
	return m.faces[0] // its empty box; Missing reports the character
}

// layout shapes text in st and breaks it into lines no wider than width;
// with maxLines, it keeps that many and ends the last with an ellipsis
// when the text goes on. s.mu must be held.
func (s *shaper) layout(text string, st style, width, maxLines int, dir di.Direction, lang language.Language) []shaping.Line {
	runes := []rune(text)
	if len(runes) == 0 {
		return nil
	}
	faces := s.faces[weight(st)]
	in := shaping.Input{Text: runes, RunEnd: len(runes), Direction: dir, Size: fixed.Int26_6(st.size * 64), Language: lang}
	var runs []shaping.Output
	for _, part := range s.seg.Split(in, &fontmap{faces: faces}) {
		runs = append(runs, s.hb.Shape(part))
	}
	cfg := shaping.WrapConfig{Direction: dir}
	if maxLines > 0 {
		ell := []rune("…")
		cfg.TruncateAfterLines = maxLines
		cfg.Truncator = s.hb.Shape(shaping.Input{Text: ell, RunEnd: len(ell), Direction: dir, Face: faces[0], Size: in.Size, Language: lang})
	}
	lines, _ := s.wrap.WrapParagraph(cfg, width, runes, shaping.NewSliceIterator(runs))
	out := make([]shaping.Line, len(lines))
	for i, l := range lines {
		out[i] = slices.Clone(l) // the wrapper reuses its lines
	}
	return out
}

// drawShaped draws c as draw does, with its text shaped, and mirrored when
// c is written right to left.
func (r *Renderer) drawShaped(img *image.Paletted, c Card) {
	s := &r.shaper
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.load() != nil {
		r.draw(img, c) // a font go-text cannot read: set it unshaped
		return
	}
	dir, bar, edge := di.DirectionLTR, 0, margin
	if c.RightToLeft {
		dir, bar, edge = di.DirectionRTL, Width-barWidth, Width-margin
	}
	lang := language.NewLanguage(c.Lang)
	top := uint8(1 + accent*steps + steps - 1)
	for y := range Height {
		row := img.Pix[y*img.Stride+bar:]
		for x := range barWidth {
			row[x] = top
		}
	}
	width := Width - margin - margin/2
	if c.Site != "" {
		if lines := s.layout(norm.NFC.String(c.Site), siteStyle, width, 1, dir, lang); len(lines) > 0 {
			r.line(img, lines[0], edge, siteBase, siteStyle, c.RightToLeft)
		}
	}
	title := norm.NFC.String(strings.Join(strings.Fields(c.Title), " "))
	var lines []shaping.Line
	var st style
	for i, size := range titleSizes {
		st = style{size: size, bold: true, ink: fg}
		maxLines := titleMax / lineHeight(size)
		lines = s.layout(title, st, width, 0, dir, lang)
		if len(lines) <= maxLines {
			break
		}
		if i == len(titleSizes)-1 { // still too long: cut, and say so
			lines = s.layout(title, st, width, maxLines, dir, lang)
		}
	}
	y := titleTop
	for _, ln := range lines {
		y += lineHeight(st.size)
		r.line(img, ln, edge, y-lineHeight(st.size)/5, st, c.RightToLeft)
	}
	var meta []string
	for _, t := range []string{c.Kind, c.Date} {
		if t = strings.TrimSpace(t); t != "" {
			meta = append(meta, norm.NFC.String(t))
		}
	}
	// The dot between kind and date stands an en apart from them: beside
	// Arabic digits, it would read as a zero (٠).
	if lines := s.layout(strings.Join(meta, "\u2002·\u2002"), metaStyle, width, 1, dir, lang); len(lines) > 0 {
		r.line(img, lines[0], edge, metaBase, metaStyle, c.RightToLeft)
	}
}

// line draws a shaped line with its baseline at y, starting at x, or
// ending there when rtl. r.shaper.mu must be held.
func (r *Renderer) line(img *image.Paletted, ln shaping.Line, x, y int, st style, rtl bool) {
	runs := slices.Clone(ln)
	slices.SortStableFunc(runs, func(a, b shaping.Output) int { return int(a.VisualIndex) - int(b.VisualIndex) })
	pen := fixed.I(x)
	if rtl {
		for _, run := range runs {
			pen -= run.Advance
		}
	}
	faces := r.shaper.faces[weight(st)]
	base := uint8(1 + st.ink*steps)
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, run := range runs {
		fi := slices.Index(faces, run.Face)
		for _, g := range run.Glyphs {
			if gl := r.glyphByID(fi, st, sfnt.GlyphIndex(g.GlyphID)); gl.mask != nil {
				at := image.Pt((pen + g.XOffset).Round(), y-g.YOffset.Round()).Add(gl.off)
				paint(img, gl.mask, at, base)
			}
			pen += g.Advance
		}
	}
}

// An idKey names a glyph by its index in one of the fonts.
type idKey struct {
	font int
	bold bool
	size float64
	id   sfnt.GlyphIndex
}

func weight(st style) int {
	if st.bold {
		return 1
	}
	return 0
}

// glyphByID returns glyph id of font fi rasterised in st, as the
// opentype package rasterises a character's glyph. r.mu must be held.
func (r *Renderer) glyphByID(fi int, st style, id sfnt.GlyphIndex) *glyph {
	k := idKey{font: fi, bold: st.bold, size: st.size, id: id}
	if g := r.byID[k]; g != nil {
		return g
	}
	g := &glyph{}
	r.byID[k] = g
	if fi < 0 {
		return g
	}
	segs, err := r.fonts[weight(st)][fi].LoadGlyph(&r.buf, id, fixed.Int26_6(st.size*64), nil)
	if err != nil {
		return g
	}
	b := segs.Bounds()
	dr := image.Rect(b.Min.X.Floor(), b.Min.Y.Floor(), b.Max.X.Ceil(), b.Max.Y.Ceil())
	if dr.Empty() {
		return g
	}
	bias := fixed.Point26_6{X: -fixed.I(dr.Min.X), Y: -fixed.I(dr.Min.Y)}
	pt := func(p fixed.Point26_6) (float32, float32) {
		p = p.Add(bias)
		return float32(p.X) / 64, float32(p.Y) / 64
	}
	ras := &r.raster
	ras.Reset(dr.Dx(), dr.Dy())
	ras.DrawOp = draw.Src
	for _, s := range segs {
		switch s.Op {
		case sfnt.SegmentOpMoveTo:
			ras.MoveTo(pt(s.Args[0]))
		case sfnt.SegmentOpLineTo:
			ras.LineTo(pt(s.Args[0]))
		case sfnt.SegmentOpQuadTo:
			x1, y1 := pt(s.Args[0])
			x2, y2 := pt(s.Args[1])
			ras.QuadTo(x1, y1, x2, y2)
		case sfnt.SegmentOpCubeTo:
			x1, y1 := pt(s.Args[0])
			x2, y2 := pt(s.Args[1])
			x3, y3 := pt(s.Args[2])
			ras.CubeTo(x1, y1, x2, y2, x3, y3)
		}
	}
	mask := image.NewAlpha(image.Rect(0, 0, dr.Dx(), dr.Dy()))
	ras.Draw(mask, mask.Bounds(), image.Opaque, image.Point{})
	g.mask, g.off = mask, dr.Min
	return g
}
