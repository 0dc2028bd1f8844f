package card

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"
)

// Colors are a card's colours: its background, the title's, the kind and
// date's (Muted), and the accent of the dossier's name and the bar.
type Colors struct {
	Background, Text, Muted, Accent color.RGBA
}

// defaultColors are the built-in theme's (static/css/site.css).
var defaultColors = Colors{
	Background: color.RGBA{0xfb, 0xfa, 0xf7, 0xff},
	Text:       color.RGBA{0x1c, 0x1d, 0x1f, 0xff},
	Muted:      color.RGBA{0x55, 0x58, 0x5e, 0xff},
	Accent:     color.RGBA{0x0a, 0x56, 0xa5, 0xff},
}

// MinContrast is the contrast that each colour of a card's text must have
// on its background: WCAG 2's level AA for normal text. The card's text is
// large, but link previews show the card at a third of its size or less,
// where it no longer is.
const MinContrast = 4.5

// A Problem is something wrong with a stylesheet's colours, at a line and
// column of it (from 1).
type Problem struct {
	Line, Col int
	Msg       string
}

// The custom properties a card takes its colours from.
var properties = [...]struct {
	name string
	set  func(*Colors) *color.RGBA
}{
	{"--bg", func(c *Colors) *color.RGBA { return &c.Background }},
	{"--fg", func(c *Colors) *color.RGBA { return &c.Text }},
	{"--muted", func(c *Colors) *color.RGBA { return &c.Muted }},
	{"--accent", func(c *Colors) *color.RGBA { return &c.Accent }},
}

// ThemeColors reads a card's colours from a site's stylesheet: the custom
// properties --bg, --fg, --muted and --accent of its first :root rule
// outside any @media (the light scheme, which link previews show), each a
// #rgb or #rrggbb colour. So a site that restyles its pages has cards in
// its colours. A property the rule lacks keeps the built-in theme's
// colour. It reports a value it cannot read, and each colour of text whose
// contrast on the background is under MinContrast.
func ThemeColors(css []byte) (Colors, []Problem) {
	c := defaultColors
	var problems []Problem
	decls := rootDecls(css)
	at := map[string]decl{}
	for _, p := range properties {
		d, ok := decls[p.name]
		if !ok {
			continue
		}
		at[p.name] = d
		v, ok := parseHex(d.value)
		if !ok {
			problems = append(problems, Problem{d.line, d.col, fmt.Sprintf("%s: %q is not a colour the social cards can read; they take their colours from --bg, --fg, --muted and --accent of the first :root rule: write it as #rrggbb", p.name, d.value)})
			continue
		}
		*p.set(&c) = v
	}
	if len(problems) > 0 {
		return c, problems
	}
	for _, p := range properties[1:] {
		ink := *p.set(&c)
		ratio := Contrast(ink, c.Background)
		if ratio >= MinContrast {
			continue
		}
		fix := "darken or lighten one of them"
		d, ok := at[p.name]
		if !ok { // the built-in ink on the site's background
			d = at["--bg"]
			fix = fmt.Sprintf("the first :root rule leaves %s at the built-in theme's colour: set it there", p.name)
		}
		problems = append(problems, Problem{d.line, d.col, fmt.Sprintf("%s %s on --bg %s has a contrast of %.2f:1, under the %.1f:1 that the social cards' text needs (WCAG AA); %s",
			p.name, hexOf(ink), hexOf(c.Background), math.Floor(ratio*100)/100, MinContrast, fix)})
	}
	return c, problems
}

// Contrast is WCAG 2's contrast ratio of two colours, from 1 to 21.
func Contrast(a, b color.RGBA) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// luminance is WCAG 2's relative luminance of an sRGB colour.
func luminance(c color.RGBA) float64 {
	lin := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

func hexOf(c color.RGBA) string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// parseHex reads #rgb or #rrggbb.
func parseHex(s string) (color.RGBA, bool) {
	h, ok := strings.CutPrefix(s, "#")
	if !ok || len(h) != 3 && len(h) != 6 {
		return color.RGBA{}, false
	}
	if len(h) == 3 {
		h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
	}
	v, err := strconv.ParseUint(h, 16, 32)
	if err != nil {
		return color.RGBA{}, false
	}
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}, true
}

// A decl is a declaration's value and where it starts.
type decl struct {
	value     string
	line, col int
}

// rootDecls returns the custom properties declared in the first :root
// rule at the top level of css, by name. It reads only as much CSS as
// that takes: comments, strings, blocks and declarations.
func rootDecls(css []byte) map[string]decl {
	out := map[string]decl{}
	line, col := 1, 1
	depth := 0
	var sel bytes.Buffer // the text before a block at the top level
	inRoot := false
	var name, value bytes.Buffer
	var vline, vcol int
	inValue := false
	seen := false // a :root rule
	flush := func() {
		if n := strings.TrimSpace(name.String()); strings.HasPrefix(n, "--") && inValue {
			out[n] = decl{strings.TrimSpace(value.String()), vline, vcol}
		}
		name.Reset()
		inValue = false
	}
	for i := 0; i < len(css); i++ {
		ch := css[i]
		advance := func(n int) {
			for _, b := range css[i : i+n] {
				if b == '\n' {
					line, col = line+1, 1
				} else if b < 0x80 || b >= 0xc0 {
					col++
				}
			}
		}
		if ch == '/' && i+1 < len(css) && css[i+1] == '*' { // a comment
			end := bytes.Index(css[i+2:], []byte("*/"))
			n := len(css) - i
			if end >= 0 {
				n = end + 4
			}
			advance(n)
			i += n - 1
			continue
		}
		switch {
		case ch == '{':
			if depth == 0 && !seen {
				inRoot = strings.TrimSpace(sel.String()) == ":root"
				seen = inRoot
			}
			sel.Reset()
			depth++
		case ch == '}':
			depth--
			if inRoot && depth == 0 {
				flush() // a last declaration without its ;
				return out
			}
			sel.Reset()
		case depth == 0:
			if ch == ';' {
				sel.Reset() // an at-rule without a block: @import …;
			} else {
				sel.WriteByte(ch)
			}
		case inRoot && depth == 1:
			switch {
			case ch == ':' && !inValue:
				inValue = true
				value.Reset()
				vline, vcol = 0, 0
			case ch == ';':
				flush()
			case inValue:
				if vline == 0 && ch != ' ' && ch != '\t' && ch != '\n' {
					vline, vcol = line, col
				}
				value.WriteByte(ch)
			default:
				name.WriteByte(ch)
			}
		}
		advance(1)
	}
	return out
}
