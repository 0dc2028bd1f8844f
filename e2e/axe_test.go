//go:build e2e

package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// A violation is one axe-core rule that a page breaks, with the elements
// that break it.
type violation struct {
	ID      string `json:"id"`
	Impact  string `json:"impact"`
	Help    string `json:"help"`
	HelpURL string `json:"helpUrl"`
	Nodes   []struct {
		Target  []string `json:"target"`
		Summary string   `json:"summary"`
	} `json:"nodes"`
}

func (v violation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s\n    %s", v.ID, v.Impact, v.Help, v.HelpURL)
	for _, n := range v.Nodes {
		fmt.Fprintf(&b, "\n    at %s", strings.Join(n.Target, " "))
		for l := range strings.Lines(n.Summary) {
			fmt.Fprintf(&b, "\n      %s", strings.TrimRight(l, "\n"))
		}
	}
	return b.String()
}

// axeRun runs every rule of axe-core, as its defaults have them, on the page.
const axeRun = `axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations.map(v => ({
	id: v.id, impact: v.impact || "", help: v.help, helpUrl: v.helpUrl,
	nodes: v.nodes.map(n => ({target: n.target.map(String), summary: n.failureSummary || ""})),
})))`

// axe injects axe-core into the page and returns the violations it finds.
func (tb *tab) axe(t *testing.T, src string) []violation {
	t.Helper()
	if err := chromedp.Do(tb.ctx, chromedp.Evaluate[chromedp.Void](src)); err != nil {
		t.Fatalf("injecting axe-core: %v", err)
	}
	return eval[[]violation](t, tb, axeRun, chromedp.EvalAwaitPromise)
}
