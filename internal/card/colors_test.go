package card

import (
	"fmt"
	"image/color"
	"os"
	"strings"
	"testing"
)

// TestThemeColors: the built-in theme's stylesheet gives the built-in
// colours, which pass the contrast check.
func TestThemeColors(t *testing.T) {
	css, err := os.ReadFile("../../static/css/site.css")
	if err != nil {
		t.Fatal(err)
	}
	c, problems := ThemeColors(css)
	if len(problems) > 0 {
		t.Errorf("the built-in theme: %v", problems)
	}
	if c != defaultColors {
		t.Errorf("the built-in theme's colours are %v, the cards' defaults %v", c, defaultColors)
	}
}

// TestThemeColorsRead reads the first :root rule only, through comments
// and at-rules, with #rgb, #rrggbb and a last declaration without its
// semicolon; and reports what it cannot read or what is unreadable, at the
// value's line and column.
func TestThemeColorsRead(t *testing.T) {
	for _, tc := range []struct {
		css  string
		want Colors
		errs []string
	}{
		{css: "@import url(x.css);\n/* :root { --bg: #000; } */\n:root {\n  --bg: #FFF; /* white */\n  --accent: #0a56a5;\n  --fg: #111\n}\n@media (prefers-color-scheme: dark) { :root { --bg: #000; } }\n:root { --fg: #fff; }\n",
			want: Colors{Background: color.RGBA{0xff, 0xff, 0xff, 0xff}, Text: color.RGBA{0x11, 0x11, 0x11, 0xff}, Muted: defaultColors.Muted, Accent: color.RGBA{0x0a, 0x56, 0xa5, 0xff}}},
		{css: "body { color: red; }\n", want: defaultColors},
		{css: ":root {\n  --muted: #aaa;\n}\n", want: Colors{Background: defaultColors.Background, Text: defaultColors.Text, Muted: color.RGBA{0xaa, 0xaa, 0xaa, 0xff}, Accent: defaultColors.Accent},
			errs: []string{"2:12: --muted #aaaaaa on --bg #fbfaf7 has a contrast of 2.22:1, under the 4.5:1 that the social cards' text needs (WCAG AA)"}},
		{css: ":root { --bg: #222;\n --accent: rgb(0 0 0); }",
			errs: []string{`2:12: --accent: "rgb(0 0 0)" is not a colour the social cards can read`}},
		{css: ":root {\n\t--bg: #202020;\n}",
			errs: []string{"2:8: --fg #1c1d1f on --bg #202020 has a contrast of 1.0", "2:8: --muted #55585e on --bg", "2:8: --accent #0a56a5 on --bg"}},
	} {
		c, problems := ThemeColors([]byte(tc.css))
		var got []string
		for _, p := range problems {
			got = append(got, fmt.Sprintf("%d:%d: %s", p.Line, p.Col, p.Msg))
		}
		if len(got) != len(tc.errs) {
			t.Errorf("%q: problems %q, want %q", tc.css, got, tc.errs)
			continue
		}
		for i, want := range tc.errs {
			if !strings.HasPrefix(got[i], want) {
				t.Errorf("%q: problem %q, want %q", tc.css, got[i], want)
			}
		}
		if tc.errs == nil && c != tc.want {
			t.Errorf("%q: %v, want %v", tc.css, c, tc.want)
		}
	}
	if r := Contrast(color.RGBA{0, 0, 0, 255}, color.RGBA{255, 255, 255, 255}); r != 21 {
		t.Errorf("black on white: %v, want 21", r)
	}
}

// TestColorsDrawn: a renderer draws in the colours it is given, and its
// cards' keys differ from another palette's.
func TestColorsDrawn(t *testing.T) {
	green := Colors{Background: color.RGBA{0, 0x20, 0, 0xff}, Text: color.RGBA{0xff, 0xff, 0xff, 0xff}, Muted: color.RGBA{0xcc, 0xcc, 0xcc, 0xff}, Accent: color.RGBA{0x80, 0xff, 0x80, 0xff}}
	r, err := New(Options{Colors: green})
	if err != nil {
		t.Fatal(err)
	}
	c := Card{Title: "A title"}
	img := render(t, r, c)
	if got := color.RGBAModel.Convert(img.At(Width/2, 10)); got != green.Background {
		t.Errorf("background %v, want %v", got, green.Background)
	}
	if got := color.RGBAModel.Convert(img.At(2, 10)); got != green.Accent {
		t.Errorf("bar %v, want %v", got, green.Accent)
	}
	if r.Key(c) == newRenderer(t).Key(c) {
		t.Error("two palettes, one key")
	}
}
