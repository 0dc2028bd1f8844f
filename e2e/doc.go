// Package e2e tests the built dossier in a real browser, as a reader gets it.
//
// The tests build the site from this repository's content/, templates/ and
// static/ into a temporary directory, serve it under /dossier/ with
// net/http/httptest (so that every link must work below a subpath, as on
// GitHub Pages), with a strict Content-Security-Policy (so that an inline
// script, an inline event handler or a style attribute shows up as a
// console error), and drive Debian's Chromium through chromedp. They:
//
//   - load every page type (home, timeline, event, membership, sources,
//     source, entities, entity, discrepancies, about, method, and 404.html)
//     in both languages, at 1280×800 and at 375×812 as a phone, in the light
//     and the dark theme;
//   - assert that no page logs a console error or has a failed request, that
//     no page scrolls sideways on a phone, and that the membership chart is
//     inside the viewport and legible;
//   - run axe-core on every one of those pages and fail on any violation;
//   - follow home → timeline → event → source → entity → membership by
//     clicking, and tab through the header with the keyboard, checking that
//     the skip link comes first and that every focused element shows a focus
//     indicator;
//   - edit a copy of the site under the preview (package devserver) and
//     check that an open page takes the edit in place, keeping its scroll
//     position, focus and scripts (search, the timeline's filters,
//     citations), that a page the edit leaves as it was does nothing, and
//     that a change to a stylesheet reloads the page; BenchmarkSaveToRepaint
//     times a save to the repainted page;
//   - save screenshots under build-reports/e2e/.
//
// The tests carry the build tag e2e, so "go test ./..." (make test) does not
// run them; "make e2e" does:
//
//	make e2e
//	# or by hand:
//	npm install --prefix build-reports/tools axe-core@4.14.1
//	go test -tags e2e -count=1 ./e2e/
//
// TestLighthouse (build tags e2e and lighthouse, "make lighthouse") runs
// Lighthouse on the home, timeline, membership, event and source pages and
// requires 100 in accessibility, best practices and SEO.
//
// The browser is found through $DOSSIER_CHROME, then /usr/bin/chromium,
// chromium, chromium-browser and google-chrome on $PATH; axe-core through
// $AXE_CORE_PATH (the path of axe.min.js), then
// build-reports/tools/node_modules/axe-core/axe.min.js. When either is
// missing the tests skip, saying why, unless $CI is "true" or $DOSSIER_E2E is
// "1": then a missing browser or axe-core is a failure, so that CI cannot
// pass by testing nothing.
package e2e
