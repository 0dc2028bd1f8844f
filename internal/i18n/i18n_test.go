package i18n

import (
	"os"
	"testing"
	"testing/fstest"
)

func TestFormatDate(t *testing.T) {
	for _, tc := range []struct {
		lang    string
		y, m, d int
		want    string
	}{
		{"en", 2022, 1, 6, "6 January 2022"},
		{"en", 2022, 1, 0, "January 2022"},
		{"en", 1993, 0, 0, "1993"},
		{"vi", 2022, 1, 6, "ngày 6 tháng 1 năm 2022"},
		{"vi", 2022, 1, 0, "tháng 1 năm 2022"},
		{"vi", 1993, 0, 0, "năm 1993"},
	} {
		if got := FormatDate(tc.lang, tc.y, tc.m, tc.d); got != tc.want {
			t.Errorf("FormatDate(%s, %d, %d, %d) = %q, want %q", tc.lang, tc.y, tc.m, tc.d, got, tc.want)
		}
	}
}

func TestCatalogs(t *testing.T) {
	fsys := fstest.MapFS{
		"templates/i18n/en.yaml": {Data: []byte("a: A {0}\nb: B\n")},
		"templates/i18n/vi.yaml": {Data: []byte("a: Á {0}\n")},
	}
	cats, diags := Load(fsys, []string{"en", "vi"})
	if len(diags) != 1 || diags[0].String() != `templates/i18n/vi.yaml: message "b" is missing; en.yaml defines it` {
		t.Errorf("diags = %v", diags)
	}
	if got := cats["vi"].T("a", 3); got != "Á 3" {
		t.Errorf("T = %q", got)
	}
}

// TestRealCatalogs checks that the site's catalogues define the same keys.
func TestRealCatalogs(t *testing.T) {
	if _, diags := Load(os.DirFS("../.."), []string{"en", "vi"}); len(diags) > 0 {
		t.Errorf("catalogues:\n%v", diags)
	}
}
