//go:build e2e

package e2e

import (
	"fmt"
	"testing"
)

// TestPages loads one page of every type in both languages, at both
// viewports and in both colour schemes, and checks each: no console error or
// failed request, no sideways scrolling on a phone, a legible membership
// chart inside the viewport, and no axe-core violation.
func TestPages(t *testing.T) {
	e := setup(t)
	e.needAxe(t)
	pages := e.pageTypes(t)
	for _, lang := range langs {
		for _, vp := range viewports {
			t.Run(lang.code+"/"+vp.name, func(t *testing.T) {
				t.Parallel()
				tb := e.newTab(t, vp, "light")
				for _, scheme := range []string{"light", "dark"} {
					tb.scheme(t, scheme)
					for _, p := range pages {
						if _, ok := e.files[lang.dir+p.file()]; !ok {
							continue // 404.html is in the default language only
						}
						t.Run(scheme+"/"+p.name, func(t *testing.T) {
							checkPage(t, tb, lang.code, lang.dir+p.path, vp, scheme, p.name)
						})
					}
				}
			})
		}
	}
}

func checkPage(t *testing.T, tb *tab, lang, rel string, vp viewport, scheme, name string) {
	tb.open(t, rel)
	where := "/" + rel

	basics := eval[struct {
		Lang string `json:"lang"`
		H1   int    `json:"h1"`
	}](t, tb, `({lang: document.documentElement.lang, h1: document.querySelectorAll("h1").length})`)
	if basics.Lang != lang {
		t.Errorf("%s: <html lang=%q>, want %q", where, basics.Lang, lang)
	}
	if basics.H1 != 1 {
		t.Errorf("%s: %d h1 elements, want 1", where, basics.H1)
	}

	if vp.phone {
		checkOverflow(t, tb, where, vp)
	}
	if name == "membership" {
		checkChart(t, tb, where, vp)
	}
	checkCode(t, tb, where, scheme)
	for _, v := range tb.axe(t, tb.env.axe) {
		t.Errorf("%s (%s, %s): axe: %s", where, vp.name, scheme, v)
	}
	tb.checkProblems(t, where)
	tb.screenshot(t, fmt.Sprintf("%s-%s-%s-%s", lang, name, vp.name, scheme), scheme == "light")
}

// checkOverflow fails when the page is wider than the phone's screen, and
// names the elements that stick out (ignoring those inside a scrolling or
// clipping box, such as a wide table in its wrapper).
func checkOverflow(t *testing.T, tb *tab, where string, vp viewport) {
	t.Helper()
	got := eval[struct {
		ScrollWidth int64    `json:"scrollWidth"`
		InnerWidth  int64    `json:"innerWidth"`
		Over        []string `json:"over"`
	}](t, tb, `(() => {
		const w = document.documentElement.clientWidth, over = [];
		for (const el of document.querySelectorAll("body *")) {
			const r = el.getBoundingClientRect();
			if (!r.width || r.right <= w + 0.5) continue;
			let p = el.parentElement, clipped = false;
			for (; p && p !== document.body; p = p.parentElement) {
				if (getComputedStyle(p).overflowX !== "visible") { clipped = true; break; }
			}
			if (!clipped) over.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
				(typeof el.className === "string" && el.className ? "." + el.className.trim().split(/\s+/).join(".") : "") +
				" (right edge at " + Math.round(r.right) + "px): " + (el.textContent || "").trim().slice(0, 40));
		}
		return {scrollWidth: document.documentElement.scrollWidth, innerWidth: innerWidth, over: over.slice(0, 8)};
	})()`)
	if got.ScrollWidth > got.InnerWidth || got.ScrollWidth > vp.width {
		t.Errorf("%s: the page scrolls sideways on a %dpx phone: scrollWidth %d, innerWidth %d; too wide: %q",
			where, vp.width, got.ScrollWidth, got.InnerWidth, got.Over)
	}
}

// checkChart fails unless exactly one membership chart shows, starts on the
// first screen, fits the viewport once scrolled to, and has text at least 12
// CSS pixels high.
func checkChart(t *testing.T, tb *tab, where string, vp viewport) {
	t.Helper()
	got := eval[struct {
		Shown int        `json:"shown"`
		Box   [4]float64 `json:"box"` // left, top, right, bottom
		VW    float64    `json:"vw"`
		VH    float64    `json:"vh"`
		Font  float64    `json:"font"`
		Top0  float64    `json:"top0"` // the top before scrolling to it
	}](t, tb, `(() => {
		const svgs = [...document.querySelectorAll(".chart svg")].filter(s => s.getBoundingClientRect().width > 0);
		if (!svgs.length) return {shown: 0, box: [0, 0, 0, 0], vw: innerWidth, vh: innerHeight, font: 0};
		const s = svgs[0], top0 = s.getBoundingClientRect().top;
		s.scrollIntoView({block: "start"});
		const r = s.getBoundingClientRect(), scale = r.width / s.viewBox.baseVal.width;
		const font = Math.min(...[...s.querySelectorAll("text")].map(x => parseFloat(getComputedStyle(x).fontSize))) * scale;
		return {shown: svgs.length, box: [r.left, r.top, r.right, r.bottom], vw: innerWidth, vh: innerHeight, font: font, top0: top0};
	})()`)
	if got.Shown != 1 {
		t.Errorf("%s: %d membership charts shown, want 1", where, got.Shown)
		return
	}
	l, tp, r, b := got.Box[0], got.Box[1], got.Box[2], got.Box[3]
	if got.Top0 >= got.VH {
		t.Errorf("%s: the membership chart starts %.0fpx down, below the first %.0fpx screen", where, got.Top0, got.VH)
	}
	if l < -0.5 || tp < -0.5 || r > got.VW+0.5 || b > got.VH+0.5 {
		t.Errorf("%s: the membership chart (%.0f,%.0f)–(%.0f,%.0f) does not fit the %.0f×%.0f viewport", where, l, tp, r, b, got.VW, got.VH)
	}
	if got.Font < 12 {
		t.Errorf("%s: the membership chart's smallest text is %.1f CSS pixels high on a %dpx screen; want at least 12", where, got.Font, vp.width)
	}
}

// checkCode fails when a token of highlighted code has less than 4.5:1
// contrast with its block's background. axe-core leaves out text that is
// only punctuation, such as the colons of YAML, which a theme can still
// make unreadable.
func checkCode(t *testing.T, tb *tab, where, scheme string) {
	t.Helper()
	bad := eval[[]string](t, tb, `(() => {
		const rgb = c => c.match(/[\d.]+/g).map(Number);
		const lum = c => {
			const [r, g, b] = rgb(c).slice(0, 3).map(v => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
			return 0.2126 * r + 0.7152 * g + 0.0722 * b;
		};
		const bad = [];
		for (const pre of document.querySelectorAll("pre")) {
			let bg = getComputedStyle(pre).backgroundColor;
			if (rgb(bg)[3] === 0) bg = getComputedStyle(document.body).backgroundColor;
			for (const el of pre.querySelectorAll("span, code")) {
				const text = [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.data).join("").trim();
				if (!text) continue;
				const fg = getComputedStyle(el).color, a = lum(fg), b = lum(bg);
				const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
				if (ratio < 4.5) bad.push(JSON.stringify(text.slice(0, 20)) + " (." + el.className + "): " + fg + " on " + bg + ", " + ratio.toFixed(2) + ":1");
			}
		}
		return bad.slice(0, 10);
	})()`)
	for _, b := range bad {
		t.Errorf("%s (%s): highlighted code is hard to read: %s", where, scheme, b)
	}
}
