// Package card draws a page's social card: the 1200×630 PNG that link
// previews show (og:image), with the dossier's name, the page's title, and
// what the page is and when (its kind and date).
//
// Cards are drawn in Go, at build time, so that a dossier needs no browser
// or image tool to be built, and builds stay byte-identical: the same
// inputs draw the same pixels, and the PNG encoder writes them the same way.
// The text is set in Noto Sans (a subset covering Latin with Vietnamese,
// Greek and Cyrillic) and Noto Sans Arabic (see font/README.md), embedded
// here under their licence. A site may name a font of its own for the
// characters these lack (Options.Fallback): each character is drawn from
// the first font that has it, and a character no font has is reported by
// Missing, so that the build warns rather than publishing a card with
// empty boxes (tofu).
//
// Text is normalised to NFC first, so that a Vietnamese "ệ" typed as e and
// two combining marks is drawn as the font's precomposed glyph. Text in
// Latin, Greek and Cyrillic alone, on a card written left to right, is set
// glyph by glyph, without shaping: those scripts need none, and it is the
// fast path that most cards take. Any other text (Arabic, whose letters
// join, Hebrew, the scripts of India, text mixing directions) and every
// card of a language written right to left is shaped and ordered by
// go-text/typesetting, a Go port of HarfBuzz with the Unicode
// bidirectional algorithm and line breaking (shape.go); a card written
// right to left is mirrored, its accent bar on the right and its text set
// from the right margin.
//
// The colours are the site's (Colors, read from its stylesheet by
// ThemeColors), checked for contrast.
//
// A card is a paletted image of 25 colours, compressed at zlib's level 1
// (png.go): about 20 KB, and 0.7 ms to encode. Glyphs
// are rasterised once per Renderer and reused, since every card repeats the
// dossier's name and most of the alphabet.
package card

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"image"
	"image/color"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
	"golang.org/x/text/unicode/norm"
)

// The size of a card, as OpenGraph and X (Twitter) recommend for a large
// image: 1.91:1.
const (
	Width  = 1200
	Height = 630
)

// version changes whenever the drawing changes, so that cached cards of an
// older drawing are not reused (see Key).
const version = "card/3"

var (
	//go:embed font/NotoSans-Regular.subset.ttf
	regularTTF []byte
	//go:embed font/NotoSans-Bold.subset.ttf
	boldTTF []byte
	//go:embed font/NotoSansArabic-Regular.subset.ttf
	arabicRegularTTF []byte
	//go:embed font/NotoSansArabic-Bold.subset.ttf
	arabicBoldTTF []byte
)

// A Card is the text of one card. Every field may be empty.
type Card struct {
	Site  string // the dossier's name, at the top
	Title string // the page's title, large
	Kind  string // what the page is: "Event", "Source", an entity's kind
	Date  string // the date or period the page is about, as the page writes it

	// Lang is the language of the text, a BCP 47 tag ("ar", "fa"), which
	// shaping uses for a language's own forms of its script's letters.
	Lang string
	// RightToLeft mirrors the card, for a page in a language written right
	// to left: its text starts at the right margin and is shaped.
	RightToLeft bool
}

// The palette: the background, then three ramps of eight steps from the
// background to a colour (Colors: the site's --accent, --fg and --muted),
// for anti-aliased text. More than 16 colours make an 8-bit PNG, which the
// encoder copies row by row (a 4-bit one it builds pixel by pixel, five
// times slower).
const steps = 8

// The inks, as indexes of the palette's ramps.
const (
	accent = iota
	fg
	muted
)

// palette returns the card's palette in colours c.
func (c Colors) palette() color.Palette {
	bg := c.Background
	p := color.Palette{bg}
	for _, ink := range [3]color.RGBA{accent: c.Accent, fg: c.Text, muted: c.Muted} {
		for s := 1; s <= steps; s++ {
			mix := func(a, b uint8) uint8 { return uint8((int(a)*(steps-s) + int(b)*s + steps/2) / steps) }
			p = append(p, color.RGBA{mix(bg.R, ink.R), mix(bg.G, ink.G), mix(bg.B, ink.B), 0xff})
		}
	}
	return p
}

// A style is a font size and weight and an ink.
type style struct {
	size float64
	bold bool
	ink  int
}

// A face is one font at one size, with its rasterised glyphs.
type face struct {
	face   font.Face
	glyphs map[rune]*glyph
}

