//go:build e2e

package e2e

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dossier-dev/dossier/internal/output"
	"github.com/dossier-dev/dossier/internal/sitegen"
)

// TestRightToLeft loads two Arabic pages of examples/five-languages (the
// home page and the membership chart) on a phone and a desktop: each must
// be right to left, laid out from the right (the site's title on the
// right, the chart's earliest year on the right and each name to the right
// of its bars), and pass axe-core.
func TestRightToLeft(t *testing.T) {
	e := setup(t)
	e.needAxe(t)
	res, err := sitegen.Build(os.DirFS(filepath.Join(root, "examples", "five-languages")), sitegen.Options{})
	if err != nil {
		t.Fatalf("building examples/five-languages: %v", err)
	}
	dir := filepath.Join(t.TempDir(), "site")
	if err := output.Write(dir, res.Files); err != nil {
		t.Fatal(err)
	}
	const sub = "/five-languages/"
	files := http.StripPrefix(strings.TrimSuffix(sub, "/"), http.FileServer(http.Dir(dir)))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", csp)
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	rtl := *e
	rtl.base, rtl.files = srv.URL+sub, res.Files

	for _, vp := range viewports {
		t.Run(vp.name, func(t *testing.T) {
			tb := rtl.newTab(t, vp, "light")
			for _, rel := range []string{"ar/", "ar/membership/", "ar/timeline/", "ar/timeline/compact/"} {
				tb.open(t, rel)
				where := "/" + rel + " (" + vp.name + ")"
				got := eval[struct {
					Dir, Direction string
					TitleRight     float64
					Width          float64
				}](t, tb, `({Dir: document.documentElement.dir, Direction: getComputedStyle(document.body).direction,
					TitleRight: document.querySelector(".site-title").getBoundingClientRect().right,
					Width: document.documentElement.clientWidth})`)
				if got.Dir != "rtl" || got.Direction != "rtl" {
					t.Errorf("%s: dir=%q, direction %q; want rtl", where, got.Dir, got.Direction)
				}
				if got.TitleRight < got.Width*0.75 {
					t.Errorf("%s: the site's title ends at %.0fpx of %.0fpx: not laid out from the right", where, got.TitleRight, got.Width)
				}
				if vp.phone {
					checkOverflow(t, tb, where, vp)
				}
				if strings.Contains(rel, "membership") {
					checkChart(t, tb, where, vp)
					checkMirroredChart(t, tb, where, vp.phone)
				}
				for _, v := range tb.axe(t, tb.env.axe) {
					t.Errorf("%s: axe: %s", where, v)
				}
				tb.checkProblems(t, where)
				tb.screenshot(t, "ar-"+strings.Trim(strings.ReplaceAll(rel, "/", "-"), "-")+"-"+vp.name, true)
			}
		})
	}
}

// checkMirroredChart fails unless the chart shown runs from right to left:
// its first year label to the right of its last, and each member's name
// on the right: beside its bars on a desktop, above them on a phone,
// ending where the bars end or further right.
func checkMirroredChart(t *testing.T, tb *tab, where string, phone bool) {
	t.Helper()
	got := eval[struct {
		FirstYear, LastYear float64
		Rows                [][3]float64 // name's left and right edges, bars' right edge
	}](t, tb, `(() => {
		const s = [...document.querySelectorAll(".chart svg")].find(s => s.getBoundingClientRect().width > 0);
		const ticks = [...s.querySelectorAll(".axis text")].map(x => x.getBoundingClientRect());
		const rows = [...s.querySelectorAll("g.row")].map(g => {
			const name = g.querySelector("text").getBoundingClientRect();
			const bars = [...g.querySelectorAll("rect")].map(r => r.getBoundingClientRect().right);
			return [name.left, name.right, Math.max(...bars)];
		});
		return {FirstYear: ticks[0].left, LastYear: ticks[ticks.length - 1].left, Rows: rows};
	})()`)
	if got.FirstYear <= got.LastYear {
		t.Errorf("%s: the chart's first year is at %.0fpx, left of its last at %.0fpx: time runs left to right", where, got.FirstYear, got.LastYear)
	}
	if len(got.Rows) == 0 {
		t.Errorf("%s: the chart has no rows", where)
	}
	for i, r := range got.Rows {
		if !phone && r[0] < r[2]-0.5 {
			t.Errorf("%s: row %d's name starts at %.0fpx, left of its bars' end at %.0fpx", where, i, r[0], r[2])
		}
		if phone && r[1] < r[2]-0.5 {
			t.Errorf("%s: row %d's name ends at %.0fpx, left of its bars' end at %.0fpx", where, i, r[1], r[2])
		}
	}
}
