package devserver

import (
	"context"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// TestChangesSaySince checks what the state tells open pages about the
// files made first: which changed since the build before, which did not,
// each as the files served by the two builds say; so that an open page
// knows whether to swap in its new HTML, to reload for a stylesheet, or
// to do nothing.
func TestChangesSaySince(t *testing.T) {
	s, fsys := builtServer(t)
	if st := s.State(); st.Changes != nil {
		t.Errorf("the first build says what changed: %+v", st.Changes)
	}
	ts := httptest.NewServer(s)
	defer ts.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	base := s.Base()
	const (
		edited = "events/almaty-airport-seized-and-retaken/index.html"
		other  = "about/index.html" // open, and not changed by an edit of an event
	)
	for _, p := range []string{"events/almaty-airport-seized-and-retaken/", "about/"} {
		<-stream(t, ctx, ts.URL+Prefix+"events?page="+base+p) // connected: the page is known
	}

	// build serves the edit and checks that what the state says agrees
	// with the files served before and after it.
	build := func(name, add string) *Changes {
		t.Helper()
		before := map[string]string{}
		for _, f := range []string{edited, other, "css/site.css", chromaCSSName} {
			before[base+f] = get(s, "GET", base+f).body
		}
		prev := s.State().Build
		f := fsys[name]
		fsys[name] = &fstest.MapFile{Data: []byte(string(f.Data) + add)}
		if err := s.Build([]string{name}); err != nil {
			t.Fatal(err)
		}
		c := s.State().Changes
		if c == nil {
			t.Fatalf("after a change to %s the state says nothing of what changed", name)
		}
		if c.Since != prev {
			t.Errorf("changes since %q, want the build before, %q", c.Since, prev)
		}
		for p, old := range before {
			now := get(s, "GET", p).body
			// The pages carry the script of their build: compare without.
			same := stripScript(old) == stripScript(now)
			if got := slices.Contains(c.Same, p); got != same {
				t.Errorf("after a change to %s, %s: listed as the same %v, the same %v", name, p, got, same)
			}
			if slices.Contains(c.Changed, p) == same {
				t.Errorf("after a change to %s, %s: listed as changed %v, the same %v", name, p, !same, same)
			}
		}
		return c
	}

	c := build("content/events/almaty-airport-seized-and-retaken.md", "\nA sentence of the edit.\n")
	if !slices.Contains(c.Changed, base+edited) || !slices.Contains(c.Same, base+"css/site.css") || !slices.Contains(c.Same, base+other) {
		t.Errorf("after an edit of an event: %+v, want its page changed, the stylesheet and %s the same", c, other)
	}
	c = build("static/css/site.css", "\n.an-edit { color: red; }\n")
	if !slices.Contains(c.Changed, base+"css/site.css") || !slices.Contains(c.Same, base+edited) {
		t.Errorf("after an edit of the stylesheet: %+v, want it changed and the pages the same", c)
	}
}

// stripScript is a page served without its reload script.
func stripScript(page string) string {
	i := strings.Index(page, `<script src="`+Prefix+`reload.js"`)
	if i < 0 {
		return page
	}
	j := strings.Index(page[i:], "</script>")
	return page[:i] + page[i+j+len("</script>"):]
}