// A glyph is a rasterised glyph: its coverage, placed relative to the dot,
// and its advance.
type glyph struct {
	mask    *image.Alpha // nil for a blank glyph (a space)
	off     image.Point  // of mask's top-left corner from the dot
	advance fixed.Int26_6
}

// A Renderer draws cards. It is safe for concurrent use.
type Renderer struct {
	// The fonts, regular and bold: Noto Sans, the site's, Noto Sans
	// Arabic. A site's Arabic font comes before the built-in one.
	fonts   [2][]*sfnt.Font
	palette color.Palette
	key     string // the hash of the fonts, colours and drawing's version

	mu     sync.Mutex
	faces  map[faceKey]*face
	byID   map[idKey]*glyph // glyphs by index, for shaped text
	buf    sfnt.Buffer      // for glyph lookups, under mu
	raster vector.Rasterizer
	pool   sync.Pool // of *image.Paletted

	shaper shaper // for the text that needs shaping
}

type faceKey struct {
	font int
	bold bool
	size float64
}

// builtinFonts are the built-in fonts, parsed once for the process: that
// was most of a renderer's making, which every build pays (and every
// rebuild of dossier serve). Parsed fonts are read-only, safe for
// concurrent use.
type builtinFonts struct {
	fonts [2][2]*sfnt.Font // regular, bold; Noto Sans, Noto Sans Arabic
	sum   []byte           // a hash of their files
}

// builtinFiles are the built-in fonts' files, as builtinFonts.fonts.
func builtinFiles() [2][2][]byte {
	return [2][2][]byte{{regularTTF, arabicRegularTTF}, {boldTTF, arabicBoldTTF}}
}

var builtin = sync.OnceValues(func() (*builtinFonts, error) {
	b := &builtinFonts{}
	h := sha256.New()
	for w, files := range builtinFiles() {
		for i, file := range files {
			f, err := opentype.Parse(file)
			if err != nil {
				return nil, fmt.Errorf("card: a built-in font: %v", err)
			}
			b.fonts[w][i] = f
			fmt.Fprintf(h, "%d:", len(file))
			h.Write(file)
		}
	}
	b.sum = h.Sum(nil)
	return b, nil
})

// Options are what a site changes in its cards. The zero value draws the
// built-in theme's cards with the built-in fonts.
type Options struct {
	// Fallback is a font for the characters the built-in fonts lack: the
	// bytes of a TrueType or OpenType file (nil for none), such as a
	// site's font for another script.
	Fallback []byte
	// Colors are the card's colours; the zero value is the built-in
	// theme's.
	Colors Colors
}

// New returns a Renderer that draws cards as opts say.
func New(opts Options) (*Renderer, error) {
	colors := opts.Colors
	if colors == (Colors{}) {
		colors = defaultColors
	}
	r := &Renderer{faces: map[faceKey]*face{}, byID: map[idKey]*glyph{}, palette: colors.palette()}
	b, err := builtin()
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%v\x00", version, colors)
	h.Write(b.sum)
	var fallback *sfnt.Font
	if opts.Fallback != nil {
		if fallback, err = opentype.Parse(opts.Fallback); err != nil {
			return nil, err
		}
		fmt.Fprintf(h, "%d:", len(opts.Fallback))
		h.Write(opts.Fallback)
	}
	for w := range r.fonts {
		r.fonts[w] = []*sfnt.Font{b.fonts[w][0]}
		if fallback != nil {
			r.fonts[w] = append(r.fonts[w], fallback)
		}
		r.fonts[w] = append(r.fonts[w], b.fonts[w][1])
	}
	r.shaper.fallback = opts.Fallback
	r.key = hex.EncodeToString(h.Sum(nil))
	return r, nil
}

