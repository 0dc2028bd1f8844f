package sitegen

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// physical matches a CSS declaration that names a side of the screen
// rather than of the text: in a right-to-left language it would stay on
// the wrong side.
var physical = regexp.MustCompile(`\b(?:(?:margin|padding|border)-(?:left|right)\b|(?:left|right)\s*:|text-align\s*:\s*(?:left|right)|float\s*:\s*(?:left|right)|border-(?:top|bottom)-(?:left|right)-radius)`)

// TestStylesheetIsLogical checks that the built-in stylesheet places
// things by the start and end of the line (margin-inline-start,
// inset-inline-start, text-align: start), so that dir="rtl" mirrors it.
func TestStylesheetIsLogical(t *testing.T) {
	b, err := os.ReadFile(repoRoot + "/static/css/site.css")
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(string(b), "\n") {
		code, _, _ := strings.Cut(line, "/*")
		if m := physical.FindString(code); m != "" {
			t.Errorf("static/css/site.css:%d: %q places by a side of the screen; use the logical property (inline-start, inline-end, start, end)", i+1, m)
		}
	}
	if !physical.MatchString("  .x { padding-left: 1rem; }") || !physical.MatchString("a { left: 0 }") || physical.MatchString("a { inset-inline-start: 0; text-align: start }") {
		t.Error("the pattern does not tell physical from logical properties")
	}
}
