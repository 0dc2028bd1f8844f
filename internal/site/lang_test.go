package site

import (
	"slices"
	"testing"
)

func TestOGLocale(t *testing.T) {
	for lang, want := range map[string]string{
		"en": "en_US", "vi": "vi_VN", "fr": "fr_FR", "ru": "ru_RU", "ar": "ar_EG",
		"pt-BR": "pt_BR", "zh-Hans": "zh_CN", "zh-Hant": "zh_TW", "de-CH": "de_CH",
	} {
		if got := ogLocale(lang); got != want {
			t.Errorf("ogLocale(%q) = %q, want %q", lang, got, want)
		}
	}
	l := &Layout{Lang: "fr", Alternates: []Alternate{{Lang: "en"}, {Lang: "fr", Current: true}, {Lang: "ar"}, {Lang: "vi"}}}
	if got := l.OGLocaleAlternates(); !slices.Equal(got, []string{"en_US", "ar_EG", "vi_VN"}) {
		t.Errorf("alternates %v", got)
	}
	if !l.LangMenu() || l.CurrentAlternate().Lang != "fr" {
		t.Errorf("four languages: menu %v, current %+v", l.LangMenu(), l.CurrentAlternate())
	}
	if l.Alternates = l.Alternates[:3]; l.LangMenu() {
		t.Error("three languages make a menu")
	}
}