// Key is a hash of everything that decides a card's bytes: its text, the
// fonts and the version of the drawing. Two cards with the same key are the
// same file, which lets a cache keep cards across builds.
func (r *Renderer) Key(c Card) string {
	h := sha256.New()
	rtl := ""
	if c.RightToLeft {
		rtl = "rtl"
	}
	for _, s := range []string{r.key, c.Site, c.Title, c.Kind, c.Date, c.Lang, rtl} {
		fmt.Fprintf(h, "%d:%s", len(s), s)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Missing returns the characters of c that no font of r has, each once, in
// the order they occur; none when every character can be drawn.
func (r *Renderer) Missing(c Card) []rune {
	var out []rune
	var buf sfnt.Buffer
	for _, s := range []string{c.Site, c.Title, c.Kind, c.Date} {
		for _, ch := range norm.NFC.String(s) {
			if drawn(ch) || strings.ContainsRune(string(out), ch) {
				continue
			}
			found := false
			for _, fonts := range r.fonts {
				for _, f := range fonts {
					if i, err := f.GlyphIndex(&buf, ch); err == nil && i != 0 {
						found = true
					}
				}
			}
			if !found {
				out = append(out, ch)
			}
		}
	}
	return out
}

// drawn reports whether ch needs no glyph: a space or an invisible format
// character.
func drawn(ch rune) bool {
	return unicode.IsSpace(ch) || unicode.Is(unicode.Cf, ch) || unicode.IsControl(ch)
}

// The layout, in pixels.
const (
	margin   = 96  // left and right of the text
	barWidth = 24  // the accent bar on the left
	siteBase = 112 // the baseline of the dossier's name
	titleTop = 176 // the top of the title's first line
	metaBase = 560 // the baseline of kind and date
	titleMax = 330 // the height the title may fill
)

var (
	siteStyle = style{size: 34, bold: true, ink: accent}
	metaStyle = style{size: 32, ink: muted}
	// The title shrinks until it fits: the sizes tried, largest first.
	titleSizes = []float64{72, 60, 50}
)

// PNG draws c and encodes it as a PNG.
func (r *Renderer) PNG(c Card) ([]byte, error) {
	img, _ := r.pool.Get().(*image.Paletted)
	if img == nil {
		img = image.NewPaletted(image.Rect(0, 0, Width, Height), r.palette)
	} else {
		clear(img.Pix)
	}
	defer r.pool.Put(img)
	if c.RightToLeft || needsShaping(c) {
		r.drawShaped(img, c)
	} else {
		r.draw(img, c)
	}
	var b bytes.Buffer
	b.Grow(16 << 10)
	if err := encodePNG(&b, img); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func (r *Renderer) draw(img *image.Paletted, c Card) {
	top := 1 + accent*steps + steps - 1 // the accent at full strength
	for y := range Height {
		row := img.Pix[y*img.Stride:]
		for x := range barWidth {
			row[x] = uint8(top)
		}
	}
	width := Width - margin - margin/2
	if c.Site != "" {
		r.text(img, margin, siteBase, siteStyle, r.fit(norm.NFC.String(c.Site), siteStyle, width))
	}
	title := norm.NFC.String(strings.Join(strings.Fields(c.Title), " "))
	var lines []string
	var st style
	for i, size := range titleSizes {
		st = style{size: size, bold: true, ink: fg}
		maxLines := titleMax / lineHeight(size)
		lines = r.wrap(title, st, width)
		if len(lines) <= maxLines {
			break
		}
		if i == len(titleSizes)-1 { // still too long: cut, and say so
			lines = lines[:maxLines]
			last := []rune(lines[maxLines-1])
			for len(last) > 0 && r.measure(string(last)+"…", st) > width {
				last = last[:len(last)-1]
			}
			lines[maxLines-1] = strings.TrimRight(string(last), " ") + "…"
		}
	}
	y := titleTop
	for _, ln := range lines {
		y += lineHeight(st.size)
		r.text(img, margin, y-lineHeight(st.size)/5, st, ln)
	}
	var meta []string
	for _, s := range []string{c.Kind, c.Date} {
		if s = strings.TrimSpace(s); s != "" {
			meta = append(meta, norm.NFC.String(s))
		}
	}
	if len(meta) > 0 {
		r.text(img, margin, metaBase, metaStyle, r.fit(strings.Join(meta, " · "), metaStyle, width))
	}
}

func lineHeight(size float64) int { return int(size*1.2 + 0.5) }

// wrap breaks s into lines no wider than width, between words, or within
// a word too long for a line.
func (r *Renderer) wrap(s string, st style, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		try := w
		if line != "" {
			try = line + " " + w
		}
		if r.measure(try, st) <= width {
			line = try
			continue
		}
		if line != "" {
			lines = append(lines, line)
		}
		line = w
		for r.measure(line, st) > width {
			head := r.fit(line, st, width)
			if head == "" { // not even one character fits
				break
			}
			lines = append(lines, head)
			line = line[len(head):]
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// fit returns the longest prefix of s no wider than width: s itself, or
// its start.
func (r *Renderer) fit(s string, st style, width int) string {
	if r.measure(s, st) <= width {
		return s
	}
	x := fixed.Int26_6(0)
	r.mu.Lock()
	defer r.mu.Unlock()
	for i, ch := range s {
		x += r.glyph(st, ch).advance
		if x.Ceil() > width {
			return s[:i]
		}
	}
	return s
}

// measure returns the width of s, in pixels.
func (r *Renderer) measure(s string, st style) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	x := fixed.Int26_6(0)
	for _, ch := range s {
		x += r.glyph(st, ch).advance
	}
	return x.Ceil()
}

// text draws s with its baseline at y, starting at x.
func (r *Renderer) text(img *image.Paletted, x, y int, st style, s string) {
	r.mu.Lock()
	glyphs := make([]*glyph, 0, len(s))
	for _, ch := range s {
		glyphs = append(glyphs, r.glyph(st, ch))
	}
	r.mu.Unlock()
	dot := fixed.I(x)
	base := uint8(1 + st.ink*steps)
	for _, g := range glyphs {
		if g.mask != nil {
			at := image.Pt(dot.Round(), y).Add(g.off)
			paint(img, g.mask, at, base)
		}
		dot += g.advance
	}
}

// paint draws a glyph's coverage at p in the ink whose ramp starts at
// palette index base, keeping the darker of the two where glyphs overlap.
func paint(img *image.Paletted, m *image.Alpha, p image.Point, base uint8) {
	b := m.Rect
	for y := range b.Dy() {
		py := p.Y + y
		if py < 0 || py >= Height {
			continue
		}
		src := m.Pix[y*m.Stride : y*m.Stride+b.Dx()]
		dst := img.Pix[py*img.Stride:]
		for x, a := range src {
			px := p.X + x
			if a == 0 || px < 0 || px >= Width {
				continue
			}
			s := (int(a)*steps + 127) / 255 // 0 to steps
			if s == 0 {
				continue
			}
			idx := base + uint8(s-1)
			if cur := dst[px]; cur == 0 || cur < base || cur >= base+steps || cur < idx {
				dst[px] = idx
			}
		}
	}
}

// glyph returns ch rasterised in st, from the first font that has it (the
// built-in font's empty box when none does). r.mu must be held.
func (r *Renderer) glyph(st style, ch rune) *glyph {
	w := 0
	if st.bold {
		w = 1
	}
	fonts := r.fonts[w]
	if fc := r.faces[faceKey{bold: st.bold, size: st.size}]; fc != nil && fc.glyphs[ch] != nil {
		return fc.glyphs[ch] // the built-in font has it: the common case
	}
	fi := 0
	for i, f := range fonts {
		if gi, err := f.GlyphIndex(&r.buf, ch); err == nil && gi != 0 {
			fi = i
			break
		}
	}
	k := faceKey{font: fi, bold: st.bold, size: st.size}
	fc := r.faces[k]
	if fc == nil {
		ff, err := opentype.NewFace(fonts[fi], &opentype.FaceOptions{Size: st.size, DPI: 72, Hinting: font.HintingNone})
		if err != nil {
			panic(err) // the fonts parsed: a face of them cannot fail
		}
		fc = &face{face: ff, glyphs: map[rune]*glyph{}}
		r.faces[k] = fc
	}
	if g := fc.glyphs[ch]; g != nil {
		return g
	}
	g := &glyph{}
	if !drawn(ch) {
		dr, mask, mp, adv, ok := fc.face.Glyph(fixed.Point26_6{}, ch)
		if ok {
			g.advance = adv
			if a, isAlpha := mask.(*image.Alpha); isAlpha && !dr.Empty() {
				c := image.NewAlpha(image.Rect(0, 0, dr.Dx(), dr.Dy()))
				for y := range dr.Dy() {
					copy(c.Pix[y*c.Stride:y*c.Stride+dr.Dx()], a.Pix[a.PixOffset(mp.X, mp.Y+y):])
				}
				g.mask, g.off = c, dr.Min
			}
		}
	} else if adv, ok := fc.face.GlyphAdvance(' '); ok && unicode.IsSpace(ch) {
		g.advance = adv
	}
	fc.glyphs[ch] = g
	return g
}
