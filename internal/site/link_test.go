package site

import "testing"

func TestLinker(t *testing.T) {
	for _, tc := range []struct {
		from, prefix, target string
		offline              bool
		want                 string
	}{
		{"", "", "", false, "./"},
		{"", "", "", true, "index.html"},
		{"", "", "timeline/", false, "timeline/"},
		{"events/x/", "", "sources/a/", false, "../../sources/a/"},
		{"events/x/", "", "events/y/", false, "../y/"},
		{"events/x/", "", "events/x/", false, "./"},
		{"events/x/", "", "sources/a/", true, "../../sources/a/index.html"},
		{"events/x/", "", "events/x/#ref-1", false, "#ref-1"},
		{"events/x/", "", "#top", false, "../../#top"},
		{"events/x/", "", "discrepancies/#troops", true, "../../discrepancies/index.html#troops"},
		{"vi/events/x/", "vi/", "sources/a/", false, "../../sources/a/"},
		{"vi/events/x/", "vi/", "", false, "../../"},
		{"vi/", "vi/", "timeline/", false, "timeline/"},
		{"timeline/", "", "", false, "../"},
	} {
		l := linker{from: tc.from, prefix: tc.prefix, offline: tc.offline}
		if got := l.to(tc.target); got != tc.want {
			t.Errorf("from %q to %q (offline %v) = %q, want %q", tc.from, tc.target, tc.offline, got, tc.want)
		}
	}
	l := linker{from: "vi/events/x/", prefix: "vi/"}
	for target, want := range map[string]string{"css/site.css": "../../../css/site.css", "events/x/": "../../../events/x/", "": "../../../"} {
		if got := l.abs(target); got != want {
			t.Errorf("abs(%q) = %q, want %q", target, got, want)
		}
	}
}

func TestLinkerByDepth(t *testing.T) {
	// Two pages at the same depth in different folders get the same link,
	// so a body converted for one is right for the other.
	a := linker{from: "events/x/", byDepth: true}
	b := linker{from: "sources/y/", byDepth: true}
	if a.to("events/z/") != "../../events/z/" || a.to("events/z/") != b.to("events/z/") {
		t.Errorf("byDepth links differ: %q and %q", a.to("events/z/"), b.to("events/z/"))
	}
}

// TestAppendLinks checks that a page's marked links climb as deep as the
// page is.
func TestAppendLinks(t *testing.T) {
	body := []byte(`<a href="` + depthMark + `sources/a/">a</a> <a href="` + depthMark + `">home</a>`)
	for path, want := range map[string]string{
		"":             `<p><a href="sources/a/">a</a> <a href="">home</a>`,
		"events/x/":    `<p><a href="../../sources/a/">a</a> <a href="../../">home</a>`,
		"vi/events/x/": `<p><a href="../../../sources/a/">a</a> <a href="../../../">home</a>`,
	} {
		if got := string((&Page{Path: path}).AppendLinks([]byte("<p>"), body)); got != want {
			t.Errorf("%q: %s, want %s", path, got, want)
		}
	}
}
