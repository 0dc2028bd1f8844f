package i18n

import (
	"testing"

	"golang.org/x/text/language"
)

func TestParseTag(t *testing.T) {
	for _, s := range []string{"en", "vi", "fr", "pt-BR", "zh-Hant", "zh-Hans", "ar", "sr-Latn", "de-CH"} {
		tag, err := ParseTag(s)
		if err != nil || tag.String() != s {
			t.Errorf("ParseTag(%q) = %v, %v", s, tag, err)
		}
	}
	for s, want := range map[string]string{
		"":        `empty language tag: write a BCP 47 tag such as en, fr, pt-BR or zh-Hant`,
		"pt_BR":   `language tag "pt_BR" is written "pt-BR" in canonical form: write "pt-BR"`,
		"zh-hant": `language tag "zh-hant" is written "zh-Hant" in canonical form: write "zh-Hant"`,
		"EN":      `language tag "EN" is written "en" in canonical form: write "en"`,
		"iw":      `language tag "iw" is written "he" in canonical form: write "he"`,
		"und":     `"und" names no language: write a BCP 47 tag such as en, fr, pt-BR or zh-Hant`,
		"english": `"english" is not a BCP 47 language tag (language: tag is not well-formed): write a language subtag, then optionally a script and a region, as in en, fr, pt-BR or zh-Hant`,
		"xx":      `"xx" is not a BCP 47 language tag (language: subtag "xx" is well-formed but unknown): write a language subtag, then optionally a script and a region, as in en, fr, pt-BR or zh-Hant`,
	} {
		if _, err := ParseTag(s); err == nil || err.Error() != want {
			t.Errorf("ParseTag(%q) error = %v, want %s", s, err, want)
		}
	}
}

func TestDirection(t *testing.T) {
	for s, want := range map[string]string{
		"ar": "rtl", "ar-EG": "rtl", "he": "rtl", "fa": "rtl", "ur": "rtl", "ps": "rtl", "yi": "rtl",
		"dv": "rtl", "az-Arab": "rtl", "pa-Arab": "rtl",
		"en": "ltr", "vi": "ltr", "ru": "ltr", "zh-Hans": "ltr", "zh-Hant": "ltr", "az": "ltr", "pa": "ltr", "tr": "ltr",
	} {
		if got := Direction(language.MustParse(s)); got != want {
			t.Errorf("Direction(%s) = %s, want %s", s, got, want)
		}
	}
}

func TestPathPrefix(t *testing.T) {
	for tag, want := range map[string]string{"vi": "vi/", "pt-BR": "pt-br/", "zh-Hans": "zh-hans/"} {
		if got := PathPrefix(tag); got != want {
			t.Errorf("PathPrefix(%q) = %q, want %q", tag, got, want)
		}
	}
}

// TestLanguageNames checks that a catalogue's own names win, and that a
// language it does not name gets CLDR's name rather than a marker.
func TestLanguageNames(t *testing.T) {
	cats, diags := load(t, "fr", enDates+"language.ru: le russe\nlang.name.vi: Tiếng Việt (catalogue)\n")
	if diags != "" {
		t.Fatal(diags)
	}
	c := cats["fr"]
	for _, tc := range []struct{ got, want string }{
		{c.LanguageName("ru"), "le russe"},
		{c.LanguageName("pt-BR"), "portugais brésilien"},
		{c.LanguageName("ar"), "arabe"},
		{c.Autonym("vi"), "Tiếng Việt (catalogue)"},
		{c.Autonym("ar"), "العربية"},
		{c.Autonym("zh-Hant"), "繁體中文"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

func TestIsolate(t *testing.T) {
	for _, tc := range []struct{ dir, in, want string }{
		{"rtl", "CSTO", "\u2068CSTO\u2069"},
		{"rtl", "منظمة معاهدة الأمن الجماعي", "منظمة معاهدة الأمن الجماعي"},
		{"ltr", "CSTO", "CSTO"},
		{"ltr", "(ОДКБ)", "(ОДКБ)"},
		{"ltr", "«منظمة» CSTO", "\u2068«منظمة» CSTO\u2069"},
		{"rtl", "1992", "1992"},
	} {
		if got := Isolate(tc.dir, tc.in); got != tc.want {
			t.Errorf("Isolate(%q, %q) = %q, want %q", tc.dir, tc.in, got, tc.want)
		}
	}
}
