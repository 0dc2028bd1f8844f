//go:build e2e && lighthouse

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// lighthouseFlags are the flags Lighthouse starts Chromium with.
const lighthouseFlags = "--headless --no-sandbox --disable-gpu --disable-background-networking " +
	"--disable-component-update --disable-quic --no-first-run --disable-sync"

// gated are the Lighthouse categories that must score 100. Performance is
// recorded but not gated: on a shared two-core machine it varies from run
// to run.
var gated = []string{"accessibility", "best-practices", "seo"}

// TestLighthouse runs Lighthouse on the home, timeline, membership, event
// and source pages in both languages, as served by the test server (under
// /dossier/, with the strict policy), fails on any score below 100 in
// accessibility, best practices or SEO, and writes every report and a
// table of scores to build-reports/lighthouse/.
//
// Run it with "make lighthouse"; it needs the npm package lighthouse. With
// -short it runs on the English pages only.
func TestLighthouse(t *testing.T) {
	e := setup(t)
	bin := os.Getenv("LIGHTHOUSE_PATH")
	if bin == "" {
		bin = filepath.Join(root, "build-reports", "tools", "node_modules", ".bin", "lighthouse")
	}
	if _, err := os.Stat(bin); err != nil {
		skipOrFail(t, fmt.Sprintf("lighthouse not found (%v); run make lighthouse, which installs it with npm, or set LIGHTHOUSE_PATH", err))
	}
	chrome := findChrome()
	out := filepath.Join(root, "build-reports", "lighthouse")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	var table strings.Builder
	fmt.Fprintf(&table, "%-16s %-5s %11s %13s %14s %5s\n", "page", "lang", "performance", "accessibility", "best-practices", "seo")
	pages := e.pageTypes(t)
	for _, lang := range langs {
		for _, p := range pages {
			switch p.name {
			case "home", "timeline", "membership", "event", "source":
			default:
				continue
			}
			if testing.Short() && lang.code != "en" {
				continue
			}
			name := lang.code + "-" + p.name
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			report := filepath.Join(out, name+".json")
			cmd := exec.CommandContext(ctx, bin, e.base+lang.dir+p.path,
				"--quiet", "--output=json", "--output=html", "--output-path="+strings.TrimSuffix(report, ".json"),
				"--only-categories=performance,accessibility,best-practices,seo",
				"--chrome-flags="+lighthouseFlags)
			cmd.Env = append(os.Environ(), "CHROME_PATH="+chrome)
			msg, err := cmd.CombinedOutput()
			cancel()
			if err != nil {
				t.Errorf("lighthouse %s: %v\n%s", name, err, msg)
				continue
			}
			// With two outputs, Lighthouse names them <path>.report.json
			// and <path>.report.html.
			b, err := os.ReadFile(strings.TrimSuffix(report, ".json") + ".report.json")
			if err != nil {
				t.Error(err)
				continue
			}
			var r struct {
				Categories map[string]struct {
					Score     *float64 `json:"score"`
					AuditRefs []struct {
						ID     string  `json:"id"`
						Weight float64 `json:"weight"`
					} `json:"auditRefs"`
				} `json:"categories"`
				Audits map[string]struct {
					Title string   `json:"title"`
					Score *float64 `json:"score"`
				} `json:"audits"`
			}
			if err := json.Unmarshal(b, &r); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			score := func(c string) int {
				if s := r.Categories[c].Score; s != nil {
					return int(*s*100 + 0.5)
				}
				return -1
			}
			fmt.Fprintf(&table, "%-16s %-5s %11d %13d %14d %5d\n", p.name, lang.code,
				score("performance"), score("accessibility"), score("best-practices"), score("seo"))
			for _, c := range gated {
				if score(c) == 100 {
					continue
				}
				var failing []string
				for _, ref := range r.Categories[c].AuditRefs {
					if a := r.Audits[ref.ID]; ref.Weight > 0 && a.Score != nil && *a.Score < 1 {
						failing = append(failing, fmt.Sprintf("%s (%s)", ref.ID, a.Title))
					}
				}
				t.Errorf("%s: %s scores %d, want 100; failing audits: %s", name, c, score(c), strings.Join(failing, "; "))
			}
		}
	}
	t.Logf("Lighthouse scores:\n%s", table.String())
	if err := os.WriteFile(filepath.Join(out, "scores.txt"), []byte(table.String()), 0o644); err != nil {
		t.Error(err)
	}
}
